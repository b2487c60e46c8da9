-- Signals write/read path at 10× (issue 9).
-- 1. The per-row INSERT triggers of 009 cost about half of a file import's own work (two upserts per row). Bulk writers
--    (the signals import, the demo generator) now add a batch's counts to dashboard_activity with one set-based upsert
--    per batch (core/signals/activity.ts). Updates and deletes are rare and keep their triggers.
DROP TRIGGER dashboard_visit_added;
DROP TRIGGER dashboard_signal_added;

-- 2. The signals grid filters, sorts and searches on the visit's date, outlet and ID; joining every signal to its visit
--    (~10^6 rows, a random page read each) made a page cost seconds. The signal carries copies, written by the same
--    bulk inserts (no per-row trigger), and the rare edits of a visit, or of a signal's visit, carry over through the
--    triggers below. ALTER TABLE … ADD COLUMN needs a default for NOT NULL; every insert sets the three columns.
ALTER TABLE signals ADD COLUMN visit_date TEXT NOT NULL DEFAULT '';
ALTER TABLE signals ADD COLUMN outlet_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signals ADD COLUMN visit_id TEXT NOT NULL DEFAULT '';

UPDATE signals SET visit_date = v.visit_date, outlet_id = v.outlet_id, visit_id = v.visit_id
  FROM visits v WHERE v.id = signals.visit_row_id;

CREATE INDEX signals_visit_date ON signals(visit_date, id);
CREATE INDEX signals_outlet_date ON signals(outlet_id, visit_date);

CREATE TRIGGER signals_follow_visit AFTER UPDATE OF visit_date, outlet_id, visit_id ON visits
  WHEN OLD.visit_date IS NOT NEW.visit_date OR OLD.outlet_id IS NOT NEW.outlet_id OR OLD.visit_id IS NOT NEW.visit_id
BEGIN
  UPDATE signals SET visit_date = NEW.visit_date, outlet_id = NEW.outlet_id, visit_id = NEW.visit_id WHERE visit_row_id = NEW.id;
END;

CREATE TRIGGER signals_follow_visit_row AFTER UPDATE OF visit_row_id ON signals
  WHEN OLD.visit_row_id IS NOT NEW.visit_row_id
BEGIN
  UPDATE signals SET (visit_date, outlet_id, visit_id) = (SELECT visit_date, outlet_id, visit_id FROM visits WHERE id = NEW.visit_row_id)
    WHERE id = NEW.id;
END;
