-- Signed webhooks (issue #12): each tenant's endpoints, their delivery log, the events a consumer gave up on, and the
-- Data Protection keys that encrypt the signing secrets, kept here so every instance on this database can read them.

-- An endpoint is a consumer of the tenant's events named 'webhook:' || id in event_consumers and event_retries. Its
-- signing secrets are stored protected by Data Protection; during a rotation the previous one signs too until it expires.
CREATE TABLE webhook_endpoints (
    tenant_id                text NOT NULL,
    id                       text NOT NULL,
    url                      text NOT NULL,
    description              text NULL,
    event_types              text NULL,
    enabled                  boolean NOT NULL,
    secret                   text NOT NULL,
    previous_secret          text NULL,
    previous_secret_expires  timestamptz NULL,
    created                  timestamptz NOT NULL,
    updated                  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_webhook_endpoints_id ON webhook_endpoints (id);

-- The last attempts of each endpoint (deliveries, failures, test events), newest last, trimmed to a few per endpoint.
CREATE TABLE webhook_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    text NOT NULL,
    endpoint_id  text NOT NULL,
    event_id     text NOT NULL,
    event_type   text NOT NULL,
    sequence     bigint NULL,
    attempt      integer NOT NULL,
    at           timestamptz NOT NULL,
    outcome      text NOT NULL,
    status_code  integer NULL,
    latency_ms   integer NOT NULL,
    error        text NULL
);
CREATE INDEX ix_webhook_attempts_endpoint ON webhook_attempts (tenant_id, endpoint_id, id);

-- Events a consumer gave up on after its last attempt (dead deliveries), until they are re-queued.
CREATE TABLE event_dead_letters (
    consumer     text NOT NULL,
    tenant_id    text NOT NULL,
    sequence     bigint NOT NULL,
    resource_id  text NOT NULL,
    attempts     integer NOT NULL,
    last_error   text NULL,
    died         timestamptz NOT NULL,
    PRIMARY KEY (consumer, tenant_id, sequence)
);

-- ASP.NET Core Data Protection's key ring, one XML element per key.
CREATE TABLE data_protection_keys (
    name     text PRIMARY KEY,
    xml      text NOT NULL,
    created  timestamptz NOT NULL
);
