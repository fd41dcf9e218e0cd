-- The distinct pattern codes of the compared pairs (each is weighed once).
SELECT DISTINCT code FROM cmp;
