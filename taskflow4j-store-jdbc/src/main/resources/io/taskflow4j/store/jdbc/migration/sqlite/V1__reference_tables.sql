-- The reference's three tables as its SQLite backend creates them. IF NOT EXISTS lets a
-- database the reference already wrote be adopted unchanged; the two indexes are taskflow4j's.
CREATE TABLE IF NOT EXISTS logbooks (
    created_at DATETIME,
    updated_at DATETIME,
    meta TEXT,
    name VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    PRIMARY KEY (uuid),
    UNIQUE (uuid)
);

CREATE TABLE IF NOT EXISTS flowdetails (
    created_at DATETIME,
    updated_at DATETIME,
    parent_uuid VARCHAR(64),
    meta TEXT,
    name VARCHAR(255),
    state VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    PRIMARY KEY (uuid),
    FOREIGN KEY (parent_uuid) REFERENCES logbooks (uuid) ON DELETE CASCADE,
    UNIQUE (uuid)
);

CREATE TABLE IF NOT EXISTS atomdetails (
    created_at DATETIME,
    updated_at DATETIME,
    meta TEXT,
    parent_uuid VARCHAR(64),
    name VARCHAR(255),
    version VARCHAR(64),
    state VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    failure TEXT,
    results TEXT,
    revert_results TEXT,
    revert_failure TEXT,
    atom_type VARCHAR(12),
    intention VARCHAR(7),
    PRIMARY KEY (uuid),
    FOREIGN KEY (parent_uuid) REFERENCES flowdetails (uuid) ON DELETE CASCADE,
    UNIQUE (uuid)
);

CREATE INDEX IF NOT EXISTS taskflow4j_flowdetails_parent ON flowdetails (parent_uuid);
CREATE INDEX IF NOT EXISTS taskflow4j_atomdetails_parent ON atomdetails (parent_uuid);
