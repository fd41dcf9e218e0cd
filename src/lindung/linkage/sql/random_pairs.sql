-- Random pairs for the u probabilities: a seeded sample of each side, crossed.
CREATE OR REPLACE TABLE pairs AS
SELECT a.rid AS l, b.rid AS r, 0 AS flags
FROM (SELECT rid FROM L ORDER BY hash(rid + $seed) LIMIT $n_left) AS a
CROSS JOIN (SELECT rid FROM R ORDER BY hash(rid + $seed) LIMIT $n_right) AS b;
