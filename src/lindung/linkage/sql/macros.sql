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

-- Identifiers compare as upper-case letters and digits; blank and all-same-digit values are
-- missing. Values that are already clean (the usual case) skip the replacement; lk_ident
-- is lk_unrepeated(lk_ident_clean(s)), written in two steps where speed matters so that
-- the cleaning runs once.
CREATE OR REPLACE MACRO lk_ident_clean(s) AS
    CASE WHEN regexp_full_match(s, '[0-9A-Z]+') THEN s
         ELSE nullif(regexp_replace(upper(s), '[^0-9A-Z]', '', 'g'), '') END;

CREATE OR REPLACE MACRO lk_unrepeated(c) AS
    CASE WHEN c = repeat(left(c, 1), length(c)) THEN NULL ELSE c END;

CREATE OR REPLACE MACRO lk_ident(s) AS lk_unrepeated(lk_ident_clean(s));

CREATE OR REPLACE MACRO lk_sex(s) AS
    CASE
        WHEN lower(trim(coalesce(s, ''))) IN ('m', 'l', 'lk', 'male', 'man', 'laki', 'laki-laki', 'laki laki', 'pria', '1') THEN 'M'
        WHEN lower(trim(coalesce(s, ''))) IN ('f', 'p', 'pr', 'w', 'female', 'woman', 'perempuan', 'wanita', '2') THEN 'F'
        ELSE NULL END;

CREATE OR REPLACE MACRO lk_text(s) AS
    nullif(trim(regexp_replace(lower(strip_accents(s)), '[^a-z0-9]+', ' ', 'g')), '');

-- Within one edit (substitution, adjacent transposition, insertion or deletion), cheaply:
-- DuckDB's damerau_levenshtein is only reached for the same-length pairs two apart that
-- could be a transposition (which keeps a number's value modulo 9).
CREATE OR REPLACE MACRO lk_one_edit(a, b) AS
    CASE WHEN length(a) = length(b)
         THEN CASE WHEN hamming(a, b) <= 1 THEN true
                   WHEN hamming(a, b) = 2
                        THEN CASE WHEN TRY_CAST(a AS UBIGINT) % 9 <> TRY_CAST(b AS UBIGINT) % 9
                                  THEN false
                                  ELSE damerau_levenshtein(a, b) = 1 END
                   ELSE false END
         WHEN abs(length(a) - length(b)) = 1 THEN levenshtein(a, b) = 1
         ELSE false END;

-- Identifier S without its I-th character (I = 0: S itself): two identifiers one edit apart
-- share one of these (the deletion neighbourhood of stage 2).
CREATE OR REPLACE MACRO lk_deletion(s, i) AS
    CASE WHEN i = 0 THEN s ELSE substr(s, 1, i - 1) || substr(s, i + 1) END;

-- Every word of the shorter name (a word list) is a word of the longer one or the initial
-- of one of its words, raw or respelled ("T." abbreviates "Tjhin", whose key is "cin"); the
-- first words agree the same way and at least one whole word is shared:
-- "Ahmad T." / "Ahmad Budi Tjhin", "Budi" / "Budi Santoso", "A. Rahman" / "Abdul Rahman".
CREATE OR REPLACE MACRO lk_abbreviates(short_toks, long_toks, long_inits, long_raw_inits) AS
    len(short_toks) <= len(long_toks)
    AND (short_toks[1] = long_toks[1]
         OR (length(short_toks[1]) = 1
             AND short_toks[1] IN (left(long_inits, 1), left(long_raw_inits, 1))))
    AND list_bool_and(list_transform(short_toks, lambda t:
            list_contains(long_toks, t)
            OR (length(t) = 1 AND (contains(long_inits, t) OR contains(long_raw_inits, t)))))
    AND list_bool_or(list_transform(short_toks, lambda t:
            length(t) > 1 AND list_contains(long_toks, t)));

-- The match probability of a total weight in bits (model.probability).
CREATE OR REPLACE MACRO lk_prob(w) AS 1.0 / (1.0 + pow(2.0, -least(greatest(w, -60.0), 60.0)));
