-- An alarm turned into a hazard (grid supervision, confined/alarms/alarm-hazard.ts): at most one
-- hazard per alarm, and the readings around the alarm kept with the hazard as an evidence file
-- whose digest the database itself checks against the bytes, so no writer can store a mismatch.
ALTER TABLE hazard ADD COLUMN alarm_id bigint UNIQUE REFERENCES alarm (id);
-- A hazard reported by hand may still name 'alarm' as its source (an officer told of one); only
-- the link needs the source to match.
ALTER TABLE hazard ADD CONSTRAINT hazard_alarm_source CHECK (alarm_id IS NULL OR source = 'alarm');

CREATE TABLE hazard_evidence_file (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id bigint NOT NULL REFERENCES hazard (id),
  kind text NOT NULL CHECK (kind IN ('alarm_readings')),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (media_type IN ('text/csv')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL,
  created_by bigint NOT NULL REFERENCES app_user (id),
  CHECK (size_bytes = octet_length(content)),
  CHECK (sha256 = encode(sha256(content), 'hex'))
);
CREATE INDEX hazard_evidence_file_hazard_idx ON hazard_evidence_file (hazard_id);

-- Evidence is the record of what was measured: never edited or deleted.
CREATE TRIGGER hazard_evidence_file_no_update_delete BEFORE UPDATE OR DELETE ON hazard_evidence_file
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER hazard_evidence_file_no_truncate BEFORE TRUNCATE ON hazard_evidence_file
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
