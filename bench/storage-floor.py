#!/usr/bin/env python3
"""The storage floor of Provisio's data model: what its rows alone cost SQLite's one writer, next to the storage
limit's (../shared/bench/baseline --store sqlite), with no server around either.

Replays, from Python's sqlite3 on a copy of a Provisio database, the rows a PATCH of `active` and a create write (the
resource row, an email value, a count slot, the audit row, the event and its sequence; the user's groups read), and
the limit's own transactions on a table shaped like its one. WAL, synchronous=NORMAL, one thread; checkpoints run
between timed chunks, as Provisio's checkpointer runs beside the writer. Each variant prints microseconds per
transaction and WAL pages written per transaction; a variant without a row or an index shows what that one costs.

usage: bench/storage-floor.py PROVISIO_DB [N]
  PROVISIO_DB  a provisio.db with users in the tenant "default" (e.g. a data folder after a side-by-side sync); it is
               copied, never written
  N            transactions per variant and round (default 10000; a multiple of 500)
"""
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid

CHUNK = 500


def now():
    return time.strftime('%Y-%m-%dT%H:%M:%S.0000000Z', time.gmtime())


def open_db(path):
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute('PRAGMA journal_mode=WAL')
    connection.execute('PRAGMA synchronous=NORMAL')
    connection.execute('PRAGMA wal_autocheckpoint=0')
    return connection


def measure(label, connection, path, transaction, n):
    """Runs n transactions in chunks, a checkpoint before each chunk (untimed), and prints the cost of one."""
    elapsed, pages = 0.0, 0
    for _ in range(n // CHUNK):
        connection.execute('PRAGMA wal_checkpoint(TRUNCATE)')
        started = time.perf_counter()
        for _ in range(CHUNK):
            transaction()
        elapsed += time.perf_counter() - started
        # A WAL frame is a 24-byte header and a page; the file starts with a 32-byte header.
        pages += (os.path.getsize(path + '-wal') - 32) // (4096 + 24)
    print(f'{label:58s} {elapsed / n * 1e6:5.0f} us {pages / n:5.1f} WAL pages', flush=True)


class Provisio:
    def __init__(self, path):
        self.path = path
        self.db = open_db(path)
        self.ids = [r[0] for r in self.db.execute("SELECT id FROM resources WHERE tenant_id = 'default' AND resource_type = 'User'")]
        if not self.ids:
            sys.exit('no users in the tenant "default": run a sync against the server first')
        self.created = 0

    def audit(self, at, method, path, action, status, resource_id, changes):
        self.db.execute(
            """INSERT INTO audit_log (tenant_id, at, token_id, token_name, client_address, request_id, method, path, action,
                                      status, error_type, resource_type, resource_id, changes, error_detail)
               VALUES ('default', ?, 'scim_token', 'first-run', '127.0.0.1', ?, ?, ?, ?, ?, NULL, 'User', ?, ?, NULL)""",
            (at, uuid.uuid4().hex, method, path, action, status, resource_id, changes))

    def event(self, at, event_type, resource_id, data):
        last = self.db.execute(
            """INSERT INTO event_sequences (tenant_id, last) VALUES ('default', 1)
               ON CONFLICT (tenant_id) DO UPDATE SET last = event_sequences.last + 1 RETURNING last""").fetchone()[0]
        self.db.execute(
            """INSERT INTO events (tenant_id, sequence, id, type, occurred_at, resource_type, resource_id, request_id,
                                   token_id, token_name, data, changed, dry_run)
               VALUES ('default', ?, ?, ?, ?, 'User', ?, NULL, 'scim_token', 'first-run', ?, NULL, 0)""",
            (last, 'evt_' + uuid.uuid4().hex, event_type, at, resource_id, data))

    def patch(self, audit=True, event=True):
        def transaction():
            user_id, active = random.choice(self.ids), random.random() < 0.5
            self.db.execute('BEGIN IMMEDIATE')
            version, document = self.db.execute(
                "SELECT version, document FROM resources WHERE tenant_id = 'default' AND id = ?", (user_id,)).fetchone()
            attributes = json.loads(document)
            attributes['active'] = active
            document = json.dumps(attributes, separators=(',', ':'))
            at = now()
            self.db.execute(
                """UPDATE resources SET active = ?, version = ?, last_modified = ?, document = ?
                   WHERE tenant_id = 'default' AND id = ?""", (int(active), version + 1, at, document, user_id))
            if audit:
                self.audit(at, 'PATCH', '/Users/' + user_id, 'update', 200, user_id, '["active"]')
            if event:
                self.event(at, 'user.reactivated' if active else 'user.deactivated', user_id, document)
            self.db.execute("SELECT group_id FROM group_members WHERE tenant_id = 'default' AND member_id = ?", (user_id,)).fetchall()
            self.db.execute('COMMIT')
        return transaction

    def create(self):
        self.created += 1
        user_id, at, attributes = str(uuid.uuid4()), now(), user(self.created)
        document = json.dumps(attributes, separators=(',', ':'))
        self.db.execute('BEGIN IMMEDIATE')
        self.db.execute(
            """INSERT INTO resources (tenant_id, resource_type, id, user_name, display_name, display, external_id, active,
                                      version, created, last_modified, document, password_hash, unique_external_id)
               VALUES ('default', 'User', ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, NULL, NULL)""",
            (user_id, attributes['userName'], attributes['displayName'].lower(), attributes['displayName'],
             attributes['externalId'], at, at, document))
        self.db.execute(
            """INSERT INTO resource_values (tenant_id, resource_id, attribute, qualifier, value)
               VALUES ('default', ?, 'emails.value', 'work', ?)""", (user_id, attributes['userName']))
        self.db.execute(
            """INSERT INTO resource_counts (tenant_id, resource_type, slot, count, changes) VALUES ('default', 'User', ?, 1, 1)
               ON CONFLICT (tenant_id, resource_type, slot)
               DO UPDATE SET count = resource_counts.count + 1, changes = resource_counts.changes + 1""", (random.randrange(16),))
        self.audit(at, 'POST', '/Users', 'create', 201, user_id, None)
        self.event(at, 'user.created', user_id, document)
        self.db.execute('COMMIT')


class Limit:
    """The storage limit's table and transactions, as ../shared/bench/baseline writes them."""

    def __init__(self, path):
        self.path = path
        self.db = open_db(path)
        self.db.execute("""CREATE TABLE users(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                           user_name TEXT NOT NULL COLLATE NOCASE UNIQUE, external_id TEXT, active INTEGER NOT NULL,
                           created TEXT NOT NULL, doc BLOB NOT NULL)""")
        self.ids, self.created = [], 0
        self.db.execute('BEGIN')
        for _ in range(10_000):
            self.create()
        self.db.execute('COMMIT')

    def create(self):
        self.created += 1
        user_id, attributes = str(uuid.uuid4()), user(self.created)
        self.ids.append(user_id)
        self.db.execute("INSERT INTO users(id, user_name, external_id, active, created, doc) VALUES (?, ?, ?, 1, ?, ?)",
                        (user_id, attributes['userName'], attributes['externalId'], now(), json.dumps(attributes).encode()))

    def patch(self):
        user_id, active = random.choice(self.ids), random.random() < 0.5
        self.db.execute('BEGIN')
        user_name, _, _ = self.db.execute('SELECT user_name, external_id, created FROM users WHERE id = ?', (user_id,)).fetchone()
        document = json.dumps({'id': user_id, 'userName': user_name, 'active': active}).encode()
        self.db.execute('UPDATE users SET active = ?, doc = ? WHERE id = ?', (int(active), document, user_id))
        self.db.execute('COMMIT')


def user(i):
    """A user shaped like the load generator's (Okta's attributes, the enterprise extension)."""
    return {'userName': f'floor{i}@example.com', 'externalId': f'00uf{i:08d}',
            'name': {'givenName': f'Given{i}', 'familyName': f'Family{i}', 'formatted': f'Given{i} Family{i}'},
            'displayName': f'Given{i} Family{i}', 'locale': 'en-US', 'active': True,
            'emails': [{'primary': True, 'value': f'floor{i}@example.com', 'type': 'work'}],
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {'employeeNumber': str(i), 'department': f'Department {i % 50}'}}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    random.seed(1)
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, 'provisio.db')
        shutil.copy(sys.argv[1], copy)
        provisio, limit = Provisio(copy), Limit(os.path.join(scratch, 'limit.db'))
        for round_number in (1, 2):
            print(f'-- round {round_number}')
            measure("limit's PATCH active (SELECT + UPDATE)", limit.db, limit.path, limit.patch, n)
            measure("Provisio's PATCH active as written", provisio.db, provisio.path, provisio.patch(), n)
            measure('  ... without the audit row', provisio.db, provisio.path, provisio.patch(audit=False), n)
            measure('  ... without the event and its sequence', provisio.db, provisio.path, provisio.patch(event=False), n)
            measure('  ... the resource row alone', provisio.db, provisio.path, provisio.patch(audit=False, event=False), n)
            measure("limit's create (one INSERT)", limit.db, limit.path, limit.create, n)
            measure("Provisio's create as written", provisio.db, provisio.path, provisio.create, n)


if __name__ == '__main__':
    main()
