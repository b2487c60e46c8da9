-- Issue 4: penalty rule sets as data (versioned by effective date), the VAT rate table, signal matching results,
-- the contract-month results cache and saved column-mapping profiles for imports.

CREATE TABLE penalty_rule_sets (
  code TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  name TEXT NOT NULL,
  cap_bp INTEGER NOT NULL DEFAULT 10000 CHECK (cap_bp > 0),   -- total percent cap, basis points (10000 = 100 %)
  PRIMARY KEY (code, effective_from)
) STRICT, WITHOUT ROWID;

CREATE TABLE penalty_rules (
  rule_set_code TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  signal_type TEXT NOT NULL REFERENCES violation_types(code),
  percent_bp INTEGER NOT NULL CHECK (percent_bp >= 0),         -- 1000 = 10 % of the month fee
  -- how occurrences are counted in a contract-month:
  --   per_object_month: each distinct SKU / equipment recorded at least once
  --   once_per_month:   once if recorded at all
  --   per_outlet_date:  each distinct (outlet, visit date)
  basis TEXT NOT NULL CHECK (basis IN ('per_object_month', 'once_per_month', 'per_outlet_date')),
  PRIMARY KEY (rule_set_code, effective_from, signal_type),
  FOREIGN KEY (rule_set_code, effective_from) REFERENCES penalty_rule_sets(code, effective_from) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

INSERT INTO penalty_rule_sets (code, effective_from, name, cap_bp) VALUES
  ('DEFAULT', '2000-01-01', 'Стандартные штрафы', 10000);
INSERT INTO penalty_rules (rule_set_code, effective_from, signal_type, percent_bp, basis) VALUES
  ('DEFAULT', '2000-01-01', 'OOS', 1000, 'per_object_month'),
  ('DEFAULT', '2000-01-01', 'EQUIPMENT', 10000, 'once_per_month'),
  ('DEFAULT', '2000-01-01', 'SCHEDULE', 2000, 'per_outlet_date');

-- VAT rates by mode and date: a table, not a constant (22 % from 2026-01-01).
CREATE TABLE vat_rates (
  vat_mode TEXT NOT NULL CHECK (vat_mode IN ('VAT', 'VAT5', 'VAT7', 'NO_VAT')),
  effective_from TEXT NOT NULL,
  rate_bp INTEGER NOT NULL CHECK (rate_bp >= 0),
  PRIMARY KEY (vat_mode, effective_from)
) STRICT, WITHOUT ROWID;
INSERT INTO vat_rates (vat_mode, effective_from, rate_bp) VALUES
  ('VAT', '2000-01-01', 2000), ('VAT', '2026-01-01', 2200),
  ('VAT5', '2025-01-01', 500), ('VAT7', '2025-01-01', 700),
  ('NO_VAT', '2000-01-01', 0);

-- Matching result of each signal: matched to a contract and its terms version in force that day, or not, with why.
ALTER TABLE signals ADD COLUMN match_status TEXT CHECK (match_status IN ('matched', 'unmatched'));
ALTER TABLE signals ADD COLUMN contract_id INTEGER REFERENCES contracts(id);
ALTER TABLE signals ADD COLUMN terms_id INTEGER REFERENCES terms_versions(id);
ALTER TABLE signals ADD COLUMN unmatched_reason TEXT;
CREATE INDEX signals_contract ON signals(contract_id, match_status);
CREATE INDEX signals_batch ON signals(batch_id);

-- Cached results per contract-month, recomputed for the affected contract-months after each change.
CREATE TABLE contract_months (
  contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  month TEXT NOT NULL,                 -- YYYY-MM
  month_fee INTEGER NOT NULL,
  penalty_bp INTEGER NOT NULL,         -- total percent after the cap, basis points
  penalty INTEGER NOT NULL,
  payout INTEGER NOT NULL,
  vat INTEGER NOT NULL,
  payout_total INTEGER NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (contract_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX contract_months_month ON contract_months(month);

-- Saved column mappings for files whose headers differ from the canonical ones, remembered per source.
CREATE TABLE import_profiles (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  mapping_json TEXT NOT NULL,           -- canonical key → header in the file
  created_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL
) STRICT;
