-- The enterprise profile (企业画像) and its risk grade (分级). Records the platform does not make
-- itself (accidents, credit, penalties before enforcement, drills, safety management) carry their
-- source, so the profile shows where each came from.

CREATE TABLE enterprise_risk_tag (
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  tag text NOT NULL CHECK (tag IN ('dust_explosion', 'liquid_ammonia', 'hazardous_chemicals',
    'metal_smelting', 'electroplating')),
  source text NOT NULL CHECK (source IN ('platform', 'declared', 'import', 'demo')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enterprise_id, tag)
);

CREATE TABLE enterprise_safety_management (
  enterprise_id bigint PRIMARY KEY REFERENCES enterprise (id),
  emergency_plan_filed boolean NOT NULL,
  safety_officers integer NOT NULL CHECK (safety_officers BETWEEN 0 AND 10000),
  training_coverage_percent smallint NOT NULL CHECK (training_coverage_percent BETWEEN 0 AND 100),
  certificates_complete boolean NOT NULL,
  -- 安全生产标准化: 0 none, 1 level three, 2 level two, 3 level one.
  standardisation_level smallint NOT NULL CHECK (standardisation_level BETWEEN 0 AND 3),
  source text NOT NULL CHECK (source IN ('platform', 'declared', 'import', 'demo')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE emergency_drill (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  held_on date NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  source text NOT NULL CHECK (source IN ('platform', 'declared', 'import', 'demo')),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_drill_enterprise_idx ON emergency_drill (enterprise_id, held_on);

CREATE TABLE enterprise_accident (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  occurred_on date NOT NULL,
  severity text NOT NULL CHECK (severity IN ('minor_injury', 'serious_injury', 'fatal')),
  deaths integer NOT NULL CHECK (deaths >= 0),
  injuries integer NOT NULL CHECK (injuries >= 0),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  source text NOT NULL CHECK (source IN ('platform', 'declared', 'import', 'demo')),
  source_ref text,
  recorded_by bigint REFERENCES app_user (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((severity = 'fatal') = (deaths > 0))
);
CREATE INDEX enterprise_accident_enterprise_idx ON enterprise_accident (enterprise_id, occurred_on);

CREATE TABLE enterprise_credit_record (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  kind text NOT NULL CHECK (kind IN ('serious_dishonesty', 'adverse')),
  recorded_on date NOT NULL,
  expires_on date,
  authority text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  source text NOT NULL CHECK (source IN ('platform', 'declared', 'import', 'demo')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_on IS NULL OR expires_on > recorded_on)
);
CREATE INDEX enterprise_credit_record_enterprise_idx ON enterprise_credit_record (enterprise_id);

-- Penalties and rectification orders decided outside this platform (before enforcement moved
-- here); the ones issued here are counted from official_document instead.
CREATE TABLE enterprise_penalty (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  kind text NOT NULL CHECK (kind IN ('penalty', 'rectification_order')),
  decided_on date NOT NULL,
  amount_yuan numeric(14, 2) CHECK (amount_yuan IS NULL OR amount_yuan >= 0),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  source text NOT NULL CHECK (source IN ('platform', 'declared', 'import', 'demo')),
  source_ref text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_penalty_enterprise_idx ON enterprise_penalty (enterprise_id, decided_on);

-- Grading models are versioned documents; exactly one is active. A version is never edited:
-- changing a figure is a new version, so a past grade can be reproduced from its version.
CREATE TABLE grading_model (
  version text PRIMARY KEY CHECK (length(version) BETWEEN 1 AND 40),
  document jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  note text NOT NULL,
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  CHECK ((status = 'draft') = (activated_at IS NULL))
);
CREATE UNIQUE INDEX grading_model_one_active_idx ON grading_model (status) WHERE status = 'active';

-- The current grade, with the inputs it was computed from (so it can be reproduced).
CREATE TABLE enterprise_grade (
  enterprise_id bigint PRIMARY KEY REFERENCES enterprise (id),
  model_version text NOT NULL REFERENCES grading_model (version),
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  base_grade text NOT NULL CHECK (base_grade IN ('red', 'orange', 'yellow', 'blue', 'general')),
  grade text NOT NULL CHECK (grade IN ('red', 'orange', 'yellow', 'blue', 'general')),
  inputs jsonb NOT NULL,
  computed_at timestamptz NOT NULL
);
CREATE INDEX enterprise_grade_grade_idx ON enterprise_grade (grade);

-- Every change of grade, newest last (a first grade is no change: enterprise_grade has it).
CREATE TABLE enterprise_grade_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  model_version text NOT NULL REFERENCES grading_model (version),
  score smallint NOT NULL,
  previous_grade text NOT NULL CHECK (previous_grade IN ('red', 'orange', 'yellow', 'blue', 'general')),
  grade text NOT NULL CHECK (grade IN ('red', 'orange', 'yellow', 'blue', 'general')),
  inputs jsonb NOT NULL,
  reason text NOT NULL CHECK (reason IN ('batch', 'input_changed', 'model_activated')),
  at timestamptz NOT NULL,
  CHECK (previous_grade <> grade)
);
CREATE INDEX enterprise_grade_change_enterprise_idx ON enterprise_grade_change (enterprise_id, id DESC);

-- Enterprises whose inputs changed since their grade was computed. Filled by the triggers below,
-- in the writing transaction (so no write path can forget it); drained by the worker within
-- seconds. The daily batch covers what changes with time alone (deadlines passing, windows).
CREATE TABLE grading_queue (
  enterprise_id bigint PRIMARY KEY REFERENCES enterprise (id),
  queued_at timestamptz NOT NULL DEFAULT now()
);

-- Statement-level, with transition tables: a bulk load of 100,000 hazards queues each
-- enterprise once per statement instead of running a trigger per row.
CREATE FUNCTION grading_queue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grading_queue (enterprise_id)
  SELECT DISTINCT enterprise_id FROM changed_rows WHERE enterprise_id IS NOT NULL
  ON CONFLICT (enterprise_id) DO NOTHING;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hazard', 'enterprise_accident', 'enterprise_credit_record',
    'enterprise_penalty', 'enterprise_risk_tag', 'enterprise_safety_management',
    'emergency_drill', 'alarm', 'official_document', 'confined_space']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_changed()', t || '_grading_ins', t);
    -- official_document refuses updates and deletes; the others change status, counts and dates,
    -- and a withdrawn declaration (a risk tag) is a delete: the rows it removes are the changed ones.
    IF t <> 'official_document' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_changed()', t || '_grading_upd', t);
      EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_changed()', t || '_grading_del', t);
    END IF;
  END LOOP;
END;
$$;

-- The enterprise's own registry fields (scale, employees) are inputs too.
CREATE FUNCTION grading_queue_enterprise_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grading_queue (enterprise_id)
  SELECT n.id FROM changed_rows n
  ON CONFLICT (enterprise_id) DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER enterprise_grading_upd AFTER UPDATE ON enterprise REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_enterprise_changed();
-- A new enterprise is graded within seconds, not at the next daily batch.
CREATE TRIGGER enterprise_grading_ins AFTER INSERT ON enterprise REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION grading_queue_enterprise_changed();

-- Why a planned patrol task exists: the enterprise's grade set its interval ('grade:red'), it
-- had no grade yet and its 工贸 category's default applied ('category:machinery'), or it is a
-- general-grade enterprise drawn in the month's seeded random sample ('sample:<seed>').
ALTER TABLE patrol_task ADD COLUMN basis text
  CHECK (basis IS NULL OR basis ~ '^(grade:(red|orange|yellow|blue)|category:[a-z_]+|sample:[A-Za-z0-9:_-]+)$');
