-- A seeded sample of left rows: the EM training set.
CREATE OR REPLACE TABLE todo AS
SELECT rid AS l FROM L ORDER BY hash(rid + $seed) LIMIT $n;
