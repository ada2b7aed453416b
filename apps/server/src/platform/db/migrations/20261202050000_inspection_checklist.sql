-- The checklist of an on-site inspection (enforcement/inspections/): the same library as grid
-- patrols (platform/checklists/), one answer per item, overwritten when the officers change their
-- mind (each change is in the audit trail). A finding may name the item it was recorded from.

CREATE TABLE inspection_checklist_answer (
  inspection_id bigint NOT NULL REFERENCES inspection (id),
  item_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('pass', 'fail', 'not_applicable')),
  note text,
  -- The template the item was shown from (an item id is stable across versions).
  template_id text NOT NULL,
  template_version text NOT NULL,
  answered_at timestamptz NOT NULL,
  answered_by bigint NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (inspection_id, item_id)
);

ALTER TABLE inspection_finding ADD COLUMN checklist_item_id text;
