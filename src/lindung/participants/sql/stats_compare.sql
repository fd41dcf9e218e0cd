-- Count a snapshot's participants by region, segment, sector, standing and what changed
-- since the previous snapshot; the same person is the same KPJ in both extracts.
INSERT INTO participants_snapshotstat
    (snapshot_id, regency_code, district_code, segment, sector, standing, change, participants)
SELECT
    c.snapshot_id,
    c.regency_code,
    CASE WHEN LENGTH(c.region_code) >= 8 THEN SUBSTR(c.region_code, 1, 8) ELSE '' END,
    c.segment,
    c.sector,
    c.standing,
    CASE
        WHEN p.id IS NULL THEN 'new'
        WHEN c.standing = 'covered' AND p.standing = 'covered' THEN 'continuing'
        WHEN c.standing = 'covered' THEN 'reactivated'
        WHEN p.standing = 'covered' THEN 'lapsed'
        ELSE 'still_lapsed'
    END,
    COUNT(*)
FROM participants_participant c
LEFT JOIN participants_participant p
    ON p.snapshot_id = %(previous)s AND p.kpj = c.kpj
WHERE c.snapshot_id = %(current)s
GROUP BY 1, 2, 3, 4, 5, 6, 7
