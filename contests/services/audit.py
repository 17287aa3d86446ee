"""The one writer of ``AuditEvent``: every service that changes contest data calls ``record``."""

import json

from django.core.serializers.json import DjangoJSONEncoder


def _jsonable(value):
    # Dates, decimals and UUIDs become strings so that the JSON field accepts any snapshot.
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(action, obj, *, actor=None, contest=None, before=None, after=None, note=""):
    """Append an audit event for ``obj`` (any model instance) and return it."""
    from contests.models import AuditEvent

    if contest is None:
        contest = getattr(obj, "contest", None)
    return AuditEvent.objects.create(
        contest=contest,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )
