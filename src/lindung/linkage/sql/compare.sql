-- Comparison levels for every pair in "pairs" (-1 = a value is missing on either side),
-- packed into one pattern code (3 bits per level column, in model.LEVEL_COLUMNS order,
-- each holding level + 1), and the term frequency of names that agree (NULL otherwise).
CREATE OR REPLACE TABLE cmp AS
WITH j AS (
    SELECT
        p.l, p.r, p.flags,
        (a.nik_shaped AND b.nik_shaped)::INTEGER AS nik_shaped,
        CASE WHEN a.nik IS NULL OR b.nik IS NULL THEN -1
             WHEN a.nik = b.nik THEN 2
             WHEN lk_one_edit(a.nik, b.nik) THEN 1 ELSE 0 END AS c_nik,
        CASE WHEN a.kpj IS NULL OR b.kpj IS NULL THEN -1
             WHEN a.kpj = b.kpj THEN 2
             WHEN lk_one_edit(a.kpj, b.kpj) THEN 1 ELSE 0 END AS c_kpj,
        CASE WHEN a.other_id IS NULL OR b.other_id IS NULL THEN -1
             WHEN a.other_id = b.other_id THEN 2
             WHEN lk_one_edit(a.other_id, b.other_id) THEN 1 ELSE 0 END AS c_other_id,
        CASE WHEN a.name_key IS NULL OR b.name_key IS NULL THEN -1
             WHEN a.name_key = b.name_key THEN 5
             WHEN a.name_sorted = b.name_sorted THEN 4
             ELSE -2 END AS c_name_fast,
        a.name_key AS key_a, b.name_key AS key_b,
        -- an abbreviation or truncation needs an initial or fewer words on one side
        (a.name_init1 = b.name_init1 OR left(a.name_raw_inits, 1) = left(b.name_raw_inits, 1))
            AND (length(a.name_inits) <> length(b.name_inits)
                 OR a.name_abbreviated OR b.name_abbreviated) AS may_abbreviate,
        a.name_inits AS inits_a, b.name_inits AS inits_b,
        a.name_last AS last_a, b.name_last AS last_b,
        length(a.name_inits) < length(b.name_inits)
            OR (length(a.name_inits) = length(b.name_inits)
                AND length(a.name_key) <= length(b.name_key)) AS a_shorter,
        a.name_raw_inits AS raw_inits_a, b.name_raw_inits AS raw_inits_b,
        CASE WHEN a.name_sorted = b.name_sorted THEN a.tf_name END AS tf_name,
        CASE WHEN a.given_key IS NULL OR b.given_key IS NULL THEN -1
             WHEN a.given_key = b.given_key THEN 3
             WHEN jaro_winkler_similarity(a.given_key, b.given_key) >= 0.92 THEN 2
             WHEN jaro_winkler_similarity(a.given_key, b.given_key) >= 0.8
                  OR a.given_key = b.family_key THEN 1 ELSE 0 END AS c_given,
        CASE WHEN a.given_key = b.given_key THEN a.tf_given END AS tf_given,
        CASE WHEN a.family_key IS NULL OR b.family_key IS NULL THEN -1
             WHEN a.family_key = b.family_key THEN 3
             WHEN jaro_winkler_similarity(a.family_key, b.family_key) >= 0.92 THEN 2
             WHEN jaro_winkler_similarity(a.family_key, b.family_key) >= 0.8
                  OR a.family_key = b.given_key THEN 1 ELSE 0 END AS c_family,
        CASE WHEN a.family_key = b.family_key THEN a.tf_family END AS tf_family,
        CASE WHEN a.birth_date IS NULL OR b.birth_date IS NULL THEN -1
             WHEN a.birth_date = b.birth_date THEN 4
             WHEN a.bswap = b.birth_date THEN 3
             ELSE -2 END AS c_birth_fast,
        a.bnum AS bnum_a, b.bnum AS bnum_b, a.bmd = b.bmd AS same_md,
        CASE WHEN a.sex IS NULL OR b.sex IS NULL THEN -1
             WHEN a.sex = b.sex THEN 1 ELSE 0 END AS c_sex,
        CASE WHEN a.region_code IS NOT NULL AND b.region_code IS NOT NULL THEN
                  CASE WHEN a.region_code = b.region_code THEN 3
                       WHEN left(a.region_code, 4) = left(b.region_code, 4) THEN 2
                       WHEN left(a.region_code, 2) = left(b.region_code, 2) THEN 1 ELSE 0 END
             WHEN a.region_text IS NOT NULL AND b.region_text IS NOT NULL THEN
                  CASE WHEN a.region_text = b.region_text THEN 3
                       WHEN jaro_winkler_similarity(a.region_text, b.region_text) >= 0.9 THEN 2
                       ELSE 0 END
             ELSE -1 END AS c_region,
        a.address AS address_a, b.address AS address_b,
        CASE WHEN a.phone IS NULL OR b.phone IS NULL THEN -1
             WHEN a.phone = b.phone THEN 2
             WHEN lk_one_edit(a.phone, b.phone) THEN 1 ELSE 0 END AS c_phone
    FROM pairs AS p
    JOIN L AS a ON a.rid = p.l
    JOIN R AS b ON b.rid = p.r
),
fuzzy AS (
    -- Jaro-Winkler only for the names the fast levels did not settle.
    SELECT j.*,
           CASE WHEN c_name_fast = -2 THEN jaro_winkler_similarity(key_a, key_b) END AS jw_name,
           CASE WHEN c_birth_fast = -2 THEN bnum_a::VARCHAR END AS bstr_a,
           CASE WHEN c_birth_fast = -2 THEN bnum_b::VARCHAR END AS bstr_b,
           CASE WHEN address_a IS NULL OR address_b IS NULL THEN NULL
                WHEN address_a = address_b THEN 1.0
                ELSE jaro_winkler_similarity(address_a, address_b) END AS jw_address,
           CASE WHEN address_a IS NOT NULL AND address_b IS NOT NULL AND address_a <> address_b
                THEN len(list_intersect(string_split(address_a, ' '), string_split(address_b, ' ')))
                     / len(list_distinct(list_concat(string_split(address_a, ' '),
                                                     string_split(address_b, ' '))))
           END AS addr_share
    FROM j
),
levels AS (
    SELECT l, r, flags, nik_shaped, c_nik, c_kpj, c_other_id,
           CASE WHEN c_name_fast <> -2 THEN c_name_fast
                WHEN jw_name >= 0.94 THEN 4
                -- word lists only for the pairs that reach this level and may abbreviate:
                -- the shorter name's last word is a word or an initial of the longer one
                WHEN CASE WHEN NOT may_abbreviate THEN false
                          WHEN a_shorter
                          THEN CASE WHEN contains(' ' || key_b || ' ', ' ' || last_a || ' ')
                                         OR (length(last_a) = 1 AND (contains(inits_b, last_a)
                                             OR contains(raw_inits_b, last_a)))
                                    THEN lk_abbreviates(string_split(key_a, ' '),
                                                        string_split(key_b, ' '),
                                                        inits_b, raw_inits_b)
                                    ELSE false END
                          ELSE CASE WHEN contains(' ' || key_a || ' ', ' ' || last_b || ' ')
                                         OR (length(last_b) = 1 AND (contains(inits_a, last_b)
                                             OR contains(raw_inits_a, last_b)))
                                    THEN lk_abbreviates(string_split(key_b, ' '),
                                                        string_split(key_a, ' '),
                                                        inits_a, raw_inits_a)
                                    ELSE false END END THEN 3
                WHEN jw_name >= 0.88 THEN 2
                WHEN jw_name >= 0.75 THEN 1 ELSE 0 END AS c_name,
           c_given, c_family,
           CASE WHEN c_birth_fast <> -2 THEN c_birth_fast
                WHEN lk_one_edit(bstr_a, bstr_b) THEN 2
                WHEN same_md OR hamming(bstr_a, bstr_b) <= 2 THEN 1
                ELSE 0 END AS c_birth_date,
           c_sex, c_region,
           CASE WHEN jw_address IS NULL THEN -1
                WHEN address_a = address_b THEN 3
                WHEN jw_address < 0.6 THEN 0
                WHEN jw_address >= 0.92 OR addr_share >= 0.6 THEN 2
                WHEN jw_address >= 0.8 OR addr_share >= 0.3 THEN 1
                ELSE 0 END AS c_address,
           c_phone, tf_name, tf_given, tf_family
    FROM fuzzy
)
SELECT
    l, r, flags,
    (nik_shaped::BIGINT
     + ((c_nik + 1)::BIGINT << 3) + ((c_kpj + 1)::BIGINT << 6) + ((c_other_id + 1)::BIGINT << 9)
     + ((c_name + 1)::BIGINT << 12) + ((c_given + 1)::BIGINT << 15)
     + ((c_family + 1)::BIGINT << 18) + ((c_birth_date + 1)::BIGINT << 21)
     + ((c_sex + 1)::BIGINT << 24) + ((c_region + 1)::BIGINT << 27)
     + ((c_address + 1)::BIGINT << 30) + ((c_phone + 1)::BIGINT << 33)) AS code,
    CASE WHEN c_name >= 4 THEN tf_name END AS tf_name,
    CASE WHEN c_given = 3 THEN tf_given END AS tf_given,
    CASE WHEN c_family = 3 THEN tf_family END AS tf_family
FROM levels;
