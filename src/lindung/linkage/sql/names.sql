-- The name dictionary: each distinct name string of either side, normalised once, with
-- its word list derivations (sorted words, first and last word, initials of the spelled
-- and of the raw words) and the term frequencies of its key: the share of all names of the
-- same role (full, given, family) on both sides that have this key (full names: the same
-- words in any order).
CREATE OR REPLACE TABLE names AS
WITH counted AS (
    SELECT s, sum(n_full) AS n_full, sum(n_given) AS n_given, sum(n_family) AS n_family
    FROM name_strings GROUP BY s
),
cleaned AS MATERIALIZED (
    SELECT s, n_full, n_given, n_family, lk_name_clean(s) AS clean FROM counted
),
keyed AS MATERIALIZED (
    SELECT s, n_full, n_given, n_family, clean, lk_spell(clean) AS key FROM cleaned
),
dict AS (
    SELECT s, n_full, n_given, n_family, key,
           array_to_string(list_sort(string_split(key, ' ')), ' ') AS sorted,
           split_part(key, ' ', 1) AS first,
           string_split(key, ' ')[-1] AS last,
           array_to_string(list_transform(string_split(key, ' '), lambda w: w[1]), '') AS inits,
           array_to_string(list_transform(string_split(clean, ' '), lambda w: w[1]), '')
               AS raw_inits
    FROM keyed
)
SELECT
    s, key, sorted, first, last, inits, raw_inits, left(key, 1) AS init1,
    sum(n_full) OVER (PARTITION BY sorted) / greatest(sum(n_full) OVER (), 1) AS tf_name,
    sum(n_given) OVER (PARTITION BY key) / greatest(sum(n_given) OVER (), 1) AS tf_given,
    sum(n_family) OVER (PARTITION BY key) / greatest(sum(n_family) OVER (), 1) AS tf_family
FROM dict;
