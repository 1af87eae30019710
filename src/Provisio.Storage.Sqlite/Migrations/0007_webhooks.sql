-- Signed webhooks (issue #12): each tenant's endpoints, their delivery log, the events a consumer gave up on, and the
-- Data Protection keys that encrypt the signing secrets, kept here so every instance on this database can read them.

-- An endpoint is a consumer of the tenant's events named 'webhook:' || id in event_consumers and event_retries. Its
-- signing secrets are stored protected by Data Protection; during a rotation the previous one signs too until it expires.
CREATE TABLE webhook_endpoints (
    tenant_id                TEXT NOT NULL,
    id                       TEXT NOT NULL,
    url                      TEXT NOT NULL,
    description              TEXT NULL,
    event_types              TEXT NULL,
    enabled                  INTEGER NOT NULL,
    secret                   TEXT NOT NULL,
    previous_secret          TEXT NULL,
    previous_secret_expires  TEXT NULL,
    created                  TEXT NOT NULL,
    updated                  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_webhook_endpoints_id ON webhook_endpoints (id);

-- The last attempts of each endpoint (deliveries, failures, test events), newest last, trimmed to a few per endpoint.
CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    endpoint_id  TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    sequence     INTEGER NULL,
    attempt      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    status_code  INTEGER NULL,
    latency_ms   INTEGER NOT NULL,
    error        TEXT NULL
);
CREATE INDEX ix_webhook_attempts_endpoint ON webhook_attempts (tenant_id, endpoint_id, id);

-- Events a consumer gave up on after its last attempt (dead deliveries), until they are re-queued.
CREATE TABLE event_dead_letters (
    consumer     TEXT NOT NULL,
    tenant_id    TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    resource_id  TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    last_error   TEXT NULL,
    died         TEXT NOT NULL,
    PRIMARY KEY (consumer, tenant_id, sequence)
);

-- ASP.NET Core Data Protection's key ring, one XML element per key.
CREATE TABLE data_protection_keys (
    name     TEXT PRIMARY KEY,
    xml      TEXT NOT NULL,
    created  TEXT NOT NULL
);
