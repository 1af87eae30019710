CREATE TABLE tenants (
    id            text PRIMARY KEY,
    display_name  text NOT NULL,
    created       timestamptz NOT NULL
);

-- SCIM bearer tokens: only a SHA-256 hash of the secret is kept; id is the visible prefix.
CREATE TABLE scim_tokens (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants (id),
    name         text NOT NULL,
    secret_hash  bytea NOT NULL,
    created      timestamptz NOT NULL,
    expires      timestamptz NULL,
    revoked      timestamptz NULL,
    last_used    timestamptz NULL
);
CREATE INDEX ix_scim_tokens_tenant ON scim_tokens (tenant_id);

-- One row per resource: promoted keys (case-insensitive ones folded) beside the full document. tenant_id leads every
-- key, so the schema distributes by tenant (Citus: distribution column tenant_id).
CREATE TABLE resources (
    tenant_id      text NOT NULL,
    resource_type  text NOT NULL,
    id             text NOT NULL,
    user_name      text NULL,
    display_name   text NULL,
    display        text NULL,
    external_id    text NULL,
    active         boolean NULL,
    version        bigint NOT NULL,
    created        timestamptz NOT NULL,
    last_modified  timestamptz NOT NULL,
    document       jsonb NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- userName is unique per tenant, case-insensitively: the database decides, so racing instances give one 201 and one 409.
CREATE UNIQUE INDEX ux_resources_user_name ON resources (tenant_id, user_name) WHERE user_name IS NOT NULL;
CREATE INDEX ix_resources_external_id ON resources (tenant_id, resource_type, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ix_resources_display_name ON resources (tenant_id, resource_type, display_name);
CREATE INDEX ix_resources_order ON resources (tenant_id, resource_type, created, id);

CREATE TABLE resource_values (
    tenant_id    text NOT NULL,
    resource_id  text NOT NULL,
    attribute    text NOT NULL,
    qualifier    text NULL,
    value        text NOT NULL
);
CREATE INDEX ix_resource_values_lookup ON resource_values (tenant_id, attribute, value);
CREATE INDEX ix_resource_values_resource ON resource_values (tenant_id, resource_id);

CREATE TABLE group_members (
    tenant_id    text NOT NULL,
    group_id     text NOT NULL,
    member_id    text NOT NULL,
    member_type  text NOT NULL,
    PRIMARY KEY (tenant_id, group_id, member_id)
);
CREATE INDEX ix_group_members_member ON group_members (tenant_id, member_id);

CREATE TABLE resource_counts (
    tenant_id      text NOT NULL,
    resource_type  text NOT NULL,
    count          bigint NOT NULL,
    changes        bigint NOT NULL,
    PRIMARY KEY (tenant_id, resource_type)
);

-- The comparisons the protocol core defines (Provisio.Scim.Filtering.ScimValues), in SQL. Folding is lower() under
-- the database's LC_CTYPE (use a UTF-8 one); an xsd:dateTime becomes UTC ticks, anything else NULL, never an error.
CREATE FUNCTION scim_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
    AS 'SELECT lower(value)';

CREATE FUNCTION scim_instant(value text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
AS $$
BEGIN
    IF value !~ '^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:\d{2})?$' THEN
        RETURN NULL;
    END IF;
    -- A value without an offset is UTC, as in the protocol core.
    RETURN floor(extract(epoch FROM (CASE WHEN value ~ '(Z|z|[+-]\d{2}:\d{2})$' THEN value ELSE value || 'Z' END)::timestamptz) * 10000000)::bigint
           + 621355968000000000;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;
