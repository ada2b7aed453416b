-- Objections (异议) to a grading input: the enterprise says an input is wrong and shows
-- evidence; a street officer accepts or rejects. An accepted objection becomes a correction the
-- grading input statement applies over what the records say, so the recomputed grade (and the
-- inputs it records) carry the corrected value.

CREATE TABLE grade_objection (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- Copied from the enterprise when filed: lists are scoped on these (placeInScope).
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  community_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  district_id text NOT NULL REFERENCES jurisdiction (id),
  indicator_id text NOT NULL CHECK (indicator_id ~ '^[A-Za-z0-9]{1,60}$'),
  model_version text NOT NULL REFERENCES grading_model (version),
  -- The value the grade used when the objection was filed, and the value the enterprise claims.
  recorded_value integer NOT NULL CHECK (recorded_value >= 0),
  claimed_value integer NOT NULL CHECK (claimed_value >= 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  filed_by bigint NOT NULL REFERENCES app_user (id),
  filed_at timestamptz NOT NULL,
  decided_by bigint REFERENCES app_user (id),
  decided_at timestamptz,
  decision_note text CHECK (decision_note IS NULL OR length(decision_note) BETWEEN 1 AND 1000),
  CHECK (recorded_value <> claimed_value),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'pending') = (decided_by IS NULL))
);
-- One open objection per enterprise and indicator.
CREATE UNIQUE INDEX grade_objection_pending_idx ON grade_objection (enterprise_id, indicator_id)
  WHERE status = 'pending';
CREATE INDEX grade_objection_grid_idx ON grade_objection (grid_id, id DESC);
CREATE INDEX grade_objection_community_idx ON grade_objection (community_id, id DESC);
CREATE INDEX grade_objection_street_idx ON grade_objection (street_id, id DESC);
CREATE INDEX grade_objection_district_idx ON grade_objection (district_id, id DESC);
CREATE INDEX grade_objection_enterprise_idx ON grade_objection (enterprise_id, id DESC);

CREATE TABLE grade_objection_evidence (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  objection_id bigint NOT NULL REFERENCES grade_objection (id),
  file_name text NOT NULL,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  uploaded_by bigint NOT NULL REFERENCES app_user (id),
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX grade_objection_evidence_objection_idx ON grade_objection_evidence (objection_id, id);

-- The value an accepted objection established, for a year (then the records speak again, or
-- the enterprise files anew). One per enterprise and indicator: a later acceptance replaces it.
CREATE TABLE grade_input_correction (
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  indicator_id text NOT NULL,
  value integer NOT NULL CHECK (value >= 0),
  objection_id bigint NOT NULL REFERENCES grade_objection (id),
  valid_from date NOT NULL,
  valid_until date NOT NULL CHECK (valid_until > valid_from),
  PRIMARY KEY (enterprise_id, indicator_id)
);

CREATE TRIGGER grade_input_correction_grading_ins AFTER INSERT ON grade_input_correction
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_changed();
CREATE TRIGGER grade_input_correction_grading_upd AFTER UPDATE ON grade_input_correction
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_changed();
CREATE TRIGGER grade_input_correction_grading_del AFTER DELETE ON grade_input_correction
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_changed();
