-- Stage 2: NIK within one edit (substitution, adjacent transposition, insertion or
-- deletion), found through the deletion neighbourhood: two identifiers one edit apart
-- share a one-character deletion (or one equals a deletion of the other). The left
-- variants (rows still to link) are the build side; the right ones stream past them.
CREATE OR REPLACE TABLE pairs AS
WITH lv AS (
    SELECT l, nik, hash(lk_deletion(nik, i)) AS h
    FROM (
        SELECT a.rid AS l, a.nik, unnest(range(0, length(a.nik) + 1)) AS i
        FROM L AS a JOIN todo AS t ON t.l = a.rid
        WHERE a.nik IS NOT NULL
    )
),
rv AS (
    SELECT r, nik, hash(lk_deletion(nik, i)) AS h
    FROM (
        SELECT b.rid AS r, b.nik, unnest(range(0, length(b.nik) + 1)) AS i
        FROM R AS b
        WHERE b.nik IS NOT NULL
    )
)
SELECT DISTINCT lv.l, rv.r, $flag::INTEGER AS flags
FROM lv JOIN rv ON lv.h = rv.h
WHERE lv.nik <> rv.nik AND lk_one_edit(lv.nik, rv.nik);
