-- Comparison patterns with their counts: EM and scoring work on these, not on pairs.
SELECT flags, nik_shaped, c_nik, c_kpj, c_other_id, c_name, c_given, c_family, c_birth_date,
       c_sex, c_region, c_address, c_phone, count(*) AS n
FROM cmp
GROUP BY ALL;
