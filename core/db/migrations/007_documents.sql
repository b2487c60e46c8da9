-- Issue 7: the documents registry — UPDs made from approved payment registries, supplementary agreements and contracts
-- (DOCX) — with the exact bytes that were (or will be) sent to Diadoc, and whether they went out in a package.

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('upd', 'supplement', 'contract')),
  month TEXT NOT NULL,                  -- YYYY-MM the document belongs to (service month / month the agreement takes effect)
  counterparty_id INTEGER NOT NULL REFERENCES counterparties(id),
  contract_id INTEGER NOT NULL REFERENCES contracts(id),
  -- A registry reopened and rebuilt replaces its lines: the UPD made from an old line stays on record (it may have been
  -- sent) but loses the link, and the package leaves it out.
  registry_line_id INTEGER REFERENCES registry_lines(id) ON DELETE SET NULL,
  supplement_id INTEGER REFERENCES supplementary_agreements(id),
  number TEXT NOT NULL,
  doc_date TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  content BLOB NOT NULL,                -- the file as sent: a UPD is never re-encoded after it is made (signatures cover bytes)
  amount INTEGER,                       -- kopecks excl. VAT (UPD: the registry line's payout; agreement: the new monthly fee)
  vat INTEGER,
  total INTEGER,
  status TEXT NOT NULL DEFAULT 'generated' CHECK (status IN ('generated', 'exported')),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  exported_at TEXT
) STRICT;
CREATE INDEX documents_month ON documents(month, kind);
CREATE INDEX documents_counterparty ON documents(counterparty_id);
-- One UPD per registry line and one stored agreement per supplementary agreement: generating a month twice adds nothing.
CREATE UNIQUE INDEX documents_upd_line ON documents(registry_line_id) WHERE kind = 'upd';
CREATE UNIQUE INDEX documents_supplement ON documents(supplement_id) WHERE kind = 'supplement';
