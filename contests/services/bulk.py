"""Fast bulk writes for the judging services: one prepared INSERT run with ``executemany``.

``bulk_create`` builds SQL for every model instance; for 25,000 assignments that costs ~10× the
database work itself (measured in bench/judging.py). These helpers take plain tuples, adapt
datetimes and JSON through the connection's own operations, and work the same on SQLite and
PostgreSQL (``INSERT … ON CONFLICT … DO UPDATE`` exists in both): ``executemany`` on SQLite,
multi-row ``VALUES`` lists of up to 250 rows on PostgreSQL.
"""

from django.db import connection

ROWS_PER_STATEMENT = 250  # measured: 200–500 rows per statement were fastest for 5,000 upserts


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
        if connection.vendor == "sqlite":
            # In-process: executemany of one prepared statement is the fastest there is.
            cursor.executemany(sql, rows)
            return
        # Over a network, one statement per row is one round trip per row: send up to
        # ROWS_PER_STATEMENT rows per statement instead (huge statements cost more to parse and plan).
        values = f"({', '.join(['%s'] * len(columns))})"
        head, _values, tail = sql.partition(f"VALUES {values}")
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(f"{head}VALUES {', '.join([values] * len(chunk))}{tail}", [v for row in chunk for v in row])
