-- Audit log hash chain (issue 10): each record carries the hash of the one before it and its own
-- hash = SHA-256(prev_hash + canonical record), so an edited or deleted record breaks the chain. Hashes are computed in
-- the core (SQLite has no SHA-256); records written before this migration are sealed by the core on the next append.

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The one update ever allowed is sealing a record written before the chain existed: hash and prev_hash go from NULL
-- to a value and nothing else changes. Everything else stays refused as in 001.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL OR OLD.prev_hash IS NOT NULL OR NEW.hash IS NULL OR NEW.prev_hash IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.user_id IS NOT OLD.user_id
  OR NEW.user_login IS NOT OLD.user_login OR NEW.command IS NOT OLD.command OR NEW.entity IS NOT OLD.entity
  OR NEW.entity_id IS NOT OLD.entity_id OR NEW.before_json IS NOT OLD.before_json OR NEW.after_json IS NOT OLD.after_json
BEGIN SELECT RAISE(ABORT, 'Журнал аудита нельзя изменять'); END;

-- The newest record's id and hash, kept apart from the log so that cutting records off its end is noticed too.
CREATE TABLE audit_chain_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL
) STRICT;
