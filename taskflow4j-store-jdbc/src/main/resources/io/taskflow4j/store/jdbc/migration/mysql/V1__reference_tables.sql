-- The reference's three tables on MySQL/MariaDB: JSON held as LONGTEXT, atom_type and intention
-- as ENUMs, InnoDB for the cascading foreign keys (which also index parent_uuid). Timestamps keep
-- microseconds (DATETIME(6)). IF NOT EXISTS lets a database the reference already wrote be
-- adopted unchanged.
CREATE TABLE IF NOT EXISTS logbooks (
    created_at DATETIME(6) NULL,
    updated_at DATETIME(6) NULL,
    meta LONGTEXT,
    name VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    PRIMARY KEY (uuid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS flowdetails (
    created_at DATETIME(6) NULL,
    updated_at DATETIME(6) NULL,
    parent_uuid VARCHAR(64),
    meta LONGTEXT,
    name VARCHAR(255),
    state VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    PRIMARY KEY (uuid),
    FOREIGN KEY (parent_uuid) REFERENCES logbooks (uuid) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS atomdetails (
    created_at DATETIME(6) NULL,
    updated_at DATETIME(6) NULL,
    meta LONGTEXT,
    parent_uuid VARCHAR(64),
    name VARCHAR(255),
    version VARCHAR(64),
    state VARCHAR(255),
    uuid VARCHAR(64) NOT NULL,
    failure LONGTEXT,
    results LONGTEXT,
    revert_results LONGTEXT,
    revert_failure LONGTEXT,
    atom_type ENUM ('TASK_DETAIL', 'RETRY_DETAIL'),
    intention ENUM ('EXECUTE', 'IGNORE', 'REVERT', 'RETRY'),
    PRIMARY KEY (uuid),
    FOREIGN KEY (parent_uuid) REFERENCES flowdetails (uuid) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
