-- Left rows without a link whose best candidates (up to three) reach the review threshold.
SELECT l, r, prob, stage, pattern
FROM (
    SELECT s.*, row_number() OVER (PARTITION BY l ORDER BY weight DESC, r) AS rn
    FROM (
        SELECT l, r, arg_max(stage, weight) AS stage, max(weight) AS weight,
               max(prob) AS prob, arg_max(pattern, weight) AS pattern
        FROM scored GROUP BY l, r
    ) AS s
    WHERE s.l NOT IN (SELECT l FROM links) AND s.prob >= $review
)
WHERE rn <= 3
ORDER BY l, rn
