"""Search results followed by further matches, as one sequence a Paginator can page through."""

from collections.abc import Sequence
from functools import cached_property


def matching_pks(results):
    """What ``pk__in`` needs for the objects of ``results`` (unsliced modelsearch results): a lazy
    pk subquery on the database backends, a list of ids from a search server."""
    if hasattr(results, "get_queryset"):
        return results.get_queryset().values("pk")
    return [match.pk for match in results]


def matching_pk_list(results):
    """The ids of the objects of ``results`` as a list (one query)."""
    if hasattr(results, "get_queryset"):
        return list(results.get_queryset().values_list("pk", flat=True))
    return [match.pk for match in results]


class ResultsThenMore(Sequence):
    """``first`` (ranked search results) and then ``more`` (a queryset of other matches, none of
    them in ``first``): counted with one count each, and a slice asks each side only for its part."""

    def __init__(self, first, more):
        self.first = first
        self.more = more

    @cached_property
    def first_count(self):
        return self.first.count()

    @cached_property
    def more_count(self):
        return self.more.count()

    def count(self):
        return self.first_count + self.more_count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop, _step = item.indices(self.count())
        split = self.first_count
        head = list(self.first[start:stop]) if start < split else []
        tail = list(self.more[max(start - split, 0) : stop - split]) if stop > split else []
        return head + tail
