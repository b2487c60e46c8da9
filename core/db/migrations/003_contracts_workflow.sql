-- Issue 3: user scope, per-outlet fees, supplementary agreements and bulk changes, approval routes and their runs,
-- delegation, saved grid filters.

-- A user's scope: federal districts and/or regions. No rows = the whole country.
CREATE TABLE user_scopes (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('district', 'region')),
  code TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, code)
) STRICT, WITHOUT ROWID;

-- Per-outlet fees of a terms version; when present their sum must equal the version's monthly fee (control sum).
CREATE TABLE terms_outlet_fees (
  terms_id INTEGER NOT NULL REFERENCES terms_versions(id) ON DELETE CASCADE,
  outlet_id INTEGER NOT NULL REFERENCES outlets(id),
  monthly_fee INTEGER NOT NULL CHECK (monthly_fee >= 0),
  PRIMARY KEY (terms_id, outlet_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bulk_changes (
  id INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  criteria_json TEXT NOT NULL,
  change_json TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'applied', 'cancelled')),
  contracts_count INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  applied_by INTEGER REFERENCES users(id),
  applied_at TEXT
) STRICT;

CREATE TABLE supplementary_agreements (
  id INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('fee_change', 'sku_change', 'equipment_change', 'schedule_change', 'extension', 'termination', 'mixed')),
  effective_from TEXT NOT NULL,
  terms_id INTEGER REFERENCES terms_versions(id),
  bulk_change_id INTEGER REFERENCES bulk_changes(id),
  details_json TEXT NOT NULL DEFAULT '{}',
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (contract_id, number)
) STRICT;
CREATE INDEX supplementary_agreements_contract ON supplementary_agreements(contract_id);

-- Route rules: the first active rule (by priority) whose conditions all hold picks the route.
CREATE TABLE approval_routes (
  id INTEGER PRIMARY KEY,
  priority INTEGER NOT NULL,
  name TEXT NOT NULL,
  category TEXT REFERENCES contract_categories(code),
  federal_district TEXT REFERENCES federal_districts(code),
  region_code TEXT REFERENCES regions(code),
  annual_value_over INTEGER,            -- kopecks; the rule holds when 12 × monthly fee is strictly greater
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
) STRICT;

CREATE TABLE approval_route_steps (
  route_id INTEGER NOT NULL REFERENCES approval_routes(id) ON DELETE CASCADE,
  step_no INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('assistant', 'manager', 'legal', 'finance', 'director', 'admin')),
  user_id INTEGER REFERENCES users(id),
  due_hours INTEGER NOT NULL DEFAULT 8 CHECK (due_hours > 0),
  quorum TEXT NOT NULL DEFAULT 'any' CHECK (quorum IN ('any', 'all', 'n_of_m')),
  quorum_n INTEGER,
  PRIMARY KEY (route_id, step_no)
) STRICT, WITHOUT ROWID;

INSERT INTO approval_routes (id, priority, name, annual_value_over) VALUES
  (1, 10, 'Крупный договор: с руководителем', 60000000),
  (2, 100, 'Стандартный маршрут', NULL);
INSERT INTO approval_route_steps (route_id, step_no, role, due_hours) VALUES
  (1, 1, 'manager', 8), (1, 2, 'assistant', 8), (1, 3, 'legal', 8), (1, 4, 'director', 8),
  (2, 1, 'manager', 8), (2, 2, 'assistant', 8), (2, 3, 'legal', 8);

-- One run of a route for one submission of a contract.
CREATE TABLE approval_instances (
  id INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  route_id INTEGER NOT NULL REFERENCES approval_routes(id),
  annual_value INTEGER NOT NULL,
  submitted_by INTEGER REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'approved', 'returned', 'rejected', 'recalled')),
  finished_at TEXT
) STRICT;
CREATE INDEX approval_instances_contract ON approval_instances(contract_id);

CREATE TABLE approval_steps (
  id INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES approval_instances(id) ON DELETE CASCADE,
  step_no INTEGER NOT NULL,
  role TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  quorum TEXT NOT NULL,
  quorum_n INTEGER,
  due_hours INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'pending', 'approved', 'returned', 'rejected', 'cancelled')),
  activated_at TEXT,
  due_at TEXT,
  completed_at TEXT,
  UNIQUE (instance_id, step_no)
) STRICT;
CREATE INDEX approval_steps_pending ON approval_steps(status, role);

CREATE TABLE approval_decisions (
  id INTEGER PRIMARY KEY,
  step_id INTEGER NOT NULL REFERENCES approval_steps(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  on_behalf_of INTEGER REFERENCES users(id),   -- set when acting as a delegate
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'return', 'reject', 'comment')),
  comment TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX approval_decisions_step ON approval_decisions(step_id);

CREATE TABLE delegations (
  id INTEGER PRIMARY KEY,
  from_user_id INTEGER NOT NULL REFERENCES users(id),
  to_user_id INTEGER NOT NULL REFERENCES users(id),
  date_from TEXT NOT NULL,
  date_to TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK (date_to >= date_from),
  CHECK (from_user_id <> to_user_id)
) STRICT;

CREATE TABLE saved_filters (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,   -- NULL = offered to everyone
  grid TEXT NOT NULL,
  name TEXT NOT NULL,
  filter_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (user_id, grid, name)
) STRICT;

-- The CLI's built-in account for scheduled jobs on a local database. It can never sign in: '!' is no valid hash.
INSERT INTO users (login, full_name, password_hash, is_active, created_at)
  VALUES ('system', 'Системная учётная запись (CLI)', '!', 1, '2026-01-01T00:00:00.000Z');
INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE login = 'system';
