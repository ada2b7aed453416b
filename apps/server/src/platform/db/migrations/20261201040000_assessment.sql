-- Assessment (考核, grid/assessment/): the random re-check of closed hazards by another inspector.
-- The monthly figures themselves are computed from the records (tasks, hazards, transitions) and
-- never stored, so they cannot drift from what happened.

CREATE TABLE hazard_recheck (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id bigint NOT NULL UNIQUE REFERENCES hazard (id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  -- The inspector whose closure (销号) is being checked: the re-check result counts for them.
  verified_by_inspector_id bigint REFERENCES inspector (id),
  -- The re-checker: another inspector of the same street.
  inspector_id bigint NOT NULL REFERENCES inspector (id),
  -- Why this hazard was drawn: {seed, position, of, share}; drawing again reproduces it.
  selection jsonb NOT NULL,
  result text CHECK (result IN ('confirmed', 'refuted')),
  note text,
  checked_at timestamptz,
  checked_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  CHECK ((result IS NULL) = (checked_at IS NULL)),
  CHECK (verified_by_inspector_id IS DISTINCT FROM inspector_id)
);
CREATE INDEX hazard_recheck_month_idx ON hazard_recheck (month, street_id);
CREATE INDEX hazard_recheck_inspector_idx ON hazard_recheck (inspector_id, id);
