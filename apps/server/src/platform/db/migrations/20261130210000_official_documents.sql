-- Official enforcement documents (安全生产行政执法文书, 2016 式样 with the 2021 行政处罚法 updates):
-- numbering series and the archive of issued PDFs (enforcement/documents/).

-- One running number per issuing agency, number code and year. The series is the number's code
-- (应急责改, 应急罚 …), not the form: forms that share a code (行政处罚决定书 单位/个人) share one
-- series, so their numbers never collide. Incremented by an upsert inside the issuing transaction.
CREATE TABLE official_document_sequence (
  agency_code text NOT NULL,        -- jurisdiction id of the issuing 应急管理局 (city or district)
  series text NOT NULL,             -- the number's code, e.g. 应急责改
  year smallint NOT NULL CHECK (year BETWEEN 1000 AND 9999),
  last_number integer NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (agency_code, series, year)
);

CREATE TABLE official_document (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_code text NOT NULL,
  agency_name text NOT NULL,        -- as printed (深圳市宝安区应急管理局)
  doc_type text NOT NULL,           -- API key, e.g. rectification_order
  title text NOT NULL,              -- the form's title, e.g. 责令限期整改指令书
  series text NOT NULL,
  year smallint NOT NULL,
  sequence integer NOT NULL CHECK (sequence > 0),
  number text NOT NULL UNIQUE,      -- （深宝安）应急责改〔2026〕15号
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  document_date date NOT NULL,
  -- First 16 hex digits of SHA-256 over the canonical JSON of `content`; printed with a QR code.
  verification_code text NOT NULL UNIQUE CHECK (verification_code ~ '^[0-9a-f]{16}$'),
  -- SHA-256 of the PDF as issued.
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content jsonb NOT NULL,
  pdf bytea NOT NULL,
  issued_by bigint NOT NULL REFERENCES app_user (id),
  issued_at timestamptz NOT NULL,
  -- A number is never given twice, whatever the code path.
  UNIQUE (agency_code, series, year, sequence)
);
CREATE INDEX official_document_enterprise_idx ON official_document (enterprise_id, id);

-- An issued document is a legal act: it is never edited or deleted (a wrong one is answered by a
-- new document, not by changing the archive). Same refusal as the audit trail's tables.
CREATE TRIGGER official_document_no_update_delete BEFORE UPDATE OR DELETE ON official_document
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER official_document_no_truncate BEFORE TRUNCATE ON official_document
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
