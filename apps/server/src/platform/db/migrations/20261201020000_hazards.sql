-- Hazards (隐患, grid/hazards/): reported, assigned with a deadline, rectified by the enterprise,
-- re-inspected and closed (销号); overdue ones escalated and referred to enforcement.

CREATE TABLE hazard (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- Copied from the enterprise at the report: where it was found. Scope is decided on these
  -- (each part one indexed equality, as for patrol tasks): a hazard stays with the grid that
  -- found it and follows it up, even if the enterprise is later re-gridded.
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  community_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  district_id text NOT NULL REFERENCES jurisdiction (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  source text NOT NULL CHECK (source IN ('patrol', 'inspection', 'tip', 'alarm', 'superior', 'self_check')),
  level text NOT NULL CHECK (level IN ('general', 'major')),
  -- An item of 令第10号 (工贸企业重大事故隐患判定标准), checked against the regulation library.
  major_hazard_ref text,
  status text NOT NULL
    CHECK (status IN ('reported', 'assigned', 'rectifying', 'submitted', 'closed', 'withdrawn')),
  deadline date,
  escalated boolean NOT NULL DEFAULT false,
  -- 挂牌督办: a major hazard is listed for supervision and reported to the district.
  listed_for_supervision boolean NOT NULL DEFAULT false,
  reported_to_district_at timestamptz,
  deferral_deadline date,
  deferral_reason text,
  deferral_requested_at timestamptz,
  deferral_requested_by bigint REFERENCES app_user (id),
  -- A rejection starts a new round: submit and verify count only the current round's photos.
  round integer NOT NULL DEFAULT 0 CHECK (round >= 0),
  patrol_task_id bigint REFERENCES patrol_task (id),
  checklist_item_id text,
  found_at timestamptz NOT NULL,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  reported_by bigint NOT NULL REFERENCES app_user (id),
  reported_at timestamptz NOT NULL,
  closed_at timestamptz,
  client_id uuid NOT NULL UNIQUE,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((level = 'major') = (major_hazard_ref IS NOT NULL)),
  CHECK (listed_for_supervision = (level = 'major')),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (status IN ('reported', 'withdrawn') OR deadline IS NOT NULL),
  CHECK ((deferral_deadline IS NULL) = (deferral_requested_at IS NULL)),
  CHECK (deferral_deadline IS NULL OR status IN ('assigned', 'rectifying'))
);
-- Lists are newest first by id (keyset `id < after`), within a scope column or an enterprise.
CREATE INDEX hazard_enterprise_idx ON hazard (enterprise_id, id DESC);
CREATE INDEX hazard_grid_idx ON hazard (grid_id, id DESC);
CREATE INDEX hazard_community_idx ON hazard (community_id, id DESC);
CREATE INDEX hazard_street_idx ON hazard (street_id, id DESC);
CREATE INDEX hazard_district_idx ON hazard (district_id, id DESC);
-- The overdue sweep: only hazards still with the enterprise and not yet escalated.
CREATE INDEX hazard_overdue_idx ON hazard (deadline)
  WHERE status IN ('assigned', 'rectifying') AND NOT escalated;
CREATE INDEX hazard_patrol_task_idx ON hazard (patrol_task_id) WHERE patrol_task_id IS NOT NULL;

CREATE TABLE hazard_transition (
  hazard_id bigint NOT NULL REFERENCES hazard (id),
  seq integer NOT NULL CHECK (seq > 0),
  event text NOT NULL CHECK (event IN ('report', 'assign', 'acknowledge', 'submit', 'verify', 'reject',
    'request_deferral', 'approve_deferral', 'deny_deferral', 'escalate', 'withdraw')),
  from_status text
    CHECK (from_status IN ('reported', 'assigned', 'rectifying', 'submitted', 'closed', 'withdrawn')),
  to_status text NOT NULL
    CHECK (to_status IN ('reported', 'assigned', 'rectifying', 'submitted', 'closed', 'withdrawn')),
  -- NULL for the overdue sweep (the system, not a user).
  actor_id bigint REFERENCES app_user (id),
  role text NOT NULL,
  note text,
  deadline date,
  -- When the user took the step (device clock); recorded_at when the server got it.
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  -- The request's clientId (a replay finds it); the sweep's rows have none.
  client_id uuid UNIQUE,
  PRIMARY KEY (hazard_id, seq)
);

CREATE TABLE hazard_photo (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id bigint NOT NULL REFERENCES hazard (id),
  stage text NOT NULL CHECK (stage IN ('report', 'rectification', 'verification')),
  round integer NOT NULL CHECK (round >= 0),
  file_name text NOT NULL,
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  captured_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  uploaded_by bigint NOT NULL REFERENCES app_user (id),
  client_id uuid NOT NULL UNIQUE
);
CREATE INDEX hazard_photo_hazard_idx ON hazard_photo (hazard_id, stage, round);

-- Picked up by the enforcement module (立案 or not); one per hazard, since escalation is once.
CREATE TABLE enforcement_referral (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id bigint NOT NULL UNIQUE REFERENCES hazard (id),
  reason text NOT NULL,
  created_at timestamptz NOT NULL,
  -- The enforcement module owns the later statuses; 'open' until it takes the referral up.
  status text NOT NULL DEFAULT 'open'
);

-- Transitions and photos are the record of what was done and seen: never edited or deleted.
CREATE TRIGGER hazard_transition_no_update_delete BEFORE UPDATE OR DELETE ON hazard_transition
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER hazard_transition_no_truncate BEFORE TRUNCATE ON hazard_transition
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER hazard_photo_no_update_delete BEFORE UPDATE OR DELETE ON hazard_photo
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER hazard_photo_no_truncate BEFORE TRUNCATE ON hazard_photo
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
