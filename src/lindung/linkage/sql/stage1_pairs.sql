-- Stage 1: exact NIK, for the left rows still to link.
CREATE OR REPLACE TABLE pairs AS
SELECT a.rid AS l, b.rid AS r, $flag::INTEGER AS flags
FROM L AS a
JOIN todo AS t ON t.l = a.rid
JOIN R AS b ON a.nik = b.nik;
