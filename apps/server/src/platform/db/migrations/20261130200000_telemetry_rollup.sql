-- One-minute rollups of gas readings, kept after the raw readings are pruned (see
-- confined/devices/telemetry-retention.ts). Worst values per minute: a chart of a long span must
-- still show the peak that raised an alarm.
CREATE TABLE telemetry_minute (
  device_id text NOT NULL REFERENCES device (id),
  minute timestamptz NOT NULL,
  readings integer NOT NULL CHECK (readings > 0),
  o2_min real,
  h2s_max real,
  co_max real,
  lel_max real,
  last_seq bigint NOT NULL,
  PRIMARY KEY (device_id, minute)
);
CREATE INDEX telemetry_measured_idx ON telemetry (measured_at);
