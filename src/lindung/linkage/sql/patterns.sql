-- Comparison patterns (packed codes) with their counts: EM and scoring work on these.
SELECT flags, code, count(*) AS n
FROM cmp
GROUP BY ALL;
