-- The planner estimates how many enterprises contain a character pair from the array's most
-- common elements; the default target tracks too few of the ~100,000 distinct pairs, and a
-- common pair estimated as rare sends a search down a slow plan.
ALTER TABLE enterprise ALTER COLUMN search_terms SET STATISTICS 1000;
