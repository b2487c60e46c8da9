-- Master data, contracts with versioned terms, and imported visits/signals.
-- Money columns hold integer kopecks; dates are ISO text.

CREATE TABLE contract_categories (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  min_monthly_fee INTEGER NOT NULL CHECK (min_monthly_fee >= 0),
  max_monthly_fee INTEGER NOT NULL CHECK (max_monthly_fee >= min_monthly_fee)
) STRICT;

INSERT INTO contract_categories (code, name, min_monthly_fee, max_monthly_fee) VALUES
  ('BEVERAGES', 'Напитки', 100000, 50000000),
  ('SNACKS', 'Снеки', 100000, 30000000),
  ('CONFECTIONERY', 'Кондитерские изделия', 100000, 30000000),
  ('DAIRY', 'Молочная продукция', 100000, 30000000);

CREATE TABLE counterparties (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('ЮЛ', 'ИП')),
  name TEXT NOT NULL,
  inn TEXT NOT NULL UNIQUE,
  kpp TEXT,
  ogrn TEXT,
  vat_mode TEXT NOT NULL CHECK (vat_mode IN ('VAT', 'VAT5', 'VAT7', 'NO_VAT')),
  bik TEXT,
  account TEXT,
  corr_account TEXT,
  bank_name TEXT,
  address TEXT,
  edo_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE outlets (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  address TEXT,
  region_code TEXT NOT NULL REFERENCES regions(code),
  channel TEXT,
  counterparty_id INTEGER NOT NULL REFERENCES counterparties(id),
  rep_code TEXT,
  manager_user_id INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX outlets_counterparty ON outlets(counterparty_id);

CREATE TABLE contracts (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  counterparty_id INTEGER NOT NULL REFERENCES counterparties(id),
  category TEXT NOT NULL REFERENCES contract_categories(code),
  manager_user_id INTEGER REFERENCES users(id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN
    ('draft', 'on_approval', 'approved', 'signed', 'active', 'expired', 'terminated', 'rejected')),
  signed_date TEXT,
  terminated_date TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (end_date >= start_date)
) STRICT;
CREATE INDEX contracts_counterparty ON contracts(counterparty_id);
CREATE INDEX contracts_status ON contracts(status);

CREATE TABLE contract_outlets (
  contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  outlet_id INTEGER NOT NULL REFERENCES outlets(id),
  PRIMARY KEY (contract_id, outlet_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contract_outlets_outlet ON contract_outlets(outlet_id);

-- Terms never change in place: a supplementary agreement adds a version from its effective date.
CREATE TABLE terms_versions (
  id INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  effective_from TEXT NOT NULL,
  monthly_fee INTEGER NOT NULL CHECK (monthly_fee >= 0),
  schedule TEXT,
  rule_set TEXT NOT NULL DEFAULT 'DEFAULT',
  reason TEXT NOT NULL DEFAULT 'initial',
  created_at TEXT NOT NULL,
  UNIQUE (contract_id, effective_from)
) STRICT;

CREATE TABLE terms_skus (
  terms_id INTEGER NOT NULL REFERENCES terms_versions(id) ON DELETE CASCADE,
  sku_id INTEGER NOT NULL REFERENCES skus(id),
  PRIMARY KEY (terms_id, sku_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE terms_equipment (
  terms_id INTEGER NOT NULL REFERENCES terms_versions(id) ON DELETE CASCADE,
  equipment_id INTEGER NOT NULL REFERENCES equipment_types(id),
  PRIMARY KEY (terms_id, equipment_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE import_batches (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_added INTEGER NOT NULL DEFAULT 0,
  rows_duplicate INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'committed' CHECK (status IN ('committed', 'rolled_back'))
) STRICT;

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  visit_id TEXT NOT NULL UNIQUE,
  visit_date TEXT NOT NULL,
  outlet_id INTEGER NOT NULL REFERENCES outlets(id),
  rep_code TEXT,
  source TEXT,
  batch_id INTEGER REFERENCES import_batches(id)
) STRICT;
CREATE INDEX visits_outlet_date ON visits(outlet_id, visit_date);
CREATE INDEX visits_date ON visits(visit_date);

-- object_code is the SKU code for OOS, the equipment code for EQUIPMENT and '' for SCHEDULE,
-- so the unique key of DOMAIN.md (visit, type, object) is one plain UNIQUE constraint.
CREATE TABLE signals (
  id INTEGER PRIMARY KEY,
  visit_row_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  signal_type TEXT NOT NULL REFERENCES violation_types(code),
  object_code TEXT NOT NULL DEFAULT '',
  photo_ref TEXT,
  batch_id INTEGER REFERENCES import_batches(id),
  UNIQUE (visit_row_id, signal_type, object_code)
) STRICT;
