-- Comparison levels for every pair in "pairs" (-1 = a value is missing on either side).
CREATE OR REPLACE TABLE cmp AS
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
         WHEN a.name_sorted = b.name_sorted
              OR jaro_winkler_similarity(a.name_key, b.name_key) >= 0.94 THEN 4
         WHEN (a.name_first = b.name_first
               AND (list_has_all(a.toks, b.toks) OR list_has_all(b.toks, a.toks)))
              OR (a.name_init = b.name_init AND (a.name_has_initial OR b.name_has_initial)
                  AND (a.name_first = b.name_first OR a.name_last = b.name_last)) THEN 3
         WHEN jaro_winkler_similarity(a.name_key, b.name_key) >= 0.88 THEN 2
         WHEN jaro_winkler_similarity(a.name_key, b.name_key) >= 0.75 THEN 1 ELSE 0 END AS c_name,
    CASE WHEN a.given_key IS NULL OR b.given_key IS NULL THEN -1
         WHEN a.given_key = b.given_key THEN 3
         WHEN jaro_winkler_similarity(a.given_key, b.given_key) >= 0.92 THEN 2
         WHEN jaro_winkler_similarity(a.given_key, b.given_key) >= 0.8
              OR a.given_key = b.family_key THEN 1 ELSE 0 END AS c_given,
    CASE WHEN a.family_key IS NULL OR b.family_key IS NULL THEN -1
         WHEN a.family_key = b.family_key THEN 3
         WHEN jaro_winkler_similarity(a.family_key, b.family_key) >= 0.92 THEN 2
         WHEN jaro_winkler_similarity(a.family_key, b.family_key) >= 0.8
              OR a.family_key = b.given_key THEN 1 ELSE 0 END AS c_family,
    CASE WHEN a.birth_date IS NULL OR b.birth_date IS NULL THEN -1
         WHEN a.birth_date = b.birth_date THEN 4
         WHEN a.bswap = b.birth_date THEN 3
         WHEN lk_one_edit(a.bstr, b.bstr) THEN 2
         WHEN a.bmd = b.bmd OR hamming(a.bstr, b.bstr) <= 2 THEN 1 ELSE 0 END AS c_birth_date,
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
    CASE WHEN a.address IS NULL OR b.address IS NULL THEN -1
         WHEN a.address = b.address THEN 3
         WHEN jaro_winkler_similarity(a.address, b.address) < 0.6 THEN 0
         WHEN jaro_winkler_similarity(a.address, b.address) >= 0.92
              OR len(list_intersect(a.addr_toks, b.addr_toks)) * 1.0
                 / len(list_distinct(list_concat(a.addr_toks, b.addr_toks))) >= 0.6 THEN 2
         WHEN jaro_winkler_similarity(a.address, b.address) >= 0.8
              OR len(list_intersect(a.addr_toks, b.addr_toks)) * 1.0
                 / len(list_distinct(list_concat(a.addr_toks, b.addr_toks))) >= 0.3 THEN 1
         ELSE 0 END AS c_address,
    CASE WHEN a.phone IS NULL OR b.phone IS NULL THEN -1
         WHEN a.phone = b.phone THEN 2
         WHEN lk_one_edit(a.phone, b.phone) THEN 1 ELSE 0 END AS c_phone
FROM pairs AS p
JOIN L AS a ON a.rid = p.l
JOIN R AS b ON b.rid = p.r;
