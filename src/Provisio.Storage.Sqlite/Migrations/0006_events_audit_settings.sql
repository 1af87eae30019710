-- What happens after a write (issue #11): change events, the audit log, soft-deleted users, per-tenant settings and
-- admin keys. Events and audit rows are written in the transaction of the change they describe.

-- Per-tenant settings as one JSON object (delete mode, grace days, audit retention, sensitive attributes, request-id
-- headers); NULL means every default.
ALTER TABLE tenants ADD COLUMN settings TEXT NULL;

-- The outbox: one row per change event. sequence counts per tenant from 1, handed out by event_sequences inside the
-- write's transaction, so events become visible in sequence order and a feed cursor never skips one.
CREATE TABLE events (
    tenant_id      TEXT NOT NULL,
    sequence       INTEGER NOT NULL,
    id             TEXT NOT NULL,
    type           TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    resource_id    TEXT NOT NULL,
    request_id     TEXT NULL,
    token_id       TEXT NULL,
    token_name     TEXT NULL,
    data           TEXT NOT NULL,
    changed        TEXT NULL,
    PRIMARY KEY (tenant_id, sequence)
) WITHOUT ROWID;
-- No index on id (a UUIDv7, unique by construction) or type (the feed filters types while it reads in sequence
-- order): every index is one more B-tree page written by every write.

CREATE TABLE event_sequences (
    tenant_id  TEXT NOT NULL PRIMARY KEY,
    last       INTEGER NOT NULL
);

-- Where each consumer of the events (the in-process handlers, later each webhook endpoint) has got to per tenant,
-- and the events it must try again (after a failure, and the later events of the same resource behind it).
CREATE TABLE event_consumers (
    consumer   TEXT NOT NULL,
    tenant_id  TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (consumer, tenant_id)
);
CREATE TABLE event_retries (
    consumer      TEXT NOT NULL,
    tenant_id     TEXT NOT NULL,
    sequence      INTEGER NOT NULL,
    resource_id   TEXT NOT NULL,
    attempts      INTEGER NOT NULL,
    next_attempt  TEXT NOT NULL,
    last_error    TEXT NULL,
    PRIMARY KEY (consumer, tenant_id, sequence)
);
CREATE INDEX ix_event_retries_resource ON event_retries (consumer, tenant_id, resource_id);

-- One row per SCIM request that reached a tenant (writes, refused writes, and reads when the tenant asks for them).
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    at              TEXT NOT NULL,
    token_id        TEXT NULL,
    token_name      TEXT NULL,
    client_address  TEXT NULL,
    request_id      TEXT NULL,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    action          TEXT NOT NULL,
    status          INTEGER NOT NULL,
    error_type      TEXT NULL,
    resource_type   TEXT NULL,
    resource_id     TEXT NULL,
    changes         TEXT NULL
);
-- (tenant, id) pages the log and finds its oldest rows for pruning: ids grow with time.
CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id);
CREATE INDEX ix_audit_log_resource ON audit_log (tenant_id, resource_id, id);
CREATE INDEX ix_audit_log_request ON audit_log (tenant_id, request_id);

-- Soft-deleted resources leave the live tables (so every read, count and uniqueness check is as before) and wait
-- here with their memberships until they are purged.
CREATE TABLE deleted_resources (
    tenant_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    user_name      TEXT NULL,
    external_id    TEXT NULL,
    version        INTEGER NOT NULL,
    created        TEXT NOT NULL,
    last_modified  TEXT NOT NULL,
    deleted        TEXT NOT NULL,
    document       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ix_deleted_resources_deleted ON deleted_resources (tenant_id, deleted);
CREATE TABLE deleted_memberships (
    tenant_id    TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    member_type  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, member_id, group_id)
) WITHOUT ROWID;

-- The password an IdP sent (Okta's password sync), as a salted PBKDF2 hash; never returned.
ALTER TABLE resources ADD COLUMN password_hash TEXT NULL;
ALTER TABLE deleted_resources ADD COLUMN password_hash TEXT NULL;

-- Keys for the admin API (/api): like SCIM tokens, only a SHA-256 hash is kept; id is the visible prefix.
CREATE TABLE admin_keys (
    id           TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    secret_hash  BLOB NOT NULL,
    created      TEXT NOT NULL,
    revoked      TEXT NULL,
    last_used    TEXT NULL
);
