-- Issue 5: amnesties with evidence, four-eyes confirmation, revocation, and payout adjustments for months that are
-- already in an approved registry (handed to the payments work as data).

CREATE TABLE amnesties (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'declined', 'revoked')),
  reason_code TEXT NOT NULL REFERENCES amnesty_reasons(code),
  comment TEXT NOT NULL,
  -- What was selected: single/several signals, or every matched signal of one contract-month.
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('signals', 'contract_month')),
  contract_id INTEGER REFERENCES contracts(id),
  month TEXT,
  effect INTEGER NOT NULL,              -- penalty removed (kopecks, ≥ 0) as computed when granted
  threshold INTEGER NOT NULL,           -- the four-eyes threshold in force when granted (kopecks)
  granted_by INTEGER NOT NULL REFERENCES users(id),
  granted_at TEXT NOT NULL,
  confirmed_by INTEGER REFERENCES users(id),
  confirmed_at TEXT,
  declined_by INTEGER REFERENCES users(id),
  declined_at TEXT,
  decline_reason TEXT,
  revoked_by INTEGER REFERENCES users(id),
  revoked_at TEXT,
  revoke_reason TEXT
) STRICT;
CREATE INDEX amnesties_status ON amnesties(status);

CREATE TABLE amnesty_signals (
  amnesty_id INTEGER NOT NULL REFERENCES amnesties(id) ON DELETE CASCADE,
  signal_id INTEGER NOT NULL REFERENCES signals(id) ON DELETE CASCADE,
  PRIMARY KEY (amnesty_id, signal_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX amnesty_signals_signal ON amnesty_signals(signal_id);

-- The applied amnesty of a signal, kept on the signal so the penalty engine filters with one indexed column.
ALTER TABLE signals ADD COLUMN amnesty_id INTEGER REFERENCES amnesties(id);

-- Evidence files live beside the database in a folder named by content hash; this table knows what they are.
CREATE TABLE evidence_files (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL CHECK (size > 0),
  mime TEXT NOT NULL,
  stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE amnesty_evidence (
  amnesty_id INTEGER NOT NULL REFERENCES amnesties(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
  file_name TEXT NOT NULL,
  PRIMARY KEY (amnesty_id, sha256)
) STRICT, WITHOUT ROWID;

-- A change of a contract-month's payout after its month was frozen in an approved registry: the next open registry
-- picks these up as adjustment lines (issue 6). An approved registry never changes.
CREATE TABLE payout_adjustments (
  id INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contracts(id),
  month TEXT NOT NULL,
  payout_delta INTEGER NOT NULL,        -- kopecks excl. VAT; positive = the company owes more
  vat_delta INTEGER NOT NULL,
  reason TEXT NOT NULL,
  amnesty_id INTEGER REFERENCES amnesties(id),
  created_at TEXT NOT NULL,
  registry_id INTEGER                   -- set when a registry takes the line (issue 6)
) STRICT;
CREATE INDEX payout_adjustments_open ON payout_adjustments(registry_id, contract_id);
