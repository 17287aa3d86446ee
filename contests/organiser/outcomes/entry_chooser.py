"""A searchable entry chooser for the award grant form (a plain <select> of 5,000 entries is useless).

A Wagtail ChooserViewSet (/admin/contest-entry-chooser/?round=<pk>) lists the entries an award may
go to on the basis of that round — ``award_candidates`` — 20 a page, searched in the database by
title, team name or track (organisers may see team names), with a track filter and the entry's
rank in the round. Organisers only: the modal shows team names, which judges and editors must not
see. Every view of the chooser (list, chosen) is restricted to the round's candidates; the grant
form validates the posted entry against the same queryset, so the modal is a convenience, not the
check.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from contests.organiser.base import require_organiser

VIEWSET_NAME = "contest_entry_chooser"


def award_candidates(round_):
    """Entries an award may be granted to on the basis of ``round_``: entries of its contest that
    passed eligibility (AWARDABLE_STATUSES) and that this round ranked or is judging now."""
    from contests.models import Entry, RoundResult
    from contests.services.judging.assignment import entries_for_round
    from contests.services.outcomes.awards import AWARDABLE_STATUSES

    judged = RoundResult.objects.filter(round=round_, entry=OuterRef("pk"))
    return Entry.objects.filter(contest_id=round_.contest_id, status__in=AWARDABLE_STATUSES).filter(
        Q(Exists(judged)) | Q(pk__in=entries_for_round(round_).values("pk"))
    )


def entry_label(entry):
    return f"{entry.title}（{entry.track.name} · {entry.team.name}）"


class EntrySearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("作品名称、团队名称或赛道")}),
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        from contests.models import Track

        self.fields["track"] = forms.ModelChoiceField(
            label=_("赛道"),
            queryset=Track.objects.filter(contest_id=round_.contest_id).order_by("sort_order", "pk"),
            required=False,
            empty_label=_("全部赛道"),
            widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
        )

    def filter(self, objects):
        objects = super().filter(objects)
        if self.cleaned_data.get("track"):
            objects = objects.filter(track=self.cleaned_data["track"])
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            # Database search: icontains finds 养老 inside 智慧养老, where a word index would not.
            objects = objects.filter(
                Q(title__icontains=query) | Q(team__name__icontains=query) | Q(track__name__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class RoundCandidatesMixin:
    """Organisers only; the round comes from ``?round=<pk>`` (kept on every link of the modal)."""

    def dispatch(self, request, *args, **kwargs):
        require_organiser(request.user)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def round(self):
        from contests.models import Round

        pk = self.request.GET.get("round", "")
        if not pk.isdigit():
            raise Http404
        return get_object_or_404(Round.objects.select_related("contest"), pk=pk)

    def candidates(self):
        return award_candidates(self.round).select_related("team", "track")

    def get_display_title(self, instance):
        return entry_label(instance)

    def get_edit_item_url(self, instance):
        return None  # entries are read-only in the admin; the chooser shows no edit link


class EntryListMixin(RoundCandidatesMixin):
    per_page = 20

    def get_object_list(self):
        from contests.models import RoundResult

        rank = RoundResult.objects.filter(round=self.round, entry=OuterRef("pk")).values("rank")[:1]
        return self.candidates().annotate(rank_in_round=Subquery(rank))

    def apply_object_list_ordering(self, objects):
        from django.db.models import F

        # Unranked entries after the ranked ones of their track.
        return objects.order_by("track__sort_order", "track_id", F("rank_in_round").asc(nulls_last=True), "title", "pk")

    def get_filter_form(self):
        return EntrySearchForm(self.request.GET, round_=self.round)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("team", label=_("团队"), accessor="team.name"),
            Column("track", label=_("赛道"), accessor="track.name"),
            Column("rank", label=_("本轮排名"), accessor="rank_in_round"),
            Column("status", label=_("状态"), accessor="get_status_display"),
        ]

    @property
    def title_column(self):
        column = super().title_column
        column.label = _("作品名称")
        column.accessor = "title"
        return column


class ChooseView(EntryListMixin, chooser_views.ChooseView):
    pass


class ChooseResultsView(EntryListMixin, chooser_views.ChooseResultsView):
    pass


class ChosenView(RoundCandidatesMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        return self.candidates().get(pk=pk)  # DoesNotExist → 404: not a candidate of the round


class ChosenMultipleView(RoundCandidatesMixin, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return self.candidates().filter(pk__in=[pk for pk in pks if str(pk).isdigit()])


class EntryChooserViewSet(ChooserViewSet):
    model = "contests.Entry"
    name = VIEWSET_NAME
    url_prefix = "contest-entry-chooser"
    icon = "doc-full"
    choose_one_text = _("选择作品")
    choose_another_text = _("另选作品")
    page_title = _("选择作品")
    preserve_url_parameters = ["multiple", "round"]
    # Only the grant form uses it: no automatic chooser for every ForeignKey to Entry.
    register_widget = False
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class EntryChooserWidget(BaseChooser):
    """The chooser of ``award_candidates(round_)``; the value is the entry's id."""

    model = "contests.Entry"
    icon = "doc-full"
    choose_one_text = _("选择作品")
    choose_another_text = _("另选作品")
    show_edit_link = False
    chooser_modal_url_name = f"{VIEWSET_NAME}:choose"

    def __init__(self, *, round_, **kwargs):
        self.round = round_
        super().__init__(**kwargs)

    def get_chooser_modal_url(self):
        return reverse(self.chooser_modal_url_name) + "?" + urlencode({"round": self.round.pk})

    def get_instance(self, value):
        if value is None or value == "":
            return None
        if not isinstance(value, self.model_class):
            value = self.model_class.objects.select_related("team", "track").filter(pk=value).first()
        return value

    def get_display_title(self, instance):
        return entry_label(instance)

    def get_value_data_from_instance(self, instance):
        return {"id": instance.pk, "edit_url": "", self.display_title_key: self.get_display_title(instance)}
