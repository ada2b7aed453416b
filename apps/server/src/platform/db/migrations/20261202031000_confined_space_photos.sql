-- Photos in the confined-space ledger (有限空间台账: the space, its entry, its warning sign), kept
-- by the enterprise. The bytes and their SHA-256 are never changed; a photo that no longer shows
-- the space is taken out of the ledger (removed_at), not erased, so what was shown stays on file.
CREATE TABLE confined_space_photo (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  confined_space_id bigint NOT NULL REFERENCES confined_space (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  caption text NOT NULL DEFAULT '' CHECK (length(caption) <= 100),
  uploaded_by bigint NOT NULL REFERENCES app_user (id),
  uploaded_at timestamptz NOT NULL,
  removed_by bigint REFERENCES app_user (id),
  removed_at timestamptz,
  CHECK (size_bytes = octet_length(content)),
  CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE INDEX confined_space_photo_space_idx ON confined_space_photo (confined_space_id, id)
  WHERE removed_at IS NULL;
