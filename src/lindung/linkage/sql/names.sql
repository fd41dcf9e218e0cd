-- The name dictionary: each distinct name string of either side with its key (the
-- cleaned name respelled word by word: the registered table "keys"), its word list
-- derivations (sorted words, first and last word, initials of the spelled and of the raw
-- words) and the term frequencies of its key: the share of all names of the same role
-- (full, given, family) on both sides that have this key (full names: the same words in
-- any order).
CREATE OR REPLACE TABLE names AS
WITH dict AS (
    SELECT c.s, c.n_full, c.n_given, c.n_family, k.key,
           array_to_string(list_sort(string_split(k.key, ' ')), ' ') AS sorted,
           split_part(k.key, ' ', 1) AS first,
           string_split(k.key, ' ')[-1] AS last,
           array_to_string(list_transform(string_split(k.key, ' '), lambda w: w[1]), '')
               AS inits,
           array_to_string(list_transform(string_split(c.clean, ' '), lambda w: w[1]), '')
               AS raw_inits
    FROM names_clean AS c
    LEFT JOIN keys AS k USING (clean)
)
SELECT
    s, key, sorted, first, last, inits, raw_inits, left(key, 1) AS init1,
    regexp_matches(key, '(^| )[a-z]( |$)') AS abbreviated,
    sum(n_full) OVER (PARTITION BY sorted) / greatest(sum(n_full) OVER (), 1) AS tf_name,
    sum(n_given) OVER (PARTITION BY key) / greatest(sum(n_given) OVER (), 1) AS tf_given,
    sum(n_family) OVER (PARTITION BY key) / greatest(sum(n_family) OVER (), 1) AS tf_family
FROM dict;
