-- Attach each pair's match weight to the candidates of a stage: its pattern's weight (from
-- "pw") plus the term-frequency adjustments of agreeing names, log2(u of the level / term
-- frequency) within +-$tf_cap bits, in tenths of a bit so that explanations can be shared.
-- (least/greatest skip NULLs, hence the explicit checks.)
INSERT INTO scored
SELECT l, r, $stage AS stage, weight + adj_name + adj_given + adj_family AS weight,
       pattern, adj_name, adj_given, adj_family, linkable
FROM (
    SELECT c.l, c.r, w.weight, w.pattern, w.linkable,
           CASE WHEN c.tf_name IS NULL OR w.u_name IS NULL THEN 0.0
                ELSE round(least(greatest(log2(w.u_name / greatest(c.tf_name, $tf_floor)),
                                          -$tf_cap), $tf_cap), 1) END AS adj_name,
           CASE WHEN c.tf_given IS NULL OR w.u_given IS NULL THEN 0.0
                ELSE round(least(greatest(log2(w.u_given / greatest(c.tf_given, $tf_floor)),
                                          -$tf_cap), $tf_cap), 1) END AS adj_given,
           CASE WHEN c.tf_family IS NULL OR w.u_family IS NULL THEN 0.0
                ELSE round(least(greatest(log2(w.u_family / greatest(c.tf_family, $tf_floor)),
                                          -$tf_cap), $tf_cap), 1) END AS adj_family
    FROM cmp AS c
    JOIN pw AS w ON w.code = c.code
    WHERE w.eligible
);
