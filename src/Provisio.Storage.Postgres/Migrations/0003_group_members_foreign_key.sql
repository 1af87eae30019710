-- A membership row names a resource that exists. Under READ COMMITTED a PATCH could check a member, a concurrent
-- DELETE of that member commit, and the PATCH then insert its row: the member stayed in groups (and in filters and
-- counts) after it was gone. With the key, the insert waits for the DELETE and then fails, or the DELETE waits for the
-- insert and removes the row with the member. SQLite needs none: its one writer checks and inserts under one lock.
DELETE FROM group_members m
 WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.tenant_id = m.tenant_id AND r.id = m.member_id)
    OR NOT EXISTS (SELECT 1 FROM resources r WHERE r.tenant_id = m.tenant_id AND r.id = m.group_id);
-- Only the member side: a group's own row is locked by every write to its members, so it cannot vanish under them.
ALTER TABLE group_members
    ADD CONSTRAINT fk_group_members_member FOREIGN KEY (tenant_id, member_id) REFERENCES resources (tenant_id, id) ON DELETE CASCADE;
