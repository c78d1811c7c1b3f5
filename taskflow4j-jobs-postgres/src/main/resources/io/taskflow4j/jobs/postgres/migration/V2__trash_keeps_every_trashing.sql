-- A job id may reach the trash more than once (a foreign program may list an id again after it
-- was trashed): each trashing keeps a row of its own instead of replacing the earlier one.
ALTER TABLE taskflow4j_jobs_trash ADD COLUMN entry_no BIGSERIAL NOT NULL;
ALTER TABLE taskflow4j_jobs_trash DROP CONSTRAINT taskflow4j_jobs_trash_pkey;
ALTER TABLE taskflow4j_jobs_trash ADD PRIMARY KEY (entry_no);
CREATE INDEX taskflow4j_jobs_trash_id ON taskflow4j_jobs_trash (id);
