-- One right row per left row: the best candidate of this stage is linked when it clears
-- the accept threshold, may be linked unseen ("linkable") and is not tied with the
-- runner-up (ties go to review).
INSERT INTO links
SELECT l, r, lk_prob(weight) AS prob, stage, pattern, adj_name, adj_given, adj_family
FROM (
    SELECT s.*,
           row_number() OVER w AS rn,
           lead(weight) OVER w AS next_weight
    FROM scored AS s
    WHERE s.stage = $stage AND s.l NOT IN (SELECT l FROM links)
    WINDOW w AS (PARTITION BY l ORDER BY weight DESC, r)
)
WHERE rn = 1 AND linkable AND lk_prob(weight) >= $accept
  AND (next_weight IS NULL OR weight - next_weight >= $tie_margin);
