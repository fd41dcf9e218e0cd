-- The left rows still without a link.
CREATE OR REPLACE TABLE todo AS
SELECT rid AS l FROM L WHERE rid NOT IN (SELECT l FROM links);
