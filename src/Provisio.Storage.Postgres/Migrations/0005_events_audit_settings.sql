-- What happens after a write (issue #11): change events, the audit log, soft-deleted users, per-tenant settings and
-- admin keys. Events and audit rows are written in the transaction of the change they describe.

-- Per-tenant settings as one JSON object (delete mode, grace days, audit retention, sensitive attributes, request-id
-- headers); NULL means every default.
ALTER TABLE tenants ADD COLUMN settings text NULL;

-- The outbox: one row per change event. sequence counts per tenant from 1, handed out by event_sequences inside the
-- write's transaction, so events become visible in sequence order and a feed cursor never skips one.
CREATE TABLE events (
    tenant_id      text NOT NULL,
    sequence       bigint NOT NULL,
    id             text NOT NULL,
    type           text NOT NULL,
    occurred_at    timestamptz NOT NULL,
    resource_type  text NOT NULL,
    resource_id    text NOT NULL,
    request_id     text NULL,
    token_id       text NULL,
    token_name     text NULL,
    data           text NOT NULL,
    changed        text NULL,
    PRIMARY KEY (tenant_id, sequence)
);
-- No index on id (a UUIDv7, unique by construction) or type (the feed filters types while it reads in sequence
-- order): every index is one more B-tree page written by every write.

CREATE TABLE event_sequences (
    tenant_id  text PRIMARY KEY,
    last       bigint NOT NULL
);

-- Where each consumer of the events (the in-process handlers, later each webhook endpoint) has got to per tenant,
-- and the events it must try again (after a failure, and the later events of the same resource behind it).
CREATE TABLE event_consumers (
    consumer   text NOT NULL,
    tenant_id  text NOT NULL,
    position   bigint NOT NULL,
    PRIMARY KEY (consumer, tenant_id)
);
CREATE TABLE event_retries (
    consumer      text NOT NULL,
    tenant_id     text NOT NULL,
    sequence      bigint NOT NULL,
    resource_id   text NOT NULL,
    attempts      integer NOT NULL,
    next_attempt  timestamptz NOT NULL,
    last_error    text NULL,
    PRIMARY KEY (consumer, tenant_id, sequence)
);
CREATE INDEX ix_event_retries_resource ON event_retries (consumer, tenant_id, resource_id);

-- One row per SCIM request that reached a tenant (writes, refused writes, and reads when the tenant asks for them).
CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       text NOT NULL,
    at              timestamptz NOT NULL,
    token_id        text NULL,
    token_name      text NULL,
    client_address  text NULL,
    request_id      text NULL,
    method          text NOT NULL,
    path            text NOT NULL,
    action          text NOT NULL,
    status          integer NOT NULL,
    error_type      text NULL,
    resource_type   text NULL,
    resource_id     text NULL,
    changes         text NULL
);
-- (tenant, id) pages the log and finds its oldest rows for pruning: ids grow with time.
CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id);
CREATE INDEX ix_audit_log_resource ON audit_log (tenant_id, resource_id, id);
CREATE INDEX ix_audit_log_request ON audit_log (tenant_id, request_id);

-- Soft-deleted resources leave the live tables (so every read, count and uniqueness check is as before) and wait
-- here with their memberships until they are purged.
CREATE TABLE deleted_resources (
    tenant_id      text NOT NULL,
    id             text NOT NULL,
    resource_type  text NOT NULL,
    user_name      text NULL,
    external_id    text NULL,
    version        bigint NOT NULL,
    created        timestamptz NOT NULL,
    last_modified  timestamptz NOT NULL,
    deleted        timestamptz NOT NULL,
    document       text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ix_deleted_resources_deleted ON deleted_resources (tenant_id, deleted);
CREATE TABLE deleted_memberships (
    tenant_id    text NOT NULL,
    group_id     text NOT NULL,
    member_id    text NOT NULL,
    member_type  text NOT NULL,
    PRIMARY KEY (tenant_id, member_id, group_id)
);

-- The password an IdP sent (Okta's password sync), as a salted PBKDF2 hash; never returned.
ALTER TABLE resources ADD COLUMN password_hash text NULL;
ALTER TABLE deleted_resources ADD COLUMN password_hash text NULL;

-- Keys for the admin API (/api): like SCIM tokens, only a SHA-256 hash is kept; id is the visible prefix.
CREATE TABLE admin_keys (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    secret_hash  bytea NOT NULL,
    created      timestamptz NOT NULL,
    revoked      timestamptz NULL,
    last_used    timestamptz NULL
);
