"""Full-text index of SearchEntry.folded: FTS5 on SQLite, a GIN index on PostgreSQL.

The FTS5 table keeps its own copy of the folded text, in step with registry_searchentry by
triggers (contentless delete needs SQLite 3.43; Debian 12 ships 3.40).
Column 0 is the folded title, column 1 the folded body (split at the first newline).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE registry_search_fts USING fts5(
           title, body, tokenize='unicode61')""",
    """CREATE TRIGGER registry_search_ai AFTER INSERT ON registry_searchentry BEGIN
           INSERT INTO registry_search_fts(rowid, title, body) VALUES (
             new.id,
             substr(new.folded, 1, instr(new.folded || char(10), char(10)) - 1),
             substr(new.folded, instr(new.folded || char(10), char(10)) + 1));
       END""",
    """CREATE TRIGGER registry_search_ad AFTER DELETE ON registry_searchentry BEGIN
           DELETE FROM registry_search_fts WHERE rowid = old.id;
       END""",
    """CREATE TRIGGER registry_search_au AFTER UPDATE ON registry_searchentry BEGIN
           DELETE FROM registry_search_fts WHERE rowid = old.id;
           INSERT INTO registry_search_fts(rowid, title, body) VALUES (
             new.id,
             substr(new.folded, 1, instr(new.folded || char(10), char(10)) - 1),
             substr(new.folded, instr(new.folded || char(10), char(10)) + 1));
       END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_search_au",
    "DROP TRIGGER IF EXISTS registry_search_ad",
    "DROP TRIGGER IF EXISTS registry_search_ai",
    "DROP TABLE IF EXISTS registry_search_fts",
]
POSTGRES_FORWARD = [
    """CREATE INDEX registry_searchentry_fts ON registry_searchentry
       USING gin (to_tsvector('simple', folded))""",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS registry_searchentry_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_seed_sectors_partners")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
