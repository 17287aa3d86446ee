"""The data resource picker of the page editors (scenes/widgets.py): a few matches for what the editor
types — never the whole catalogue (150,000 rows).

A plain ``icontains`` on name and department, every word of the query present in one or the other,
ordered by name: the (name, department) unique index gives that order, so a common word stops after
the first rows and a rare one scans the table once (tens of milliseconds at 150,000 rows on SQLite).
The segmenting search backend is not used here: it finds whole words, and an editor types the start
of a name ("户籍", "省公") and expects it to match.
"""

from django.db.models import Q

from scenes.models import DataResource

PICK_LIMIT = 20  # matches per answer; the editor narrows the words for the rest
QUERY_MAX = 60  # characters of the query kept
WORDS_MAX = 5


def _words(query):
    return " ".join((query or "").split())[:QUERY_MAX].split()[:WORDS_MAX]


def pick_resources(query, limit=PICK_LIMIT, queryset=None):
    """(up to ``limit`` resources whose name or department contain every word of ``query``, whether
    there are more), among ``queryset`` (all resources by default). A blank query finds nothing.
    One query."""
    words = _words(query)
    if not words:
        return [], False
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word) | Q(department__icontains=word)
    base = DataResource.objects.all() if queryset is None else queryset
    rows = list(
        base.filter(condition).only("pk", "name", "department").order_by("name", "department", "pk")[: limit + 1]
    )
    return rows[:limit], len(rows) > limit


def as_choice(resource):
    """What the picker shows of a resource: its id, name, department, and the label read out."""
    return {"id": resource.pk, "name": resource.name, "department": resource.department, "label": str(resource)}
