-- Operating a tenant (issue #14): dry run, externalId uniqueness, and the sync status.

-- Events written while the tenant was in dry run: recorded, listed by the admin API, never delivered (not to the
-- handlers, the webhooks or the feed), even after dry run is turned off. The partial index holds only those rows.
ALTER TABLE events ADD COLUMN dry_run integer NOT NULL DEFAULT 0;
CREATE INDEX ix_events_dry_run ON events (tenant_id, sequence) WHERE dry_run = 1;

-- A user's externalId, set only while its tenant has externalIdUnique on, so the database decides uniqueness (a
-- second create with the same externalId fails on this index, however the requests race).
ALTER TABLE resources ADD COLUMN unique_external_id text NULL;
CREATE UNIQUE INDEX ux_resources_unique_external_id ON resources (tenant_id, resource_type, unique_external_id)
    WHERE unique_external_id IS NOT NULL;

-- Suspended users, counted by the sync status without reading every user of the tenant.
CREATE INDEX ix_resources_suspended ON resources (tenant_id, resource_type) WHERE NOT active;

-- The refused requests of a tenant, newest first, for the sync status; the detail is the SCIM error's.
ALTER TABLE audit_log ADD COLUMN error_detail text NULL;
CREATE INDEX ix_audit_log_failures ON audit_log (tenant_id, id) WHERE status >= 400;

-- SCIM requests per tenant, five-minute period and status (reads included, audited or not), added up in memory by each instance
-- and written every few seconds; rows older than two days are deleted as new ones are written.
CREATE TABLE request_counts (
    tenant_id  text NOT NULL,
    bucket     timestamptz NOT NULL,
    status     integer NOT NULL,
    count      bigint NOT NULL,
    PRIMARY KEY (tenant_id, bucket, status)
);

-- When a tenant's first and latest SCIM requests arrived (kept while request_counts are pruned).
CREATE TABLE tenant_activity (
    tenant_id         text PRIMARY KEY,
    first_request_at  timestamptz NOT NULL,
    last_request_at   timestamptz NOT NULL
);
