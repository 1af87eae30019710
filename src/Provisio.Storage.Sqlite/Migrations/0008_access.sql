-- IdP groups become access (issue #13): per-tenant mappings of groups to roles and workspaces, the roles' ranks and
-- protection, and each user's effective access, kept up to date in the transaction of every write that changes it.

-- A mapping names its group by id, or by displayName (case-folded) so it can be set up before the first sync.
CREATE TABLE access_mappings (
    tenant_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    group_ref   TEXT NOT NULL,
    ref_kind    TEXT NOT NULL,
    roles       TEXT NULL,
    workspaces  TEXT NULL,
    created     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_access_mappings_group ON access_mappings (tenant_id, ref_kind, group_ref);

-- Roles the app defines: an optional rank ("highest role wins") and whether the last active holder is guarded.
CREATE TABLE access_roles (
    tenant_id  TEXT NOT NULL,
    role       TEXT NOT NULL,
    rank       INTEGER NULL,
    protected  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, role)
);

-- Effective access: one row per user, kind ('role' or 'workspace'), name and the mapped group that grants it. An
-- inactive or deleted user holds none.
CREATE TABLE user_access (
    tenant_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    group_id   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, kind, name, group_id)
);
CREATE INDEX ix_user_access_holders ON user_access (tenant_id, kind, name, user_id);

-- Tenants whose configuration changed (a mapping, a role, the allowlist) and whose users' access must be computed
-- again by the background job; written in the transaction of the change, so a crash loses no recomputation.
CREATE TABLE access_reconciliations (
    tenant_id  TEXT PRIMARY KEY,
    requested  TEXT NOT NULL
);
