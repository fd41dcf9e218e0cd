-- Stage 3: blocked candidate pairs for the left rows still to link. Each blocking rule
-- sets one bit of "flags" (the EM training sessions read them; see model.BLOCKING_RULES).
CREATE OR REPLACE TABLE pairs AS
WITH a AS (SELECT L.* FROM L JOIN todo AS t ON t.l = L.rid),
found AS (
    SELECT a.rid AS l, b.rid AS r, 1 AS flag FROM a JOIN R AS b
        ON a.name_sorted = b.name_sorted AND a.bmonth = b.bmonth
    UNION ALL
    SELECT a.rid, b.rid, 2 FROM a JOIN R AS b
        ON a.birth_date = b.birth_date AND a.name_init1 = b.name_init1
    UNION ALL
    SELECT a.rid, b.rid, 4 FROM a JOIN R AS b
        ON a.bswap = b.birth_date AND a.name_init1 = b.name_init1
    UNION ALL
    SELECT a.rid, b.rid, 8 FROM a JOIN R AS b
        ON a.name_first = b.name_first AND a.name_last = b.name_last AND a.byear = b.byear
    UNION ALL
    SELECT a.rid, b.rid, 16 FROM a JOIN R AS b
        ON a.name_last = b.name_last AND a.bmd = b.bmd
    UNION ALL
    SELECT a.rid, b.rid, 32 FROM a JOIN R AS b ON a.kpj = b.kpj
    UNION ALL
    SELECT a.rid, b.rid, 64 FROM a JOIN R AS b ON a.other_id = b.other_id
    UNION ALL
    SELECT a.rid, b.rid, 128 FROM a JOIN R AS b ON a.phone = b.phone
    UNION ALL
    SELECT a.rid, b.rid, 256 FROM a JOIN R AS b
        ON a.name_sorted = b.name_sorted AND (a.birth_date IS NULL OR b.birth_date IS NULL)
    UNION ALL
    SELECT a.rid, b.rid, 512 FROM a JOIN R AS b
        ON a.given_key = b.given_key AND a.address[1:4] = b.address[1:4]
    UNION ALL
    SELECT a.rid, b.rid, 1024 FROM a JOIN R AS b
        ON a.family_key = b.family_key AND a.address[1:4] = b.address[1:4]
    UNION ALL
    SELECT a.rid, b.rid, 2048 FROM a JOIN R AS b ON a.address = b.address
    UNION ALL
    SELECT a.rid, b.rid, 8192 FROM a JOIN R AS b
        ON a.birth_date = b.birth_date AND a.address[1:3] = b.address[1:3]
    UNION ALL
    SELECT a.rid, b.rid, 16384 FROM a JOIN R AS b
        ON a.given_key = b.family_key AND a.family_key = b.given_key
    -- Address fragments block widely (an address may start "Jl." or end in a regency), so
    -- they run only on small inputs ($wide).
    UNION ALL
    SELECT a.rid, b.rid, 32768 FROM a JOIN R AS b
        ON $wide AND right(a.address, 8) = right(b.address, 8)
    UNION ALL
    SELECT a.rid, b.rid, 65536 FROM a JOIN R AS b
        ON $wide AND a.address[1:6] = b.address[1:6]
)
SELECT l, r, bit_or(flag)::INTEGER AS flags FROM found GROUP BY l, r;
