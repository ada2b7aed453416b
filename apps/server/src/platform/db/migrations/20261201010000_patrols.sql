-- Patrol tasks (巡查任务, grid/patrols/): generated monthly from each enterprise's patrol frequency,
-- shared out among the grid's inspectors, walked with a GPS check-in and a check-list.

CREATE TABLE patrol_task (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('planned', 'ad_hoc')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'checked_in', 'done', 'cancelled')),
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- Copied from the enterprise when the task is made: the task stays with the grid it was
  -- planned for, and a scope filter is one indexed equality.
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  inspector_id bigint NOT NULL REFERENCES inspector (id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  due_date date NOT NULL,
  note text,
  -- text, not uuid: the contract's ClientId pattern admits strings uuid would reject with a 500.
  check_in_client_id text UNIQUE,
  check_in_at timestamptz,
  check_in_lat double precision,
  check_in_lon double precision,
  check_in_accuracy double precision,
  check_in_distance_m double precision,
  outside_geofence boolean,
  completed_at timestamptz,
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((check_in_at IS NULL) = (check_in_client_id IS NULL))
);
-- One planned task per enterprise and month: generation can run again without doubling.
CREATE UNIQUE INDEX patrol_task_planned_idx ON patrol_task (enterprise_id, month) WHERE kind = 'planned';
CREATE INDEX patrol_task_inspector_idx ON patrol_task (inspector_id, due_date) WHERE status IN ('open', 'checked_in');
CREATE INDEX patrol_task_grid_idx ON patrol_task (grid_id, month, id);
CREATE INDEX patrol_task_street_idx ON patrol_task (street_id, month, id);

CREATE TABLE patrol_checklist (
  task_id bigint PRIMARY KEY REFERENCES patrol_task (id),
  client_id text NOT NULL UNIQUE,
  template_id text NOT NULL,
  template_version text NOT NULL,
  -- [{itemId, outcome, note}] as submitted, checked against the template on the way in.
  results jsonb NOT NULL,
  failed_items text[] NOT NULL,
  submitted_at timestamptz NOT NULL,
  submitted_by bigint NOT NULL REFERENCES app_user (id),
  received_at timestamptz NOT NULL
);
