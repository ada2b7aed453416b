-- Enforcement statistics (enforcement/statistics/) and the demo city's simulated year of
-- enforcement (tools/demo-city/enforcement-year.ts).

-- Rows written by the simulated year; the UI labels them, as it labels other synthetic demo data.
ALTER TABLE inspection ADD COLUMN simulated boolean NOT NULL DEFAULT false;

-- The statistics count completed inspections by completion month. Covering the columns they read
-- (enterprise, findings, flag) keeps a month's slice to an index-only range scan, and the
-- inspection list (newest first) no longer sorts a whole year of the city.
CREATE INDEX inspection_completed_idx ON inspection (completed_at, enterprise_id)
  INCLUDE (finding_count, simulated) WHERE status = 'completed';
CREATE INDEX inspection_started_idx ON inspection (started_at DESC, id DESC);

-- Penalties are counted by decision date: the same, for decided cases.
CREATE INDEX enforcement_case_decided_stats_idx ON enforcement_case (decided_on, enterprise_id)
  INCLUDE (fine_yuan, simulated) WHERE decided_on IS NOT NULL;
