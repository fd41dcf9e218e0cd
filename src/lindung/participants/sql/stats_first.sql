-- Count a snapshot's participants by region, segment, sector and standing (no previous one).
INSERT INTO participants_snapshotstat
    (snapshot_id, regency_code, district_code, segment, sector, standing, change, participants)
SELECT
    c.snapshot_id,
    c.regency_code,
    CASE WHEN LENGTH(c.region_code) >= 8 THEN SUBSTR(c.region_code, 1, 8) ELSE '' END,
    c.segment,
    c.sector,
    c.standing,
    'first',
    COUNT(*)
FROM participants_participant c
WHERE c.snapshot_id = %(current)s
GROUP BY 1, 2, 3, 4, 5, 6
