-- Confined-space work (有限空间作业): the ledger, electronic work permits, unlock tokens, the
-- locks' own logs, and alarms. Rules: 工贸企业有限空间作业安全规定 (应急管理部令第13号).

CREATE TABLE confined_space (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- The enterprise's own ledger number (台账编号), unique within the enterprise.
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- 地下 (wells, pits, septic tanks), 地上 (silos, storage tanks), 密闭设备 (reactors, boilers, pipes).
  space_type text NOT NULL CHECK (space_type IN ('underground', 'aboveground', 'closed_equipment')),
  location text NOT NULL DEFAULT '',
  lon double precision,
  lat double precision,
  -- Closed vocabulary (contracts: CONFINED_HAZARDS): h2s, co, oxygen_deficiency, combustible, …
  hazards text[] NOT NULL DEFAULT '{}',
  ventilation text NOT NULL CHECK (ventilation IN ('natural', 'mechanical', 'none')),
  entry_points smallint NOT NULL DEFAULT 1 CHECK (entry_points BETWEEN 1 AND 50),
  rescue_plan text NOT NULL DEFAULT '',
  rescue_equipment text[] NOT NULL DEFAULT '{}',
  warning_sign boolean NOT NULL DEFAULT false,
  -- Per-space alarm limits overriding the defaults (data/confined/gas-limits.json); NULL = defaults.
  limits jsonb,
  -- Demo-city rows are generated, not surveyed; the UI says so.
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, code)
);
CREATE INDEX confined_space_enterprise_idx ON confined_space (enterprise_id, id);

-- A lock or a fixed detector installed at one space.
ALTER TABLE device ADD COLUMN confined_space_id bigint REFERENCES confined_space (id);
CREATE INDEX device_confined_space_idx ON device (confined_space_id);

CREATE TABLE work_permit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  confined_space_id bigint NOT NULL REFERENCES confined_space (id),
  -- Denormalised from the space so that every scope filter is one join shorter.
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'active', 'suspended',
    'completed', 'expired', 'cancelled')),
  work_content text NOT NULL,
  entrants text[] NOT NULL,
  attendant text NOT NULL,            -- 监护人
  responsible_person text NOT NULL,   -- 作业负责人
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  -- Answers to the risk-identification checklist built from 令第13号 (item id → confirmed).
  checklist jsonb NOT NULL DEFAULT '{}',
  applicant_id bigint REFERENCES app_user (id),
  approver_id bigint REFERENCES app_user (id),
  return_reason text,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  approved_at timestamptz,
  activated_at timestamptz,
  suspended_at timestamptz,
  ended_at timestamptz,
  -- Bumped on every change: a stale form cannot overwrite a newer state.
  version integer NOT NULL DEFAULT 1,
  CHECK (window_end > window_start)
);
CREATE INDEX work_permit_space_idx ON work_permit (confined_space_id, window_start);
CREATE INDEX work_permit_enterprise_idx ON work_permit (enterprise_id, id);
CREATE INDEX work_permit_live_idx ON work_permit (status) WHERE status IN ('approved', 'active', 'suspended');

-- Each status change, for the permit's timeline (the audit trail holds the same, hash-chained).
CREATE TABLE work_permit_transition (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  permit_id bigint NOT NULL REFERENCES work_permit (id),
  from_status text,
  to_status text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id bigint REFERENCES app_user (id),
  -- 'user' or 'system' (an alarm suspending the permit, the clock expiring it).
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  reason text
);
CREATE INDEX work_permit_transition_permit_idx ON work_permit_transition (permit_id, id);

CREATE TABLE gas_test (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  permit_id bigint NOT NULL REFERENCES work_permit (id),
  source text NOT NULL CHECK (source IN ('detector', 'manual')),
  device_id text REFERENCES device (id),
  telemetry_seq bigint,
  instrument_id text,
  tester text NOT NULL,
  measured_at timestamptz NOT NULL,
  o2 real,
  h2s real,
  co real,
  lel real,
  passed boolean NOT NULL,
  -- Which limits failed, with value and limit, so the verdict can be explained later.
  failures jsonb NOT NULL DEFAULT '[]',
  recorded_by bigint REFERENCES app_user (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (source = 'manual' OR device_id IS NOT NULL),
  CHECK (source = 'detector' OR instrument_id IS NOT NULL)
);
CREATE INDEX gas_test_permit_idx ON gas_test (permit_id, recorded_at DESC);

-- Every unlock token the server signed. The token itself is not stored: it is useless without the
-- private key and this row says everything needed to judge a lock's log against it.
CREATE TABLE unlock_token (
  id uuid PRIMARY KEY,
  permit_id bigint NOT NULL REFERENCES work_permit (id),
  lock_id text NOT NULL REFERENCES device (id),
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by bigint REFERENCES app_user (id)
);
CREATE INDEX unlock_token_permit_idx ON unlock_token (permit_id);

-- The lock's own log as uploaded (maybe late, by a phone or gateway): the truth about openings.
CREATE TABLE lock_event (
  device_id text NOT NULL REFERENCES device (id),
  seq bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL CHECK (type IN ('unlocked', 'locked', 'opened_without_token', 'tamper', 'low_battery')),
  token_id text,
  -- Verdict of reconciliation against the permits: 'authorised', or why not.
  verdict text,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX lock_event_token_idx ON lock_event (token_id) WHERE token_id IS NOT NULL;

-- Sequence numbers a device skipped: loss the device never delivered, reported, not hidden.
CREATE TABLE telemetry_gap (
  device_id text NOT NULL REFERENCES device (id),
  from_seq bigint NOT NULL,
  to_seq bigint NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, from_seq),
  CHECK (to_seq >= from_seq)
);

CREATE TABLE alarm (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- source + kind (+ rule): one open alarm per key. Survives restarts, so a re-evaluation after a
  -- restart finds the open alarm instead of raising it twice.
  dedup_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('gas_over_limit', 'unapproved_unlocking', 'overtime',
    'detector_silent', 'device_offline', 'low_battery')),
  severity text NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
  status text NOT NULL CHECK (status IN ('raised', 'acknowledged', 'resolved')),
  device_id text REFERENCES device (id),
  permit_id bigint REFERENCES work_permit (id),
  confined_space_id bigint REFERENCES confined_space (id),
  enterprise_id bigint REFERENCES enterprise (id),
  -- When it happened (a reading's measured time, a lock's opening time), not when we heard of it.
  occurred_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  -- Evidence: the rule, values, limit and its source; the readings around it.
  detail jsonb NOT NULL DEFAULT '{}',
  escalation_level smallint NOT NULL DEFAULT 0,
  escalated_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by bigint REFERENCES app_user (id),
  resolved_at timestamptz,
  resolved_by bigint REFERENCES app_user (id),
  resolution text CHECK (resolution IN ('false_alarm', 'real_incident', 'test', 'dispatched')),
  resolution_note text,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE UNIQUE INDEX alarm_open_dedup_idx ON alarm (dedup_key) WHERE status <> 'resolved';
CREATE INDEX alarm_enterprise_idx ON alarm (enterprise_id, id DESC);
CREATE INDEX alarm_open_idx ON alarm (raised_at) WHERE status <> 'resolved';
CREATE INDEX alarm_permit_idx ON alarm (permit_id) WHERE permit_id IS NOT NULL;
