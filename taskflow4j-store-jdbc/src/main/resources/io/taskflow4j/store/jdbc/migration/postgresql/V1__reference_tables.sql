-- The reference's three tables on PostgreSQL: json columns and the enum types atom_types and
-- intentions. Every statement tolerates what already exists, so a database the reference
-- already wrote is adopted unchanged; the two indexes are taskflow4j's.
DO $$
BEGIN
    CREATE TYPE atom_types AS ENUM ('RETRY_DETAIL', 'TASK_DETAIL');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

DO $$
BEGIN
    CREATE TYPE intentions AS ENUM ('EXECUTE', 'IGNORE', 'REVERT', 'RETRY');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;

CREATE TABLE IF NOT EXISTS logbooks (
    created_at TIMESTAMP WITHOUT TIME ZONE,
    updated_at TIMESTAMP WITHOUT TIME ZONE,
    meta JSON,
    name VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    PRIMARY KEY (uuid),
    UNIQUE (uuid)
);

CREATE TABLE IF NOT EXISTS flowdetails (
    created_at TIMESTAMP WITHOUT TIME ZONE,
    updated_at TIMESTAMP WITHOUT TIME ZONE,
    parent_uuid VARCHAR(64),
    meta JSON,
    name VARCHAR(255),
    state VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    PRIMARY KEY (uuid),
    FOREIGN KEY (parent_uuid) REFERENCES logbooks (uuid) ON DELETE CASCADE,
    UNIQUE (uuid)
);

CREATE TABLE IF NOT EXISTS atomdetails (
    created_at TIMESTAMP WITHOUT TIME ZONE,
    updated_at TIMESTAMP WITHOUT TIME ZONE,
    meta JSON,
    parent_uuid VARCHAR(64),
    name VARCHAR(255),
    version VARCHAR(64),
    state VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    failure JSON,
    results JSON,
    revert_results JSON,
    revert_failure JSON,
    atom_type atom_types,
    intention intentions,
    PRIMARY KEY (uuid),
    FOREIGN KEY (parent_uuid) REFERENCES flowdetails (uuid) ON DELETE CASCADE,
    UNIQUE (uuid)
);

CREATE INDEX IF NOT EXISTS taskflow4j_flowdetails_parent ON flowdetails (parent_uuid);
CREATE INDEX IF NOT EXISTS taskflow4j_atomdetails_parent ON atomdetails (parent_uuid);
