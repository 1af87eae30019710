-- How many resources of each type a tenant has, and how many creates and deletes it has seen: kept in the same
-- transaction as the write, so an unfiltered list knows its totalResults without counting, and a change counter
-- tells caches of list positions when they went stale.
CREATE TABLE resource_counts (
    tenant_id      TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    count          INTEGER NOT NULL,
    changes        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, resource_type)
);
INSERT INTO resource_counts (tenant_id, resource_type, count, changes)
SELECT tenant_id, resource_type, COUNT(*), COUNT(*) FROM resources GROUP BY tenant_id, resource_type;
