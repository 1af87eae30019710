-- Planner statistics for the shape a directory grows into, so lookups go through the selective indexes (userName,
-- externalId, emails, membership) from the first sync on, before any real ANALYZE has run. Format of "stat": rows in
-- the table, then rows per distinct value of the first 1, 2, ... index columns. SqliteOptimizer replaces these with
-- measured numbers (PRAGMA optimize) as the tables grow.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl IN ('resources', 'resource_values', 'group_members');
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('resources', 'sqlite_autoindex_resources_1', '100000 50000 1'),
    ('resources', 'ux_resources_user_name', '100000 50000 1'),
    ('resources', 'ix_resources_external_id', '100000 50000 25000 1'),
    ('resources', 'ix_resources_display_name', '100000 50000 25000 2'),
    ('resources', 'ix_resources_order', '100000 50000 25000 1 1'),
    ('resource_values', 'ix_resource_values_lookup', '100000 50000 50000 1'),
    ('resource_values', 'ix_resource_values_resource', '100000 50000 1'),
    ('group_members', 'sqlite_autoindex_group_members_1', '100000 50000 1000 1'),
    ('group_members', 'ix_group_members_member', '100000 50000 5');
ANALYZE sqlite_schema;
