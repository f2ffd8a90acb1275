"""Plain bulk writes for a cycle's scorecards and scores, fast on both engines.

A national cycle writes some 20,000 scorecards and 63,000 scores whose 7.6 million ids come to
about 41 MB of text (decision 0015). Django's ``bulk_create`` prepares every field of every row in
Python, and a statement per row makes the server parse and plan each one. So:

- on PostgreSQL rows are streamed with ``COPY``, and updates are copied into a temporary table
  and applied by one ``UPDATE ... FROM``;
- on SQLite, an embedded engine with no statement round trip, one prepared statement is run
  for every row (``executemany``).

Values are passed as the driver takes them: ids, numbers, text (id lists already packed), dates
and aware datetimes. These helpers write no audit row and send no signal; callers do that.
"""

from __future__ import annotations

from django.db import connection, transaction


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def executemany(sql: str, rows: list) -> None:
    """Run ``sql`` once per row of ``rows`` in this transaction.

    On PostgreSQL through a cursor that binds on the server: the statement is prepared once
    and the rows go through one pipeline, where Django's cursor (client-side binding) sends
    each row as a new statement to parse and plan (about a millisecond each, measured).
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.Cursor(connection.connection) as cursor:
            cursor.executemany(sql, rows)
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _copy(table: str, columns: list[str], rows) -> None:
    sql = f"COPY {_quote(table)} ({', '.join(_quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert(table: str, columns: list[str], rows: list) -> None:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(table, columns, rows)
        return
    names = ", ".join(_quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)


def update(table: str, columns: list[str], rows: list) -> None:
    """Set ``columns`` of the rows of ``table`` given as ``[*values, id]``."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{_quote(c)} = %s" for c in columns)
        executemany(f"UPDATE {_quote(table)} SET {assignments} WHERE id = %s", rows)
        return
    changes = _quote(f"{table}_changes")
    names = ", ".join(_quote(c) for c in columns)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {changes} ON COMMIT DROP AS "
            f"SELECT {names}, id FROM {_quote(table)} WITH NO DATA"
        )
        _same_compression(cursor, table, changes)
        _copy(f"{table}_changes", [*columns, "id"], rows)
        assignments = ", ".join(f"{_quote(c)} = c.{_quote(c)}" for c in columns)
        cursor.execute(
            f"UPDATE {_quote(table)} AS t SET {assignments} FROM {changes} AS c WHERE t.id = c.id"
        )
        cursor.execute(f"DROP TABLE {changes}")


def _same_compression(cursor, table: str, copy_table: str) -> None:
    """Give ``copy_table``'s columns the compression of ``table``'s: a value compressed in the
    copy keeps its method when the update moves it (pglz there would cost what lz4 saved)."""
    cursor.execute(
        "SELECT attname, attcompression FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attcompression <> ''",
        [_quote(table)],
    )
    methods = {"l": "lz4", "p": "pglz"}
    for column, method in cursor.fetchall():
        cursor.execute(
            f"ALTER TABLE {copy_table} ALTER COLUMN {_quote(column)} "
            f"SET COMPRESSION {methods[method]}"
        )
