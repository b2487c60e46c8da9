-- The signals grid sorted by outlet name (issue 9): the page is found by walking outlets in name order and each
-- outlet's signals through signals_outlet_date, which needs the names in an index (contract numbers and outlet codes
-- have theirs through UNIQUE). Outlets are a small table; the index costs nothing on the signals' write path.
CREATE INDEX outlets_name ON outlets(name);
