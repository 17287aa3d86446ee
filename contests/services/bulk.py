"""Fast bulk writes for the judging services: one prepared INSERT run with ``executemany``.

``bulk_create`` builds SQL for every model instance; for 25,000 assignments that costs ~10× the
database work itself (measured in bench/judging.py). These helpers take plain tuples, adapt
datetimes and JSON through the connection's own operations, and work the same on SQLite and
PostgreSQL (``INSERT … ON CONFLICT … DO UPDATE`` exists in both).
"""

from django.db import connection


def adapt_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def adapt_json(value):
    return connection.ops.adapt_json_value(value, None)


def insert_rows(model, columns, rows, *, conflict=None, update=None):
    """INSERT ``rows`` (tuples in ``columns`` order) into ``model``'s table.

    With ``conflict`` (column names of a unique constraint) and ``update`` (columns to overwrite),
    an existing row is updated instead — an upsert.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    if conflict:
        assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET {assignments}"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
