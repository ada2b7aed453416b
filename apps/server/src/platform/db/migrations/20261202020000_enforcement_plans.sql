-- Enforcement plans and 双随机 draws (enforcement/plans/). A plan belongs to one bureau (a city or
-- district node); monthly plans hang off the bureau's annual plan. A draw is a recorded,
-- reproducible selection: its inputs (seed, sorted candidates, officers, n) are kept beside its
-- result, so anyone may re-run it. Draws and their targets are never edited or deleted.

CREATE TABLE enforcement_plan (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_id text NOT NULL REFERENCES jurisdiction (id),
  kind text NOT NULL CHECK (kind IN ('annual', 'monthly')),
  parent_id bigint REFERENCES enforcement_plan (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  month smallint CHECK (month BETWEEN 1 AND 12),
  title text NOT NULL,
  -- How many enterprises the random part (随机抽取检查对象) draws from the rest of the jurisdiction.
  random_count integer NOT NULL CHECK (random_count BETWEEN 0 AND 500),
  -- Optional narrowing of the random pool to one 工贸 category.
  industry_category text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  current_draw_id bigint,
  created_by bigint NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  published_by bigint REFERENCES app_user (id),
  published_at timestamptz,
  CHECK ((kind = 'annual') = (month IS NULL)),
  CHECK ((kind = 'annual') = (parent_id IS NULL)),
  CHECK ((status = 'published') = (published_at IS NOT NULL AND published_by IS NOT NULL AND current_draw_id IS NOT NULL))
);
CREATE INDEX enforcement_plan_jurisdiction_idx ON enforcement_plan (jurisdiction_id, year, id);

CREATE TABLE enforcement_plan_draw (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES enforcement_plan (id),
  algorithm text NOT NULL,
  seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{32}$'),
  -- The inputs, as the pure draw saw them (sorted), and their SHA-256 digests.
  candidate_ids bigint[] NOT NULL,
  candidate_digest text NOT NULL,
  officer_ids bigint[] NOT NULL,
  officer_digest text NOT NULL,
  random_count integer NOT NULL,
  drawn_by bigint NOT NULL REFERENCES app_user (id),
  drawn_at timestamptz NOT NULL
);
CREATE INDEX enforcement_plan_draw_plan_idx ON enforcement_plan_draw (plan_id, id);
ALTER TABLE enforcement_plan
  ADD CONSTRAINT enforcement_plan_current_draw_fk FOREIGN KEY (current_draw_id) REFERENCES enforcement_plan_draw (id);

-- What a draw selected: every target (by grade, by referral, at random) with its officer pair.
CREATE TABLE enforcement_plan_target (
  draw_id bigint NOT NULL REFERENCES enforcement_plan_draw (id),
  seq integer NOT NULL CHECK (seq >= 1),
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  source text NOT NULL CHECK (source IN ('grade', 'referral', 'random')),
  grade text,
  referral_id bigint REFERENCES enforcement_referral (id),
  officer_a bigint NOT NULL REFERENCES app_user (id),
  officer_b bigint NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (draw_id, seq),
  UNIQUE (draw_id, enterprise_id),
  CHECK (officer_a <> officer_b)
);

-- One task per (plan, enterprise), created when the plan is published.
CREATE TABLE enforcement_task (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES enforcement_plan (id),
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  source text NOT NULL CHECK (source IN ('grade', 'referral', 'random')),
  referral_id bigint REFERENCES enforcement_referral (id),
  officer_a bigint NOT NULL REFERENCES app_user (id),
  officer_b bigint NOT NULL REFERENCES app_user (id),
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'in_progress', 'done')),
  inspection_id bigint UNIQUE REFERENCES inspection (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (plan_id, enterprise_id),
  CHECK (officer_a <> officer_b),
  CHECK ((status = 'assigned') = (inspection_id IS NULL))
);
CREATE INDEX enforcement_task_officer_a_idx ON enforcement_task (officer_a, status);
CREATE INDEX enforcement_task_officer_b_idx ON enforcement_task (officer_b, status);
CREATE INDEX enforcement_task_referral_idx ON enforcement_task (referral_id) WHERE referral_id IS NOT NULL;

CREATE TRIGGER enforcement_plan_draw_no_update_delete BEFORE UPDATE OR DELETE ON enforcement_plan_draw
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER enforcement_plan_draw_no_truncate BEFORE TRUNCATE ON enforcement_plan_draw
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER enforcement_plan_target_no_update_delete BEFORE UPDATE OR DELETE ON enforcement_plan_target
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER enforcement_plan_target_no_truncate BEFORE TRUNCATE ON enforcement_plan_target
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
