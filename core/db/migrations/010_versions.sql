-- Issue 11, team mode: optimistic concurrency (a version per editable row) and the session state that sign-in
-- lockout and the idle timeout need.

-- Every UPDATE of a row bumps its version, whichever command made it (drafts, signing, approvals, imports), so a
-- form saved with the version it was opened at is refused when anything changed the row since.
ALTER TABLE contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE counterparties ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outlets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE penalty_rule_sets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The WHEN guard leaves an UPDATE that sets the version itself alone, and stops the trigger's own UPDATE recursing.
CREATE TRIGGER contracts_version AFTER UPDATE ON contracts WHEN NEW.version = OLD.version
BEGIN UPDATE contracts SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER counterparties_version AFTER UPDATE ON counterparties WHEN NEW.version = OLD.version
BEGIN UPDATE counterparties SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER outlets_version AFTER UPDATE ON outlets WHEN NEW.version = OLD.version
BEGIN UPDATE outlets SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER penalty_rule_sets_version AFTER UPDATE ON penalty_rule_sets WHEN NEW.version = OLD.version
BEGIN
  UPDATE penalty_rule_sets SET version = OLD.version + 1 WHERE code = NEW.code AND effective_from = NEW.effective_from;
END;

-- Idle timeout: the last time the session was used (NULL until the first use after sign-in counts from created_at).
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
CREATE INDEX sessions_user ON sessions(user_id);

-- Lockout after repeated wrong passwords: the failures in a row, and until when sign-in is refused.
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
