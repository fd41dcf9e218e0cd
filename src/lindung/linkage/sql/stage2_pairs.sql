-- Stage 2: NIK within one edit (substitution, adjacent transposition, insertion or
-- deletion) of a left row still to link.
--   Both NIK-shaped (16 digits, the usual case): each left NIK's 144 substitutions and
--   15 adjacent transpositions, computed as numbers, looked up among the right NIKs.
--   A right NIK that is not NIK-shaped: the deletion neighbourhood (two values one edit
--   apart share a one-character deletion, or one equals a deletion of the other), checked
--   with lk_one_edit.
--   A left NIK that is not NIK-shaped against NIK-shaped right ones: its deletions,
--   digit insertions and digit substitutions, looked up as text.
-- Only the first part runs at scale: the others take rows that are rare in real extracts.
-- Run with the join order as written (the engine disables DuckDB's join reordering for
-- this statement): each join builds its hash table on its right side, here the right
-- NIKs (millions), while the variants (tens of millions) stream past; estimated
-- cardinalities would pick the wrong side.
CREATE OR REPLACE TABLE pairs AS
WITH a AS MATERIALIZED (
    SELECT L.rid AS l, L.nik, L.nik_shaped FROM L JOIN todo AS t ON t.l = L.rid
    WHERE L.nik IS NOT NULL
),
positions AS (
    SELECT p, (10::UBIGINT ** (16 - p))::UBIGINT AS pw FROM range(1, 17) AS t(p)
),
shaped_left AS (SELECT l, nik::UBIGINT AS n FROM a WHERE nik_shaped),
variants AS (
    -- digit p (from the left) replaced by d
    SELECT l, n + d::UBIGINT * pw - ((n // pw) % 10) * pw AS v
    FROM shaped_left, positions, range(0, 10) AS ds(d)
    WHERE d <> (n // pw) % 10
    UNION ALL
    -- digits p and p + 1 swapped
    SELECT l, n - ((n // pw) % 10) * pw - ((n // (pw // 10)) % 10) * (pw // 10)
             + ((n // (pw // 10)) % 10) * pw + ((n // pw) % 10) * (pw // 10) AS v
    FROM shaped_left, positions
    WHERE p < 16 AND (n // pw) % 10 <> (n // (pw // 10)) % 10
),
odd_right AS (
    SELECT r, nik, hash(lk_deletion(nik, i)) AS h
    FROM (SELECT rid AS r, nik, unnest(range(0, length(nik) + 1)) AS i
          FROM R WHERE nik IS NOT NULL AND NOT nik_shaped)
),
deleted_left AS (
    SELECT l, nik, hash(lk_deletion(nik, i)) AS h
    FROM (SELECT l, nik, unnest(range(0, length(nik) + 1)) AS i FROM a
          WHERE EXISTS (SELECT 1 FROM R WHERE nik IS NOT NULL AND NOT nik_shaped))
),
odd_left AS (
    -- deletions (a digit too many), digit insertions (one missing), digit substitutions
    SELECT l, lk_deletion(nik, i) AS v
    FROM (SELECT l, nik, unnest(range(1, length(nik) + 1)) AS i FROM a
          WHERE NOT nik_shaped AND length(nik) = 17)
    UNION ALL
    SELECT l, left(nik, p) || d::VARCHAR || substr(nik, p + 1)
    FROM a, range(0, 16) AS ps(p), range(0, 10) AS ds(d)
    WHERE NOT nik_shaped AND length(nik) = 15
    UNION ALL
    SELECT l, left(nik, p - 1) || d::VARCHAR || substr(nik, p + 1)
    FROM a, range(1, 17) AS ps(p), range(0, 10) AS ds(d)
    WHERE NOT nik_shaped AND length(nik) = 16
),
candidates AS (
    SELECT l, r FROM variants
    JOIN (SELECT rid AS r, nik::UBIGINT AS v FROM R WHERE nik_shaped) AS shaped_right USING (v)
    UNION ALL
    SELECT dl.l, o.r FROM deleted_left AS dl JOIN odd_right AS o USING (h)
    WHERE dl.nik <> o.nik AND lk_one_edit(dl.nik, o.nik)
    UNION ALL
    SELECT ol.l, b.rid FROM R AS b JOIN odd_left AS ol ON b.nik = ol.v AND b.nik_shaped
)
SELECT DISTINCT l, r, $flag::INTEGER AS flags FROM candidates;
