-- Foundation: jurisdiction tree, industry codes, enterprise registry, inspectors, devices, imports.
-- Plain SQL for PostgreSQL 15+ (also runs on PGlite). Tables land in the schema on search_path.

CREATE TABLE jurisdiction (
  -- Official statistical code where one exists (440303, 440303001, 440303001001); otherwise a
  -- synthetic id (大鹏新区 has no statistical code; grids are ours).
  id text PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community', 'grid')),
  parent_id text REFERENCES jurisdiction (id),
  name text NOT NULL,
  official_code text,
  -- 大鹏新区 is a functional district: it administers three streets that are statistically in 龙岗.
  is_functional boolean NOT NULL DEFAULT false,
  -- GeoJSON geometry, WGS84. Districts are real outlines; street, community and grid shapes are
  -- generated (no public source exists) and flagged by boundary_synthetic.
  boundary jsonb,
  boundary_synthetic boolean NOT NULL DEFAULT false,
  center_lon double precision,
  center_lat double precision,
  sort_order integer NOT NULL DEFAULT 0
);
CREATE INDEX jurisdiction_parent_idx ON jurisdiction (parent_id);
CREATE INDEX jurisdiction_level_idx ON jurisdiction (level);

CREATE TABLE industry (
  code text PRIMARY KEY,                 -- GB/T 4754-2017 code with section letter, e.g. C3981
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  name text NOT NULL,
  parent_code text REFERENCES industry (code),
  -- 工贸 category; NULL when the industry is not supervised as 工贸.
  gongmao_category text CHECK (gongmao_category IN ('metallurgy', 'nonferrous', 'building_materials',
    'machinery', 'light_industry', 'textile', 'tobacco', 'commerce')),
  -- 'official' where 应急厅〔2019〕17号 lists the code; 'derived' where we mapped it from names
  -- because that part of the circular is missing from our sources.
  category_source text CHECK (category_source IN ('official', 'derived'))
);

CREATE TABLE enterprise (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credit_code text NOT NULL UNIQUE CHECK (length(credit_code) = 18),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  address text NOT NULL CHECK (length(address) BETWEEN 2 AND 300),
  industry_code text NOT NULL REFERENCES industry (code),
  gongmao_category text NOT NULL CHECK (gongmao_category IN ('metallurgy', 'nonferrous',
    'building_materials', 'machinery', 'light_industry', 'textile', 'tobacco', 'commerce')),
  scale text NOT NULL CHECK (scale IN ('large', 'medium', 'small', 'micro')),
  employees integer NOT NULL CHECK (employees BETWEEN 0 AND 1000000),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  -- The jurisdiction chain is denormalised so that every scope filter is one indexed equality.
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  community_id text NOT NULL REFERENCES jurisdiction (id),
  street_id text NOT NULL REFERENCES jurisdiction (id),
  district_id text NOT NULL REFERENCES jurisdiction (id),
  status text NOT NULL CHECK (status IN ('operating', 'suspended', 'closed')),
  synthetic boolean NOT NULL DEFAULT false,
  -- Characters and adjacent pairs of name and address, as integers (see search-terms.ts):
  -- substring search on Chinese text that works under any collation (PGlite is "C", where
  -- pg_trgm sees no CJK word characters) and stays compact.
  search_terms integer[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_grid_idx ON enterprise (grid_id, id);
CREATE INDEX enterprise_community_idx ON enterprise (community_id, id);
CREATE INDEX enterprise_street_idx ON enterprise (street_id, id);
CREATE INDEX enterprise_district_idx ON enterprise (district_id, id);
CREATE INDEX enterprise_industry_idx ON enterprise (industry_code, id);
CREATE INDEX enterprise_search_idx ON enterprise USING gin (search_terms);
-- The planner estimates a pair it does not find among the most common elements at half the
-- rarest tracked frequency. With the default target (~1,000 tracked of ~100,000 distinct pairs)
-- that guess is high, and under a small LIMIT it walks the id index through the whole table for
-- a rare name instead of asking the GIN index (seen: 0.8 s for a 2-character brand name).
ALTER TABLE enterprise ALTER COLUMN search_terms SET STATISTICS 1000;
-- Viewport queries of the map: a 2-D index, where a (lon, lat) B-tree could only use the lon range.
CREATE INDEX enterprise_location_idx ON enterprise USING gist (point(lon, lat));

CREATE TABLE inspector (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  phone text,
  street_id text NOT NULL REFERENCES jurisdiction (id),
  synthetic boolean NOT NULL DEFAULT false
);

-- Effective-dated responsibility ("责任到人"): [valid_from, valid_to), valid_to NULL = still in charge.
CREATE TABLE grid_assignment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspector_id bigint NOT NULL REFERENCES inspector (id),
  grid_id text NOT NULL REFERENCES jurisdiction (id),
  valid_from date NOT NULL,
  valid_to date,
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX grid_assignment_grid_idx ON grid_assignment (grid_id, valid_from);
CREATE INDEX grid_assignment_inspector_idx ON grid_assignment (inspector_id, valid_from);

CREATE TABLE device (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{3,64}$'),
  kind text NOT NULL CHECK (kind IN ('gas_detector', 'smart_lock')),
  enterprise_id bigint REFERENCES enterprise (id),
  label text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  online boolean NOT NULL DEFAULT false
);

CREATE TABLE telemetry (
  device_id text NOT NULL REFERENCES device (id),
  seq bigint NOT NULL,
  measured_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  o2 real,
  h2s real,
  co real,
  lel real,
  battery real,
  -- QoS 1 redelivers: a repeated seq is the same reading and must not be stored twice.
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX telemetry_latest_idx ON telemetry (device_id, measured_at DESC);

CREATE TABLE import_job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('enterprises')),
  file_name text NOT NULL,
  status text NOT NULL CHECK (status IN ('validating', 'writing', 'succeeded', 'failed')),
  total_rows integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  imported_rows integer NOT NULL DEFAULT 0,
  error_code text,
  row_errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
