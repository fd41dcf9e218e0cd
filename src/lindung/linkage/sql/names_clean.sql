-- The distinct name strings of both sides with their counts per role and their cleaned
-- form (lk_name_clean: case, punctuation, titles, degrees, patronym, Muhammad forms).
-- The respelling is folded word by word over the distinct words ("names.sql").
CREATE OR REPLACE TABLE names_clean AS
SELECT s, n_full, n_given, n_family, lk_name_clean(s) AS clean
FROM (
    SELECT s, sum(n_full) AS n_full, sum(n_given) AS n_given, sum(n_family) AS n_family
    FROM name_strings GROUP BY s
);
