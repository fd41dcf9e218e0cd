-- Attach each pair's match weight (from the pattern weights in "pw") to the candidates.
INSERT INTO scored
SELECT c.l, c.r, $stage AS stage, w.weight, w.prob, w.pattern
FROM cmp AS c
JOIN pw AS w
  ON  w.nik_shaped = c.nik_shaped AND w.c_nik = c.c_nik AND w.c_kpj = c.c_kpj
  AND w.c_other_id = c.c_other_id AND w.c_name = c.c_name AND w.c_given = c.c_given
  AND w.c_family = c.c_family AND w.c_birth_date = c.c_birth_date AND w.c_sex = c.c_sex
  AND w.c_region = c.c_region AND w.c_address = c.c_address AND w.c_phone = c.c_phone
WHERE w.eligible;
