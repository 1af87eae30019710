-- A group deleted with more members than one write announces (issue #13): the DELETE empties it and answers at once,
-- and a background job emits its group.user_removed events, then group.deleted, from these rows.

-- The deleted group: its group.deleted event, and who deleted it (the request's id and token go on every event).
CREATE TABLE group_deletions (
    tenant_id     TEXT NOT NULL,
    group_id      TEXT NOT NULL,
    display_name  TEXT NULL,
    deleted       TEXT NOT NULL,
    request_id    TEXT NULL,
    token_id      TEXT NULL,
    token_name    TEXT NULL,
    data          TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id)
);

-- Its members when it was deleted, each removed from this table as its event is written.
CREATE TABLE group_deletion_members (
    tenant_id    TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    member_type  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id, member_id)
) WITHOUT ROWID;
