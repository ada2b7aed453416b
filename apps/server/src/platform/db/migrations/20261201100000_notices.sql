-- Notices (通知): what users should hear about without looking for it. A notice belongs to a
-- place (and, for an enterprise's matter, the enterprise), so who sees it follows the same scope
-- rules as every other record; each user's reading is kept apart.
CREATE TABLE notice (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('grade_changed')),
  enterprise_id bigint REFERENCES enterprise (id),
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  community_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  district_id text NOT NULL REFERENCES jurisdiction (id),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX notice_enterprise_idx ON notice (enterprise_id, id DESC);
CREATE INDEX notice_grid_idx ON notice (grid_id, id DESC);
CREATE INDEX notice_community_idx ON notice (community_id, id DESC);
CREATE INDEX notice_street_idx ON notice (street_id, id DESC);
CREATE INDEX notice_district_idx ON notice (district_id, id DESC);
CREATE INDEX notice_created_idx ON notice (created_at DESC);

CREATE TABLE notice_read (
  user_id bigint NOT NULL REFERENCES app_user (id),
  notice_id bigint NOT NULL REFERENCES notice (id),
  read_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, notice_id)
);
