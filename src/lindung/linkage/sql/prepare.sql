-- Normalise one side (the registered arrow table "raw") into the table "prepared".
CREATE OR REPLACE TABLE prepared AS
WITH named AS (
    SELECT *, coalesce(name, nullif(concat_ws(' ', given_name, family_name), '')) AS full_name
    FROM raw
),
-- Rosters repeat names: normalise each distinct spelling once.
keys AS (
    SELECT full_name, lk_name_key(full_name) AS name_key
    FROM (SELECT DISTINCT full_name FROM named WHERE full_name IS NOT NULL)
),
regions AS (
    SELECT region,
           CASE WHEN regexp_full_match(trim(region), '[0-9][0-9. -]*')
                THEN nullif(regexp_replace(region, '[^0-9]', '', 'g'), '') END AS region_code,
           CASE WHEN NOT regexp_full_match(trim(region), '[0-9][0-9. -]*')
                THEN lk_text(region) END AS region_text
    FROM (SELECT DISTINCT region FROM raw WHERE region IS NOT NULL)
),
base AS (
    SELECT
        rid,
        lk_ident(nik) AS nik,
        lk_ident(kpj) AS kpj,
        lk_ident(other_id) AS other_id,
        keys.name_key,
        lk_name_key(given_name) AS given_key,
        lk_name_key(family_name) AS family_key,
        birth_date,
        lk_sex(sex) AS sex,
        regions.region_code,
        regions.region_text,
        lk_text(address) AS address,
        nullif(right(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), 9), '') AS phone
    FROM named
    LEFT JOIN keys USING (full_name)
    LEFT JOIN regions USING (region)
)
SELECT
    *,
    regexp_full_match(coalesce(nik, ''), '[0-9]{16}') AS nik_shaped,
    string_split(name_key, ' ') AS toks,
    array_to_string(list_sort(string_split(name_key, ' ')), ' ') AS name_sorted,
    string_split(name_key, ' ')[1] AS name_first,
    string_split(name_key, ' ')[-1] AS name_last,
    list_aggregate(list_transform(string_split(name_key, ' '), lambda t: t[1]), 'string_agg', '') AS name_init,
    left(name_key, 1) AS name_init1,
    list_has_any(string_split(name_key, ' '), ['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q','r','s','t','u','v','w','x','y','z']) AS name_has_initial,
    year(birth_date) AS byear,
    month(birth_date) AS bmonth,
    month(birth_date) * 100 + day(birth_date) AS bmd,
    CASE WHEN day(birth_date) <= 12 AND day(birth_date) <> month(birth_date)
         THEN make_date(year(birth_date), day(birth_date), month(birth_date)) END AS bswap,
    strftime(birth_date, '%Y%m%d') AS bstr,
    string_split(address, ' ') AS addr_toks
FROM base;
