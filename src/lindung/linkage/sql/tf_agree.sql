-- The chance that two random names agree, per role: the sum of the squared term
-- frequencies of the distinct keys (full names by their sorted words).
SELECT
    (SELECT sum(t * t) FROM (SELECT DISTINCT sorted, tf_name AS t FROM names
                             WHERE sorted IS NOT NULL AND tf_name > 0)) AS name,
    (SELECT sum(t * t) FROM (SELECT DISTINCT key, tf_given AS t FROM names
                             WHERE key IS NOT NULL AND tf_given > 0)) AS given,
    (SELECT sum(t * t) FROM (SELECT DISTINCT key, tf_family AS t FROM names
                             WHERE key IS NOT NULL AND tf_family > 0)) AS family;
