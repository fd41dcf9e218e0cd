-- Count the previous snapshot's participants missing from this one, as they were then.
INSERT INTO participants_snapshotstat
    (snapshot_id, regency_code, district_code, segment, sector, standing, change, participants)
SELECT
    %(current)s,
    p.regency_code,
    CASE WHEN LENGTH(p.region_code) >= 8 THEN SUBSTR(p.region_code, 1, 8) ELSE '' END,
    p.segment,
    p.sector,
    p.standing,
    'gone',
    COUNT(*)
FROM participants_participant p
WHERE p.snapshot_id = %(previous)s
  AND NOT EXISTS (
      SELECT 1 FROM participants_participant c
      WHERE c.snapshot_id = %(current)s AND c.kpj = p.kpj
  )
GROUP BY 2, 3, 4, 5, 6
