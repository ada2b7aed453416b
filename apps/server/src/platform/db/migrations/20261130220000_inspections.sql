-- On-site inspections (现场检查, enforcement/inspections/): two officers, their findings with the
-- provisions breached, and the evidence files, stored with their bytes and hash-chained.

CREATE TABLE inspection (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed')),
  place text,
  -- 执法人员不得少于两人: the officer who started it and the partner they named.
  started_by bigint NOT NULL REFERENCES app_user (id),
  partner_id bigint NOT NULL REFERENCES app_user (id),
  started_at timestamptz NOT NULL,
  completed_at timestamptz,
  -- Kept under the row's lock: the next finding's / evidence file's seq is the count + 1, and a
  -- read compares the evidence rows it finds with this count (a deleted tail shows).
  finding_count integer NOT NULL DEFAULT 0 CHECK (finding_count >= 0),
  evidence_count integer NOT NULL DEFAULT 0 CHECK (evidence_count >= 0),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (started_by <> partner_id),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX inspection_enterprise_idx ON inspection (enterprise_id, id);
CREATE INDEX inspection_started_by_idx ON inspection (started_by, id);
CREATE INDEX inspection_partner_idx ON inspection (partner_id, id);

CREATE TABLE inspection_finding (
  inspection_id bigint NOT NULL REFERENCES inspection (id),
  seq integer NOT NULL CHECK (seq > 0),
  description text NOT NULL,
  -- Refs of the regulation library (lawId:article[:paragraph[:item]]), checked on the way in.
  provision_refs text[] NOT NULL,
  major_hazard_ref text,
  on_the_spot_measure text,
  recorded_at timestamptz NOT NULL,
  recorded_by bigint NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (inspection_id, seq)
);

CREATE TABLE inspection_evidence (
  inspection_id bigint NOT NULL REFERENCES inspection (id),
  seq integer NOT NULL CHECK (seq > 0),
  finding_seq integer,
  file_name text NOT NULL,
  media_type text NOT NULL
    CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  captured_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  -- nextChainHash(previous link's chain_hash, or evidenceGenesis(inspection id), this link).
  chain_hash text NOT NULL CHECK (chain_hash ~ '^[0-9a-f]{64}$'),
  uploaded_by bigint NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (inspection_id, seq),
  FOREIGN KEY (inspection_id, finding_seq) REFERENCES inspection_finding (inspection_id, seq)
);

-- Findings and evidence are records of what was seen: never edited or deleted. Same refusal as
-- the audit trail's tables and the document archive.
CREATE TRIGGER inspection_finding_no_update_delete BEFORE UPDATE OR DELETE ON inspection_finding
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER inspection_finding_no_truncate BEFORE TRUNCATE ON inspection_finding
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER inspection_evidence_no_update_delete BEFORE UPDATE OR DELETE ON inspection_evidence
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER inspection_evidence_no_truncate BEFORE TRUNCATE ON inspection_evidence
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
