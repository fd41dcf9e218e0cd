-- Normalise one side (the registered arrow table "raw") into the table "prepared".
-- Names come from the dictionary ("names.sql"); regions are parsed once per distinct value;
-- everything else is a cheap per-row expression. Comparison-only derivations (date text,
-- address words) are left to "compare.sql", which sees only candidate pairs.
CREATE OR REPLACE TABLE prepared AS
WITH regions AS (
    SELECT region,
           CASE WHEN regexp_full_match(trim(region), '[0-9][0-9. -]*')
                THEN nullif(regexp_replace(region, '[^0-9]', '', 'g'), '') END AS region_code,
           CASE WHEN NOT regexp_full_match(trim(region), '[0-9][0-9. -]*')
                THEN lk_text(region) END AS region_text
    FROM (SELECT DISTINCT region FROM raw WHERE region IS NOT NULL)
),
sexes AS (
    SELECT sex AS sex_raw, lk_sex(sex) AS sex FROM (SELECT DISTINCT sex FROM raw)
),
cleaned AS (
    SELECT raw.*,
           lk_ident_clean(raw.nik) AS nik_clean,
           lk_ident_clean(raw.kpj) AS kpj_clean,
           lk_ident_clean(raw.other_id) AS other_id_clean
    FROM raw
),
base AS (
    SELECT
        raw.rid,
        lk_unrepeated(raw.nik_clean) AS nik,
        lk_unrepeated(raw.kpj_clean) AS kpj,
        lk_unrepeated(raw.other_id_clean) AS other_id,
        coalesce(raw.name, nullif(concat_ws(' ', raw.given_name, raw.family_name), '')) AS full_name,
        raw.given_name,
        raw.family_name,
        raw.birth_date,
        sexes.sex,
        regions.region_code,
        regions.region_text,
        lk_text(raw.address) AS address,
        nullif(right(regexp_replace(raw.phone, '[^0-9]', '', 'g'), 9), '') AS phone
    FROM cleaned AS raw
    LEFT JOIN regions USING (region)
    LEFT JOIN sexes ON sexes.sex_raw = raw.sex
)
SELECT
    base.rid, base.nik, base.kpj, base.other_id,
    coalesce(length(base.nik) = 16 AND translate(base.nik, '0123456789', '') = '', false)
        AS nik_shaped,
    n.key AS name_key, n.sorted AS name_sorted, n.first AS name_first, n.last AS name_last,
    n.init1 AS name_init1, n.inits AS name_inits, n.raw_inits AS name_raw_inits,
    n.abbreviated AS name_abbreviated,
    n.tf_name,
    g.key AS given_key, g.tf_given,
    f.key AS family_key, f.tf_family,
    base.birth_date,
    year(base.birth_date) AS byear,
    month(base.birth_date) AS bmonth,
    month(base.birth_date) * 100 + day(base.birth_date) AS bmd,
    -- YYYYMMDD as a number: its text is compared digit by digit (years 1000-9999)
    year(base.birth_date) * 10000 + month(base.birth_date) * 100 + day(base.birth_date) AS bnum,
    CASE WHEN day(base.birth_date) <= 12 AND day(base.birth_date) <> month(base.birth_date)
         THEN make_date(year(base.birth_date), day(base.birth_date), month(base.birth_date))
    END AS bswap,
    base.sex, base.region_code, base.region_text, base.address, base.phone
FROM base
LEFT JOIN names AS n ON n.s = base.full_name
LEFT JOIN names AS g ON g.s = base.given_name
LEFT JOIN names AS f ON f.s = base.family_name;
