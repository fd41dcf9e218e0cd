-- The respelling (lk_spell) of each distinct word of the cleaned names.
SELECT w, lk_spell(w) AS spelled FROM words;
