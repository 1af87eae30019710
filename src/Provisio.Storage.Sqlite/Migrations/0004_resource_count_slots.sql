-- Each tenant's counts are spread over a few rows (slots) that writers pick at random and readers add up, so
-- concurrent creates in one tenant do not all wait for the lock on one row (PostgreSQL). SQLite has one writer at a
-- time anyway; it keeps the same layout so both dialects share the SQL.
CREATE TABLE resource_counts_slotted (
    tenant_id      TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    slot           INTEGER NOT NULL,
    count          INTEGER NOT NULL,
    changes        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, resource_type, slot)
);
INSERT INTO resource_counts_slotted (tenant_id, resource_type, slot, count, changes)
SELECT tenant_id, resource_type, 0, count, changes FROM resource_counts;
DROP TABLE resource_counts;
ALTER TABLE resource_counts_slotted RENAME TO resource_counts;
