-- Tenant administration (issue #14): an admin key may be limited to one tenant (NULL: every tenant), and every change
-- to SCIM tokens (added, revoked, given an expiry by a rotation, removed with their tenant) moves one counter, which
-- the token caches of every instance watch. Counting the rows no longer works once tokens can be deleted.
ALTER TABLE admin_keys ADD COLUMN tenant_id text NULL;
CREATE INDEX ix_admin_keys_tenant ON admin_keys (tenant_id);

CREATE TABLE scim_token_generation (
    id     integer PRIMARY KEY CHECK (id = 1),
    value  bigint NOT NULL
);
INSERT INTO scim_token_generation (id, value) SELECT 1, COUNT(*) + COUNT(revoked) FROM scim_tokens;
