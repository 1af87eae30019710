CREATE TABLE tenants (
    id            TEXT NOT NULL PRIMARY KEY,
    display_name  TEXT NOT NULL,
    created       TEXT NOT NULL
);

-- SCIM bearer tokens: only a SHA-256 hash of the secret is kept; id is the visible prefix.
CREATE TABLE scim_tokens (
    id           TEXT NOT NULL PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    name         TEXT NOT NULL,
    secret_hash  BLOB NOT NULL,
    created      TEXT NOT NULL,
    expires      TEXT NULL,
    revoked      TEXT NULL,
    last_used    TEXT NULL
);
CREATE INDEX ix_scim_tokens_tenant ON scim_tokens (tenant_id);

-- One row per resource: promoted keys (case-insensitive ones folded) beside the full JSON document.
CREATE TABLE resources (
    tenant_id      TEXT NOT NULL,
    resource_type  TEXT NOT NULL,
    id             TEXT NOT NULL,
    user_name      TEXT NULL,
    display_name   TEXT NULL,
    display        TEXT NULL,
    external_id    TEXT NULL,
    active         INTEGER NULL,
    version        INTEGER NOT NULL,
    created        TEXT NOT NULL,
    last_modified  TEXT NOT NULL,
    document       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- userName is unique per tenant, case-insensitively: the database decides, not a read-then-write check.
CREATE UNIQUE INDEX ux_resources_user_name ON resources (tenant_id, user_name) WHERE user_name IS NOT NULL;
CREATE INDEX ix_resources_external_id ON resources (tenant_id, resource_type, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ix_resources_display_name ON resources (tenant_id, resource_type, display_name);
CREATE INDEX ix_resources_order ON resources (tenant_id, resource_type, created, id);

-- Values of multi-valued attributes that are looked up by equality (emails.value), folded.
CREATE TABLE resource_values (
    tenant_id    TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    attribute    TEXT NOT NULL,
    qualifier    TEXT NULL,
    value        TEXT NOT NULL
);
CREATE INDEX ix_resource_values_lookup ON resource_values (tenant_id, attribute, value);
CREATE INDEX ix_resource_values_resource ON resource_values (tenant_id, resource_id);

-- Group membership, indexed both ways: one row per (group, member).
CREATE TABLE group_members (
    tenant_id    TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    member_type  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id, member_id)
) WITHOUT ROWID;
CREATE INDEX ix_group_members_member ON group_members (tenant_id, member_id);
