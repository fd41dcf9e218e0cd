-- Stage 2: NIK within one edit (substitution, adjacent transposition, insertion or
-- deletion), found through the deletion neighbourhood: two identifiers one edit apart
-- share a one-character deletion (or one equals a deletion of the other).
CREATE OR REPLACE TABLE pairs AS
WITH lv AS (
    SELECT a.rid AS l, a.nik,
           hash(CASE WHEN i = 0 THEN a.nik ELSE substr(a.nik, 1, i - 1) || substr(a.nik, i + 1) END) AS h
    FROM L AS a
    JOIN todo AS t ON t.l = a.rid
    CROSS JOIN range(0, 21) AS g(i)
    WHERE a.nik IS NOT NULL AND i <= length(a.nik)
),
rv AS (
    SELECT b.rid AS r, b.nik,
           hash(CASE WHEN i = 0 THEN b.nik ELSE substr(b.nik, 1, i - 1) || substr(b.nik, i + 1) END) AS h
    FROM R AS b
    CROSS JOIN range(0, 21) AS g(i)
    WHERE b.nik IS NOT NULL AND i <= length(b.nik)
)
SELECT DISTINCT lv.l, rv.r, $flag::INTEGER AS flags
FROM lv JOIN rv ON lv.h = rv.h
WHERE lv.nik <> rv.nik AND lk_one_edit(lv.nik, rv.nik);
