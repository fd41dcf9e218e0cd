-- Left rows without a link whose best candidates (up to three) reach the review threshold
-- ($review_weight is the threshold as a weight in bits).
SELECT l, r, lk_prob(weight) AS prob, stage, pattern, adj_name, adj_given, adj_family
FROM (
    SELECT s.*, row_number() OVER (PARTITION BY l ORDER BY weight DESC, r) AS rn
    FROM (
        SELECT l, r, arg_max(stage, weight) AS stage, max(weight) AS weight,
               arg_max(pattern, weight) AS pattern, arg_max(adj_name, weight) AS adj_name,
               arg_max(adj_given, weight) AS adj_given, arg_max(adj_family, weight) AS adj_family
        FROM scored
        WHERE weight >= $review_weight AND l NOT IN (SELECT l FROM links)
        GROUP BY l, r
    ) AS s
)
WHERE rn <= 3 AND lk_prob(weight) >= $review
ORDER BY l, rn
