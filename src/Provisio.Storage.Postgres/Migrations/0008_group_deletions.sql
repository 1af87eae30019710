-- A group deleted with more members than one write announces (issue #13): the DELETE empties it and answers at once,
-- and a background job emits its group.user_removed events, then group.deleted, from these rows.

-- The deleted group: its group.deleted event, and who deleted it (the request's id and token go on every event).
CREATE TABLE group_deletions (
    tenant_id     text NOT NULL,
    group_id      text NOT NULL,
    display_name  text NULL,
    deleted       timestamptz NOT NULL,
    request_id    text NULL,
    token_id      text NULL,
    token_name    text NULL,
    data          text NOT NULL,
    PRIMARY KEY (tenant_id, group_id)
);

-- Its members when it was deleted, each removed from this table as its event is written.
CREATE TABLE group_deletion_members (
    tenant_id    text NOT NULL,
    group_id     text NOT NULL,
    member_id    text NOT NULL,
    member_type  text NOT NULL,
    PRIMARY KEY (tenant_id, group_id, member_id)
);
