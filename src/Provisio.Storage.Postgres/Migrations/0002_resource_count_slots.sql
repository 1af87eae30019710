-- Each tenant's counts are spread over a few rows (slots) that writers pick at random and readers add up, so
-- concurrent creates in one tenant do not all wait for the lock on one row.
ALTER TABLE resource_counts ADD COLUMN slot integer NOT NULL DEFAULT 0;
ALTER TABLE resource_counts DROP CONSTRAINT resource_counts_pkey;
ALTER TABLE resource_counts ADD PRIMARY KEY (tenant_id, resource_type, slot);
