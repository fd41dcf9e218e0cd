-- Stage 3: blocked candidate pairs for the left rows still to link. Each blocking rule
-- sets one bit of "flags" (the EM training sessions read them; see model.BLOCKING_RULES).
-- A rule pairs a left row with the right rows sharing its key, unless the key is one of
-- the "big_blocks" (see big_blocks.sql).
-- Tight rules run always. Broad ones ($broad) run on small inputs and on the training
-- sample, where EM needs sessions in which the name (or the birth date) is free to
-- disagree; the widest ($wide) only on small inputs.
CREATE OR REPLACE TABLE pairs AS
WITH a AS MATERIALIZED (SELECT L.* FROM L JOIN todo AS t ON t.l = L.rid),
found AS (
    -- exact name (any word order), same day and month: a year typo
    SELECT a.rid AS l, b.rid AS r, 1 AS flag
    FROM a JOIN R AS b ON a.name_sorted = b.name_sorted AND a.bmd = b.bmd
    WHERE hash(a.name_sorted, a.bmd) NOT IN (SELECT h FROM big_blocks WHERE rule = 1)
    UNION ALL
    -- same birth date and first word: the other words may differ
    SELECT a.rid, b.rid, 2
    FROM a JOIN R AS b ON a.birth_date = b.birth_date AND a.name_first = b.name_first
    WHERE hash(a.birth_date, a.name_first) NOT IN (SELECT h FROM big_blocks WHERE rule = 2)
    UNION ALL
    -- day and month swapped, same first word
    SELECT a.rid, b.rid, 4
    FROM a JOIN R AS b ON a.bswap = b.birth_date AND a.name_first = b.name_first
    WHERE hash(a.bswap, a.name_first) NOT IN (SELECT h FROM big_blocks WHERE rule = 2)
    UNION ALL
    -- same first and last word, year and month: a day typo, a middle name added or dropped
    SELECT a.rid, b.rid, 8
    FROM a JOIN R AS b
        ON a.name_first = b.name_first AND a.name_last = b.name_last AND a.byear = b.byear
       AND a.bmonth = b.bmonth
    WHERE hash(a.name_first, a.name_last, a.byear, a.bmonth)
          NOT IN (SELECT h FROM big_blocks WHERE rule = 8)
    UNION ALL
    -- same birth date and last word: the first word may differ
    SELECT a.rid, b.rid, 16
    FROM a JOIN R AS b ON a.birth_date = b.birth_date AND a.name_last = b.name_last
    WHERE hash(a.birth_date, a.name_last) NOT IN (SELECT h FROM big_blocks WHERE rule = 16)
    UNION ALL
    SELECT a.rid, b.rid, 32 FROM a JOIN R AS b ON a.kpj = b.kpj
    UNION ALL
    SELECT a.rid, b.rid, 64 FROM a JOIN R AS b ON a.other_id = b.other_id
    UNION ALL
    SELECT a.rid, b.rid, 128 FROM a JOIN R AS b ON a.phone = b.phone
    UNION ALL
    -- no birth date on one side: exact name in the same regency (in any region if $wide)
    SELECT a.rid, b.rid, 256
    FROM a JOIN R AS b
        ON a.name_sorted = b.name_sorted AND left(a.region_code, 4) = left(b.region_code, 4)
    WHERE a.birth_date IS NULL OR b.birth_date IS NULL
    UNION ALL
    SELECT a.rid, b.rid, 256
    FROM a JOIN R AS b ON a.name_sorted = b.name_sorted AND a.region_text = b.region_text
    WHERE a.birth_date IS NULL OR b.birth_date IS NULL
    UNION ALL
    SELECT a.rid, b.rid, 256
    FROM a JOIN R AS b ON $wide AND a.name_sorted = b.name_sorted
    WHERE a.birth_date IS NULL OR b.birth_date IS NULL
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
    -- Wide and broad rules.
    UNION ALL
    SELECT a.rid, b.rid, 32768 FROM a JOIN R AS b
        ON $wide AND right(a.address, 8) = right(b.address, 8)
    UNION ALL
    SELECT a.rid, b.rid, 65536 FROM a JOIN R AS b
        ON $wide AND a.address[1:6] = b.address[1:6]
    UNION ALL
    SELECT a.rid, b.rid, 131072 FROM a JOIN R AS b
        ON $broad AND a.birth_date = b.birth_date AND a.name_init1 = b.name_init1
    UNION ALL
    SELECT a.rid, b.rid, 262144 FROM a JOIN R AS b
        ON $broad AND a.name_sorted = b.name_sorted AND a.bmonth = b.bmonth
    UNION ALL
    SELECT a.rid, b.rid, 524288 FROM a JOIN R AS b
        ON $wide AND a.name_last = b.name_last AND a.bmd = b.bmd
    UNION ALL
    SELECT a.rid, b.rid, 1048576 FROM a JOIN R AS b
        ON $broad AND a.bswap = b.birth_date AND a.name_init1 = b.name_init1
)
SELECT l, r, bit_or(flag)::INTEGER AS flags FROM found GROUP BY l, r;
