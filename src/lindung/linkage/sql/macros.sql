-- Normalisation macros shared by every linkage query (loaded once per connection).
-- Indonesian names: case, accents, punctuation, titles and degrees, bin/binti, Muhammad
-- variants, then a spelling key that folds old (Van Ophuijsen / Soewandi) and new spellings.

CREATE OR REPLACE MACRO lk_name_clean(s) AS nullif(trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    lower(strip_accents(coalesce(s, ''))),
    -- dotted academic degrees: S.T., S.Pd., M.Kom., A.Md., Dr.-style are handled as titles
    '\b(s|m|a|d|b)\s*\.\s*(t|e|h|pd|kom|sos|ag|ip|ked|kes|si|sn|psi|farm|ak|md|hum|kep|p|ikom|sc|kh|hi|pt|kg|ft|gz|tr|ab|ars|ds|hut|pi|pwk|stat|th|tp|i\s*\.\s*kom|pd\s*\.\s*i)\b\.?', ' ', 'g'),
    '[^a-z]+', ' ', 'g'),
    '\s+', ' ', 'g'),
    -- leading titles and honorifics (H., Hj., Haji, Ir., Drs., Dr., Prof., Bapak, Ibu, ...)
    '^\s*((h|hj|haji|hajjah|hajah|ir|drs|dra|dr|prof|bpk|bapak|pak|ibu|bu|ny|nyonya|sdr|sdri|tn|tuan|kh|ust|ustadz|ustad|alm|almh|almarhum|almarhumah)\s+)+', '', 'g'),
    -- compact trailing degrees (Budi ST, Siti SPd)
    '(\s(st|se|sh|spd|skom|amd|mm|mt|msi|ssos|sag|sip|sked|skm|mpd|mh|mkes|ssi|sst|sh|phd|mba|ssn|sth|spdi|sei|shi|ak))+\s*$', '', 'g'),
    -- the patronym after bin / binti is kept apart, not in the name
    '\s(bin|binti|bt|bte|bint)(\s.*)?$', '', 'g'),
    '\b(muhammad|muhamad|mohammad|mohamad|mochammad|mochamad|muchammad|muchamad|mohammed|muhammed|mohamed|moehammad|moehamad|mohamat|muhamat|moch|moh|muh|mhd|mohd|mochd|md)\b', 'muhamad', 'g'),
    -- a leading single "m" before another name is Muhammad (M. Yusuf)
    '^m\s(\S)', 'muhamad \1', 'g'),
    '\babd\b', 'abdul', 'g')), '');

CREATE OR REPLACE MACRO lk_spell(s) AS
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        s,
        'oe', 'u'), 'dj', 'j'), 'tj', 'c'), 'sj', 'sy'), 'ch', 'h'), 'kh', 'h'), 'dh', 'd'),
        'th', 't'), 'ph', 'f'), 'q', 'k'), 'v', 'f'), 'x', 'ks'), 'ck', 'k'), 'j', 'y'), 'y', 'i'),
        'aa', 'a'), 'bb', 'b'), 'cc', 'c'), 'dd', 'd'), 'ee', 'e'), 'ff', 'f'), 'gg', 'g'),
        'hh', 'h'), 'ii', 'i'), 'kk', 'k'), 'll', 'l'), 'mm', 'm'), 'nn', 'n'), 'oo', 'o'),
        'pp', 'p'), 'rr', 'r'), 'ss', 's'), 'tt', 't'), 'uu', 'u'), 'ww', 'w'), 'zz', 'z'),
        'ii', 'i');

CREATE OR REPLACE MACRO lk_name_key(s) AS lk_spell(lk_name_clean(s));

-- The patronym after bin/binti, normalised the same way (kept for explanations).
CREATE OR REPLACE MACRO lk_patronym(s) AS
    lk_spell(nullif(trim(regexp_extract(regexp_replace(lower(strip_accents(coalesce(s, ''))), '[^a-z]+', ' ', 'g'), '\s(bin|binti|bt|bte|bint)\s(.*)$', 2)), ''));

-- Identifiers compare as upper-case letters and digits; blank and all-same-digit values are missing.
CREATE OR REPLACE MACRO lk_ident(s) AS
    CASE WHEN length(replace(regexp_replace(upper(coalesce(s, '')), '[^0-9A-Z]', '', 'g'),
                               left(regexp_replace(upper(coalesce(s, '')), '[^0-9A-Z]', '', 'g'), 1), '')) = 0
         THEN NULL
         ELSE nullif(regexp_replace(upper(coalesce(s, '')), '[^0-9A-Z]', '', 'g'), '') END;

CREATE OR REPLACE MACRO lk_sex(s) AS
    CASE
        WHEN lower(trim(coalesce(s, ''))) IN ('m', 'l', 'lk', 'male', 'man', 'laki', 'laki-laki', 'laki laki', 'pria', '1') THEN 'M'
        WHEN lower(trim(coalesce(s, ''))) IN ('f', 'p', 'pr', 'w', 'female', 'woman', 'perempuan', 'wanita', '2') THEN 'F'
        ELSE NULL END;

CREATE OR REPLACE MACRO lk_text(s) AS
    nullif(trim(regexp_replace(lower(strip_accents(coalesce(s, ''))), '[^a-z0-9]+', ' ', 'g')), '');

-- Within one edit (substitution, adjacent transposition, insertion or deletion), cheaply:
-- DuckDB's damerau_levenshtein is only reached for the rare same-length pairs two apart.
CREATE OR REPLACE MACRO lk_one_edit(a, b) AS
    CASE WHEN length(a) = length(b)
         THEN CASE WHEN hamming(a, b) <= 1 THEN true
                   WHEN hamming(a, b) = 2 THEN damerau_levenshtein(a, b) = 1
                   ELSE false END
         WHEN abs(length(a) - length(b)) = 1 THEN levenshtein(a, b) = 1
         ELSE false END;
