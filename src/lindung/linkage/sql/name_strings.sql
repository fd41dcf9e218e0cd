-- Count every name string of one side (the registered arrow table "raw") per role: the
-- dictionary ("names.sql") normalises each distinct string once for both sides.
INSERT INTO name_strings
SELECT s, count(*) FILTER (WHERE role = 0) AS n_full, count(*) FILTER (WHERE role = 1) AS n_given,
       count(*) FILTER (WHERE role = 2) AS n_family
FROM (
    SELECT coalesce(name, nullif(concat_ws(' ', given_name, family_name), '')) AS s, 0 AS role
    FROM raw
    UNION ALL
    SELECT given_name, 1 FROM raw WHERE given_name IS NOT NULL
    UNION ALL
    SELECT family_name, 2 FROM raw WHERE family_name IS NOT NULL
)
WHERE s IS NOT NULL
GROUP BY s;
