-- Blocking keys shared by more than $max_block right rows (a default birth date, the
-- commonest names), per rule of "stage3_pairs.sql": such a block says little, costs much,
-- and the other rules still reach its people. Counted once per run, as key hashes.
CREATE OR REPLACE TABLE big_blocks AS
SELECT 1 AS rule, hash(name_sorted, bmd) AS h FROM R
WHERE name_sorted IS NOT NULL AND bmd IS NOT NULL
GROUP BY name_sorted, bmd HAVING count(*) > $max_block
UNION ALL
SELECT 2, hash(birth_date, name_first) FROM R
WHERE birth_date IS NOT NULL AND name_first IS NOT NULL
GROUP BY birth_date, name_first HAVING count(*) > $max_block
UNION ALL
SELECT 8, hash(name_first, name_last, byear, bmonth) FROM R
WHERE name_first IS NOT NULL AND byear IS NOT NULL
GROUP BY name_first, name_last, byear, bmonth HAVING count(*) > $max_block
UNION ALL
SELECT 16, hash(birth_date, name_last) FROM R
WHERE birth_date IS NOT NULL AND name_last IS NOT NULL
GROUP BY birth_date, name_last HAVING count(*) > $max_block;
