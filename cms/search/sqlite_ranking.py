"""Relevance ranking on SQLite with one full-text query instead of one per matching row.

modelsearch's SQLite backend orders by a correlated subquery that evaluates the FTS5 MATCH again
for every candidate row: fine for a dozen matches, ~200 ms for the few hundred scenes that mention
养老 at 2,000 scenes. Here the MATCH runs once and returns (object id, bm25 score) for every
match; the caller's queryset (live, public, type) keeps the allowed ids in one more query; they
are sorted in Python, as the search-server backends do, and only the requested slice of objects
is fetched. The ordering is modelsearch's: score ascending (bm25 is negative, lower is better),
then primary key descending.

Both here and for unranked matches (``filter_by_search``, the pinyin matches), the content-type
condition is written so that SQLite cannot use its index: with the index, SQLite reads every
index entry of the model and asks FTS5 about each row in turn, re-running the MATCH 2,000 times
(30 ms for 养老, 0.5 s for an OR of a few names at 2,000 scenes); without it, the MATCH runs once
and its rows are joined by rowid (2 ms).
"""

from django.db.models import F
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


def _of_model(entries, model):
    """FTS ``entries`` of ``model`` (and its subclasses), with a condition no index can serve ("+ 0")."""
    return entries.alias(entry_content_type=F("index_entry__content_type_id") + 0).filter(
        entry_content_type__in=get_descendants_content_types_pks(model)
    )


class RankOnceMixin:
    def ranks_once(self):
        return self.order_by_relevance and not isinstance(normalize(self.query), MatchAll | Not)

    def ranking(self, config):
        """[(pk, score)] of every match the queryset allows, best first; computed once per search."""
        if getattr(self, "_ranking", None) is None:
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalize(self.query), config=config)
            )
            entries = (
                _of_model(SQLiteFTSIndexEntry.objects.filter(match), self.queryset.model)
                .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
                .values_list("index_entry__object_id", "score")
            )
            to_pk = self.queryset.model._meta.pk.to_python
            scores = {to_pk(object_id): score for object_id, score in entries}
            allowed = self.queryset.filter(pk__in=list(scores)).order_by().values_list("pk", flat=True)
            by_pk_descending = sorted(allowed, reverse=True)
            self._ranking = [(pk, scores[pk]) for pk in sorted(by_pk_descending, key=scores.__getitem__)]
        return self._ranking

    def search(self, config, start, stop, score_field=None):
        """Unranked matches (``order_by_relevance=False``) as modelsearch selects them, with the
        MATCH run once; anything else is modelsearch's own."""
        query = normalize(self.query)
        if self.order_by_relevance or score_field is not None or isinstance(query, MatchAll | Not):
            return super().search(config, start, stop, score_field)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        matches = _of_model(SQLiteFTSIndexEntry.objects.filter(match), self.queryset.model)
        queryset = self.queryset.filter(pk__in=matches.values_list("index_entry__object_id", flat=True))
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # as modelsearch: a stable order across pages
        return queryset[start:stop]

    def ranked_objects(self, config, start, stop, score_field=None):
        ranking = self.ranking(config)[start:stop]
        objects = {obj.pk: obj for obj in self.queryset.filter(pk__in=[pk for pk, _score in ranking]).order_by()}
        results = []
        for pk, score in ranking:
            obj = objects.get(pk)
            if obj is not None:
                if score_field:
                    setattr(obj, score_field, score)
                results.append(obj)
        return results


class RankOnceSearchQueryCompiler(RankOnceMixin, SQLiteSearchQueryCompiler):
    pass


class RankOnceAutocompleteQueryCompiler(RankOnceMixin, SQLiteAutocompleteQueryCompiler):
    pass


class RankOnceSearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.ranks_once():
            return super()._do_search()
        return compiler.ranked_objects(compiler.get_config(self.backend), self.start, self.stop, self._score_field)

    def _do_count(self):
        compiler = self.query_compiler
        if not compiler.ranks_once():
            return super()._do_count()
        return len(compiler.ranking(compiler.get_config(self.backend))[self.start : self.stop])
