-- taskflow4j's job board: one plain table of jobs with their leases, and the trash.
-- details is JSON kept as text, so that an entry another program wrote badly can be read,
-- reported and moved to the trash instead of failing every query.
CREATE TABLE taskflow4j_jobs (
  id               VARCHAR(64)  PRIMARY KEY,
  name             TEXT         NOT NULL,
  sequence         BIGSERIAL    NOT NULL,
  priority         SMALLINT     NOT NULL,
  created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
  book_uuid        VARCHAR(64),
  book_name        TEXT,
  details          TEXT         NOT NULL,
  owner            TEXT,
  lease_expires_at TIMESTAMPTZ,
  last_modified    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX taskflow4j_jobs_claim_order ON taskflow4j_jobs (priority, sequence);

CREATE TABLE taskflow4j_jobs_trash (
  id         VARCHAR(64) PRIMARY KEY,
  name       TEXT        NOT NULL,
  reason     TEXT        NOT NULL,
  trashed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  entry      TEXT        NOT NULL
);
