-- Safety service packages (安全服务包): items of the content library (data/profile/
-- service-content.json) matched to an enterprise's profile, delivered to its account and
-- acknowledged by it. A package is delivered when it is created (there is no separate delivery
-- step), so delivery and acknowledgement are columns of the package itself.

CREATE TABLE service_package (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- The bureau's calendar month of delivery, as its first day: one package per enterprise and month.
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  -- The content library's version the items were chosen from.
  library_version text NOT NULL CHECK (length(library_version) BETWEEN 1 AND 40),
  -- [{ id, kind, refs }]: the item ids and, for regulation items, the refs resolved for this
  -- enterprise (its industry's 令第10号 article). The texts are read from the library when shown.
  items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) > 0),
  -- { itemId: [reason, …] }: why each item was chosen, as the facts stood at delivery.
  matched_because jsonb NOT NULL CHECK (jsonb_typeof(matched_because) = 'object'),
  -- The profile at delivery, for the effect figures (grade change, hazards before and after).
  grade_at_delivery text NOT NULL CHECK (grade_at_delivery IN ('red', 'orange', 'yellow', 'blue', 'general')),
  score_at_delivery smallint NOT NULL CHECK (score_at_delivery BETWEEN 0 AND 100),
  model_version text NOT NULL REFERENCES grading_model (version),
  hazards_12m_before integer NOT NULL CHECK (hazards_12m_before >= 0),
  created_by bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  delivered_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by bigint REFERENCES app_user (id),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
  CHECK (acknowledged_at IS NULL OR acknowledged_at >= delivered_at)
);
-- Generation is idempotent within a month (INSERT … ON CONFLICT DO NOTHING); the index also serves
-- an enterprise's own list and the effect's join to its hazards.
CREATE UNIQUE INDEX service_package_enterprise_month_idx ON service_package (enterprise_id, month);
