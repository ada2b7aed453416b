-- Enforcement cases (enforcement/cases/): from the rectification order after an inspection to
-- closure — re-inspection, 立案, investigation, 告知, decision, service, payment or enforcement.
-- The status column is driven only by the pure state machine in cases/case-machine.ts; every
-- transition appends a case_event row in the same transaction as the status change.

CREATE TABLE enforcement_case (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- The inspection whose findings opened the case (null for a case opened from a referral).
  inspection_id bigint REFERENCES inspection (id),
  referral_id bigint REFERENCES enforcement_referral (id),
  status text NOT NULL CHECK (status IN (
    'rectification_ordered', 'filing_review', 'filed', 'penalty_notified', 'hearing',
    'decision_review', 'decided', 'served', 'paid', 'enforcement', 'closed')),
  -- How a closed case ended: rectified without a case, filing refused, paid, enforced, not penalised.
  outcome text CHECK (outcome IN ('rectified', 'not_filed', 'paid', 'enforced', 'no_penalty')),
  cause text NOT NULL,                        -- 案由
  -- 承办人: two enforcement officers (执法人员不得少于两人).
  handler_id bigint NOT NULL REFERENCES app_user (id),
  co_handler_id bigint NOT NULL REFERENCES app_user (id),
  rectification_deadline date,
  reinspected_on date,
  filed_on date,
  decision_due_on date,                       -- filed_on + 90 calendar days (行政处罚法 第六十条)
  notified_on date,
  decided_on date,
  fine_yuan numeric(14, 2) CHECK (fine_yuan IS NULL OR fine_yuan >= 0),
  served_on date,
  payment_due_on date,
  paid_on date,
  closed_on date,
  -- Rows written by the demo city's simulated year of enforcement; the UI labels them.
  simulated boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at timestamptz NOT NULL,
  CHECK (handler_id <> co_handler_id),
  CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_on IS NOT NULL))
);
CREATE INDEX enforcement_case_enterprise_idx ON enforcement_case (enterprise_id, id);
CREATE INDEX enforcement_case_status_idx ON enforcement_case (status, id);
CREATE INDEX enforcement_case_handler_idx ON enforcement_case (handler_id, id);
CREATE INDEX enforcement_case_co_handler_idx ON enforcement_case (co_handler_id, id);
CREATE INDEX enforcement_case_decided_idx ON enforcement_case (decided_on) WHERE decided_on IS NOT NULL;

-- The violations a case is about: the finding's words and the provisions it breaches, the penalty
-- basis and its legal fine range, and (once investigated) the circumstances and the fine proposed.
CREATE TABLE enforcement_case_violation (
  case_id bigint NOT NULL REFERENCES enforcement_case (id),
  seq integer NOT NULL CHECK (seq > 0),
  finding text NOT NULL,
  inspection_finding_seq integer,
  provision_refs text[] NOT NULL,
  penalty_ref text,
  fine_min_yuan numeric(14, 2),
  fine_max_yuan numeric(14, 2),
  rectified boolean,                          -- the re-inspection's verdict on this item
  circumstances text[] NOT NULL DEFAULT '{}',
  proposed_fine_yuan numeric(14, 2),
  PRIMARY KEY (case_id, seq),
  CHECK (fine_min_yuan IS NULL OR fine_max_yuan IS NULL OR fine_min_yuan <= fine_max_yuan),
  CHECK (proposed_fine_yuan IS NULL OR proposed_fine_yuan >= 0)
);

-- The case's timeline: one row per transition, immutable.
CREATE TABLE enforcement_case_event (
  case_id bigint NOT NULL REFERENCES enforcement_case (id),
  seq integer NOT NULL CHECK (seq > 0),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  actor_id bigint REFERENCES app_user (id),
  at timestamptz NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (case_id, seq)
);
CREATE TRIGGER enforcement_case_event_no_update_delete BEFORE UPDATE OR DELETE ON enforcement_case_event
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- What the case's later documents need from its opening, and the approval and payment state.
ALTER TABLE enforcement_case
  -- The two officers as the documents print them: [{name, certificateNo}] (handler, co-handler).
  ADD COLUMN officers jsonb NOT NULL DEFAULT '[]',
  -- Documents of the case come from the bureau that issued its rectification order: the city
  -- bureau when a city-wide officer opened it, else the district's.
  ADD COLUMN city_agency boolean NOT NULL DEFAULT false,
  -- Each submission for approval (filing or decision) opens a round; a return ends it.
  ADD COLUMN approval_round integer NOT NULL DEFAULT 0 CHECK (approval_round >= 0),
  ADD COLUMN submitted_by bigint REFERENCES app_user (id),
  ADD COLUMN submitted_at timestamptz,
  -- The 立案 request as submitted by the 承办人, printed into the 立案审批表 at the 负责人's approval.
  ADD COLUMN filing_draft jsonb,
  -- The decision as submitted by the 承办人, printed into the 决定书 at the 负责人's approval.
  ADD COLUMN decision_draft jsonb,
  -- 陈述申辩 / 听证 request window: notified_on + 5 working days (行政处罚法 第六十四条, 第八十五条).
  ADD COLUMN statement_due_on date,
  ADD COLUMN statement_waived boolean NOT NULL DEFAULT false,
  ADD COLUMN hearing_held_on date,
  ADD COLUMN enforcement_started_on date,
  ADD COLUMN paid_amount_yuan numeric(14, 2) CHECK (paid_amount_yuan IS NULL OR paid_amount_yuan >= 0),
  ADD COLUMN updated_at timestamptz;

-- The official documents a case issued, by step (open, reinspection, filing, penalty_notice,
-- decision, service). Written in the transaction that issues the document.
CREATE TABLE enforcement_case_document (
  case_id bigint NOT NULL REFERENCES enforcement_case (id),
  document_id bigint NOT NULL UNIQUE REFERENCES official_document (id),
  step text NOT NULL CHECK (step IN ('open', 'reinspection', 'filing', 'penalty_notice', 'decision', 'service')),
  PRIMARY KEY (case_id, document_id)
);
CREATE TRIGGER enforcement_case_document_no_update_delete BEFORE UPDATE OR DELETE ON enforcement_case_document
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- Approvals of filing and decision: 审核 (level 1) then 负责人 (level 2), two different approvers,
-- neither a handler of the case (checked by the use case under the case's row lock).
CREATE TABLE enforcement_case_approval (
  case_id bigint NOT NULL REFERENCES enforcement_case (id),
  kind text NOT NULL CHECK (kind IN ('filing', 'decision')),
  round integer NOT NULL CHECK (round > 0),
  level smallint NOT NULL CHECK (level IN (1, 2)),
  decision text NOT NULL CHECK (decision IN ('approve', 'return', 'refuse')),
  decided_by bigint NOT NULL REFERENCES app_user (id),
  opinion text NOT NULL CHECK (length(opinion) BETWEEN 1 AND 1000),
  at timestamptz NOT NULL,
  PRIMARY KEY (case_id, round, level)
);
CREATE TRIGGER enforcement_case_approval_no_update_delete BEFORE UPDATE OR DELETE ON enforcement_case_approval
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
