-- Dashboard (issue 8): visits and signals counted per month and region, kept up to date by triggers, so
-- "signals per 100 visits" and "violation types over time" read a few hundred rows instead of scanning ~10^6 visits
-- (a month of visits is ~150 000 rows on the large demo; counting them through the date index took 70–350 ms).
-- kind = '' counts visits; otherwise it is the signal type and n counts signals. Keyed by the outlet's region at the
-- time of counting; a change of an outlet's region moves its counts (trigger below).
-- Month aggregates of the contract-month cache read only this index (no row lookups), and area filters start from
-- the outlets of a region.
CREATE INDEX contract_months_dashboard ON contract_months(month, contract_id, month_fee, penalty, payout, vat, payout_total);
CREATE INDEX outlets_region ON outlets(region_code);

CREATE TABLE dashboard_activity (
  month TEXT NOT NULL,                  -- YYYY-MM of the visit date
  region_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (month, region_code, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO dashboard_activity (month, region_code, kind, n)
  SELECT substr(v.visit_date, 1, 7), o.region_code, '', count(*)
  FROM visits v JOIN outlets o ON o.id = v.outlet_id GROUP BY 1, 2;
INSERT INTO dashboard_activity (month, region_code, kind, n)
  SELECT substr(v.visit_date, 1, 7), o.region_code, s.signal_type, count(*)
  FROM signals s JOIN visits v ON v.id = s.visit_row_id JOIN outlets o ON o.id = v.outlet_id GROUP BY 1, 2, 3;

CREATE TRIGGER dashboard_visit_added AFTER INSERT ON visits
BEGIN
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(NEW.visit_date, 1, 7), o.region_code, '', 1 FROM outlets o WHERE o.id = NEW.outlet_id
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + 1;
END;

-- BEFORE: the visit's signals go with it (ON DELETE CASCADE), and their own trigger no longer finds the visit.
CREATE TRIGGER dashboard_visit_removed BEFORE DELETE ON visits
BEGIN
  UPDATE dashboard_activity SET n = n - 1
    WHERE month = substr(OLD.visit_date, 1, 7) AND kind = ''
      AND region_code = (SELECT region_code FROM outlets WHERE id = OLD.outlet_id);
  UPDATE dashboard_activity SET n = n - (SELECT count(*) FROM signals s WHERE s.visit_row_id = OLD.id AND s.signal_type = dashboard_activity.kind)
    WHERE month = substr(OLD.visit_date, 1, 7) AND kind <> ''
      AND region_code = (SELECT region_code FROM outlets WHERE id = OLD.outlet_id);
END;

CREATE TRIGGER dashboard_visit_moved AFTER UPDATE OF visit_date, outlet_id ON visits
  WHEN OLD.visit_date IS NOT NEW.visit_date OR OLD.outlet_id IS NOT NEW.outlet_id
BEGIN
  UPDATE dashboard_activity SET n = n - 1
    WHERE month = substr(OLD.visit_date, 1, 7) AND kind = ''
      AND region_code = (SELECT region_code FROM outlets WHERE id = OLD.outlet_id);
  UPDATE dashboard_activity SET n = n - (SELECT count(*) FROM signals s WHERE s.visit_row_id = OLD.id AND s.signal_type = dashboard_activity.kind)
    WHERE month = substr(OLD.visit_date, 1, 7) AND kind <> ''
      AND region_code = (SELECT region_code FROM outlets WHERE id = OLD.outlet_id);
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(NEW.visit_date, 1, 7), o.region_code, '', 1 FROM outlets o WHERE o.id = NEW.outlet_id
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + 1;
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(NEW.visit_date, 1, 7), o.region_code, s.signal_type, count(*)
    FROM signals s JOIN outlets o ON o.id = NEW.outlet_id WHERE s.visit_row_id = NEW.id GROUP BY 3
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dashboard_signal_added AFTER INSERT ON signals
BEGIN
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(v.visit_date, 1, 7), o.region_code, NEW.signal_type, 1
    FROM visits v JOIN outlets o ON o.id = v.outlet_id WHERE v.id = NEW.visit_row_id
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER dashboard_signal_removed AFTER DELETE ON signals
BEGIN
  UPDATE dashboard_activity SET n = n - 1
    WHERE (month, region_code, kind) =
      (SELECT substr(v.visit_date, 1, 7), o.region_code, OLD.signal_type FROM visits v JOIN outlets o ON o.id = v.outlet_id WHERE v.id = OLD.visit_row_id);
END;

CREATE TRIGGER dashboard_signal_changed AFTER UPDATE OF signal_type, visit_row_id ON signals
  WHEN OLD.signal_type IS NOT NEW.signal_type OR OLD.visit_row_id IS NOT NEW.visit_row_id
BEGIN
  UPDATE dashboard_activity SET n = n - 1
    WHERE (month, region_code, kind) =
      (SELECT substr(v.visit_date, 1, 7), o.region_code, OLD.signal_type FROM visits v JOIN outlets o ON o.id = v.outlet_id WHERE v.id = OLD.visit_row_id);
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(v.visit_date, 1, 7), o.region_code, NEW.signal_type, 1
    FROM visits v JOIN outlets o ON o.id = v.outlet_id WHERE v.id = NEW.visit_row_id
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + 1;
END;

-- An outlet moved to another region takes its visits and signals along.
CREATE TRIGGER dashboard_outlet_moved AFTER UPDATE OF region_code ON outlets
  WHEN OLD.region_code IS NOT NEW.region_code
BEGIN
  UPDATE dashboard_activity SET n = n - (SELECT count(*) FROM visits v WHERE v.outlet_id = NEW.id AND substr(v.visit_date, 1, 7) = dashboard_activity.month)
    WHERE region_code = OLD.region_code AND kind = '';
  UPDATE dashboard_activity SET n = n - (SELECT count(*) FROM visits v JOIN signals s ON s.visit_row_id = v.id
                                           WHERE v.outlet_id = NEW.id AND substr(v.visit_date, 1, 7) = dashboard_activity.month
                                             AND s.signal_type = dashboard_activity.kind)
    WHERE region_code = OLD.region_code AND kind <> '';
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(v.visit_date, 1, 7), NEW.region_code, '', count(*) FROM visits v WHERE v.outlet_id = NEW.id GROUP BY 1
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + excluded.n;
  INSERT INTO dashboard_activity (month, region_code, kind, n)
    SELECT substr(v.visit_date, 1, 7), NEW.region_code, s.signal_type, count(*)
    FROM visits v JOIN signals s ON s.visit_row_id = v.id WHERE v.outlet_id = NEW.id GROUP BY 1, 3
    ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + excluded.n;
END;
