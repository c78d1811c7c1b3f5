-- taskflow4j's index for listing flows newest-updated first (taskflow flows, the dashboard): a page
-- is read in index order instead of sorting every flow.
CREATE INDEX IF NOT EXISTS taskflow4j_flowdetails_updated ON flowdetails (updated_at, created_at);
