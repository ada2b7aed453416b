-- Dispatch events (分拨, grid/dispatch/) with their append-only timeline and 督办 items, and public
-- tips (群众举报, grid/tips/) with their photos.

CREATE TABLE dispatch_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('patrol', 'tip', 'alarm', 'superior')),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'filed', 'not_filed',
    'dispatched', 'handling', 'handled', 'closed', 'evaluated')),
  urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('urgent', 'normal', 'low')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  -- The jurisdiction chain is copied from the grid so that every scope filter is one indexed
  -- equality, as on the enterprise.
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  community_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  district_id text NOT NULL REFERENCES jurisdiction (id),
  -- A department or team id of data/grid/dispatch-departments.json (a data list, so no FK).
  department text,
  -- Who found it (patrol) or entered it (superior); NULL for tips and alarms. 巡办结合 needs one.
  finder_id bigint REFERENCES app_user (id),
  filed_at timestamptz,
  -- The SLA clock (立案 → closure) and the current step's deadline; both set by the machine.
  sla_due_at timestamptz,
  step_due_at timestamptz,
  -- The timeline step that set step_due_at: a 督办 item is raised once per such step.
  step_seq integer NOT NULL DEFAULT 1 CHECK (step_seq > 0),
  closed_at timestamptz,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK (source NOT IN ('patrol', 'superior') OR finder_id IS NOT NULL),
  CHECK (status IN ('received', 'not_filed') OR filed_at IS NOT NULL)
);
CREATE INDEX dispatch_event_grid_idx ON dispatch_event (grid_id, id);
CREATE INDEX dispatch_event_street_idx ON dispatch_event (street_id, id);
CREATE INDEX dispatch_event_community_idx ON dispatch_event (community_id, id);
CREATE INDEX dispatch_event_district_idx ON dispatch_event (district_id, id);
-- The overdue sweep and the "overdue" filter read only the open events with a deadline.
CREATE INDEX dispatch_event_due_idx ON dispatch_event (step_due_at) WHERE step_due_at IS NOT NULL;

CREATE TABLE dispatch_step (
  event_id bigint NOT NULL REFERENCES dispatch_event (id),
  seq integer NOT NULL CHECK (seq > 0),
  event text NOT NULL CHECK (event IN ('report', 'file', 'not_file', 'dispatch', 'assign_finder',
    'accept', 'feedback', 'verify', 'return', 'evaluate')),
  from_status text,
  to_status text NOT NULL,
  note text,
  department text,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  -- NULL with actor_name 'public' for a tip's first step.
  actor_id bigint REFERENCES app_user (id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL,
  due_at timestamptz,
  PRIMARY KEY (event_id, seq)
);

-- The timeline is the event's record: never edited or deleted (same refusal as the audit trail).
CREATE TRIGGER dispatch_step_no_update_delete BEFORE UPDATE OR DELETE ON dispatch_step
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER dispatch_step_no_truncate BEFORE TRUNCATE ON dispatch_step
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- 督办: raised by the overdue sweep for a step past its deadline, resolved when the event moves on.
CREATE TABLE dispatch_supervision (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES dispatch_event (id),
  step_seq integer NOT NULL,
  status text NOT NULL,
  due_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL,
  resolved_at timestamptz,
  -- Once per step: the sweep may run in several processes and again every few minutes.
  UNIQUE (event_id, step_seq),
  FOREIGN KEY (event_id, step_seq) REFERENCES dispatch_step (event_id, seq)
);
CREATE INDEX dispatch_supervision_open_idx ON dispatch_supervision (event_id) WHERE resolved_at IS NULL;

-- A random salt, made once by the first process that needs it, so that every process hashes an
-- address the same way (the per-address limit is counted across processes).
CREATE TABLE public_tip_salt (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  salt bytea NOT NULL CHECK (length(salt) = 32)
);

CREATE TABLE public_tip (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tracking_code text NOT NULL UNIQUE CHECK (tracking_code ~ '^[A-HJKMNP-Z2-9]{12}$'),
  -- The client's idempotency key: a retried submission finds its tip instead of making another.
  client_id uuid NOT NULL UNIQUE,
  event_id bigint NOT NULL UNIQUE REFERENCES dispatch_event (id),
  contact_phone text,
  -- SHA-256(salt ‖ address), hex: enough to count a flood, never the address itself.
  ip_hash text NOT NULL CHECK (ip_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL
);
CREATE INDEX public_tip_ip_idx ON public_tip (ip_hash, created_at);

CREATE TABLE tip_photo (
  tip_id bigint NOT NULL REFERENCES public_tip (id),
  seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 3),
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  PRIMARY KEY (tip_id, seq)
);
CREATE TRIGGER tip_photo_no_update_delete BEFORE UPDATE OR DELETE ON tip_photo
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
