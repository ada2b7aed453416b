-- Identity (accounts, scopes, sessions, second factor, enterprise self-registration) and the
-- hash-chained, append-only audit trail.

CREATE TABLE app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
  role text NOT NULL CHECK (role IN ('city_admin', 'district_officer', 'street_officer',
    'grid_inspector', 'enforcement_officer', 'approver', 'enterprise', 'auditor')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  phone text,
  -- The TOTP secret (base32). pending_ holds one being enrolled until a code confirms it.
  mfa_secret text,
  mfa_pending_secret text,
  -- The last accepted TOTP time step: a code at or before it is a replay.
  mfa_last_counter bigint,
  inspector_id bigint REFERENCES inspector (id),
  synthetic boolean NOT NULL DEFAULT false,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Usernames are matched case-insensitively (and lockout counts by the same key).
CREATE UNIQUE INDEX app_user_username_idx ON app_user (lower(username));

-- Scopes are nodes of the jurisdiction tree; a user sees what lies under any of them.
CREATE TABLE user_scope (
  user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  jurisdiction_id text NOT NULL REFERENCES jurisdiction (id),
  PRIMARY KEY (user_id, jurisdiction_id)
);

-- An enterprise account is bound to its enterprise(s) instead of a jurisdiction scope.
CREATE TABLE user_enterprise (
  user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  PRIMARY KEY (user_id, enterprise_id)
);
CREATE INDEX user_enterprise_enterprise_idx ON user_enterprise (enterprise_id);

CREATE TABLE recovery_code (
  user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Only the SHA-256 of the cookie's token is stored: a copy of this table opens no session.
CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('active', 'mfa_challenge', 'mfa_enrolment')),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Failed sign-ins by username key, whether or not such a user exists, so a locked unknown
-- name answers exactly like a locked real one.
CREATE TABLE sign_in_failure (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username_key text NOT NULL,
  ip text,
  at timestamptz NOT NULL
);
CREATE INDEX sign_in_failure_key_idx ON sign_in_failure (username_key, at);

CREATE TABLE enterprise_registration (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id bigint NOT NULL REFERENCES enterprise (id),
  -- The street whose officer decides, fixed when the request is made.
  street_id text NOT NULL REFERENCES jurisdiction (id),
  username text NOT NULL,
  display_name text NOT NULL,
  phone text NOT NULL,
  password_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  reason text,
  decided_by bigint REFERENCES app_user (id),
  decided_at timestamptz,
  user_id bigint REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX enterprise_registration_pending_idx ON enterprise_registration (enterprise_id)
  WHERE status = 'pending';
CREATE UNIQUE INDEX enterprise_registration_username_idx ON enterprise_registration (lower(username))
  WHERE status = 'pending';
CREATE INDEX enterprise_registration_street_idx ON enterprise_registration (street_id, status);

ALTER TABLE import_job ADD COLUMN created_by bigint REFERENCES app_user (id);

-- Per-device broker credentials: SHA-256 of a 256-bit secret issued once (see device-credentials.ts).
ALTER TABLE device ADD COLUMN secret_hash text;

-- Audit trail. Writers only append entries (in the transaction of the change they record, no
-- lock); a sealer then chains them in a fixed order once their transactions are over:
-- seal.hash = SHA-256(previous hash ‖ seq ‖ canonical entry). audit_head is the chain's tip and
-- the sealers' lock; sealed_below_xid says up to which transaction everything is chained.
CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash bytea NOT NULL,
  sealed_below_xid xid8 NOT NULL
);
INSERT INTO audit_head (id, seq, hash, sealed_below_xid)
VALUES (1, 0, decode(repeat('00', 32), 'hex'), '0'::xid8);

CREATE TABLE audit_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The writing transaction: an entry is chained only once this transaction is over, so the
  -- chain never has to make room for an entry that commits late.
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  at timestamptz NOT NULL,
  -- No foreign keys: the trail must stay readable whatever happens to the rows it describes.
  actor_id bigint,
  actor_name text,
  role text,
  ip text,
  action text NOT NULL,
  resource_type text,
  resource_id text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  before jsonb,
  after jsonb
);
-- Every audited write pays for each index here, so few: time as BRIN (the trail is appended in
-- time order), the writing transaction for the sealer, who and what object for the auditor.
CREATE INDEX audit_event_at_idx ON audit_event USING brin (at);
CREATE INDEX audit_event_xid_idx ON audit_event (xid, id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_name, id);
CREATE INDEX audit_event_resource_idx ON audit_event (resource_type, resource_id, id);

CREATE TABLE audit_seal (
  seq bigint PRIMARY KEY,
  event_id bigint NOT NULL UNIQUE,
  hash bytea NOT NULL
);

-- Append-only, enforced by the database for every role that cannot drop triggers: the
-- application's UPDATE, DELETE or TRUNCATE on the trail is refused (SQLSTATE 42501).
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_no_update_delete BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The tip only moves forward: setting it back would make the next seals collide with existing
-- seqs (a denial of service on the trail), and it cannot be deleted.
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.seq < OLD.seq OR NEW.id <> OLD.id
     OR NEW.sealed_below_xid < OLD.sealed_below_xid THEN
    RAISE EXCEPTION 'audit_head only moves forward: % refused', TG_OP USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
