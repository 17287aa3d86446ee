"""Orderings that read the same on SQLite and PostgreSQL.

The two databases disagree on where NULL sorts (SQLite: first ascending; PostgreSQL: first
descending), so an undated scene would open the "newest" list on one and close it on the other.
Every scene ordering goes through here and puts the missing values last on both.
"""

from django.db.models import F


def nulls_last(*names):
    """``order_by`` arguments for field names written Django's way ("-launch_date", "title")."""
    fields = []
    for name in names:
        expression = F(name.lstrip("-"))
        fields.append(expression.desc(nulls_last=True) if name.startswith("-") else expression.asc(nulls_last=True))
    return fields
