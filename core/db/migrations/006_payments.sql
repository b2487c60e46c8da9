-- Issue 6: payment registries (draft → approved → exported → paid), the payment hold on changed bank details, and the
-- budget plan per federal district and month. Documents (issue 7) and the dashboard (issue 8) read these tables.

CREATE TABLE registries (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,                  -- YYYY-MM, the service month the registry pays for
  number TEXT NOT NULL UNIQUE,          -- e.g. Р-2026-09-1
  status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'exported', 'paid')),
  -- Control sums over the lines, kept so the header can be checked against Σ lines and shown without a scan.
  line_count INTEGER NOT NULL DEFAULT 0,
  total_payout INTEGER NOT NULL DEFAULT 0,   -- kopecks excl. VAT
  total_vat INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,          -- incl. VAT
  version INTEGER NOT NULL DEFAULT 1,        -- optimistic concurrency: every change increments it
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  approved_by INTEGER REFERENCES users(id),
  approved_at TEXT,
  exported_by INTEGER REFERENCES users(id),
  exported_at TEXT,
  paid_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX registries_month ON registries(month, status);

-- One line per contract with a payout (kind 'payout') or per adjustment taken from payout_adjustments. Requisites are
-- copied into the line when the registry is built and refreshed while it is a draft: an approved registry never
-- changes, whatever happens to the counterparty or the contract later.
CREATE TABLE registry_lines (
  id INTEGER PRIMARY KEY,
  registry_id INTEGER NOT NULL REFERENCES registries(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('payout', 'adjustment')),
  contract_id INTEGER NOT NULL REFERENCES contracts(id),
  month TEXT NOT NULL,                  -- the service month paid (for an adjustment: the month it corrects)
  adjustment_id INTEGER REFERENCES payout_adjustments(id),
  contract_number TEXT NOT NULL,
  contract_date TEXT NOT NULL,          -- signing date (or start) — the basis of the payment and of the UPD
  counterparty_id INTEGER NOT NULL REFERENCES counterparties(id),
  counterparty_name TEXT NOT NULL,
  counterparty_type TEXT NOT NULL,
  inn TEXT NOT NULL,
  kpp TEXT,
  bik TEXT,
  account TEXT,
  corr_account TEXT,
  bank_name TEXT,
  vat_mode TEXT NOT NULL,
  edo_id TEXT,
  region_code TEXT,
  federal_district TEXT,
  month_fee INTEGER NOT NULL,
  penalty INTEGER NOT NULL,
  payout INTEGER NOT NULL,              -- kopecks excl. VAT
  vat_rate_bp INTEGER NOT NULL,
  vat INTEGER NOT NULL,
  total INTEGER NOT NULL,               -- payout + vat
  payment_order_no INTEGER,             -- number of the payment order in the 1C export
  paid_amount INTEGER,                  -- from a bank/1C confirmation or set by hand
  paid_date TEXT,
  paid_ref TEXT                         -- payment number from the confirmation file
) STRICT;
CREATE INDEX registry_lines_registry ON registry_lines(registry_id);
CREATE INDEX registry_lines_contract_month ON registry_lines(contract_id, month);
CREATE INDEX registry_lines_counterparty ON registry_lines(counterparty_id);

-- A change of a counterparty's account or BIK holds its payments until a second person confirms it.
CREATE TABLE bank_detail_changes (
  id INTEGER PRIMARY KEY,
  counterparty_id INTEGER NOT NULL REFERENCES counterparties(id),
  old_bik TEXT,
  old_account TEXT,
  old_corr_account TEXT,
  old_bank_name TEXT,
  new_bik TEXT,
  new_account TEXT,
  new_corr_account TEXT,
  new_bank_name TEXT,
  changed_by INTEGER REFERENCES users(id),
  changed_at TEXT NOT NULL,
  confirmed_by INTEGER REFERENCES users(id),
  confirmed_at TEXT
) STRICT;
CREATE INDEX bank_detail_changes_counterparty ON bank_detail_changes(counterparty_id, changed_at);

-- The payout budget (kopecks excl. VAT) per federal district and month, imported from the XLSX template.
CREATE TABLE budget_plan (
  federal_district TEXT NOT NULL REFERENCES federal_districts(code),
  month TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  batch_id INTEGER REFERENCES import_batches(id),
  updated_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (federal_district, month)
) STRICT, WITHOUT ROWID;
