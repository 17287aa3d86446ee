"""What an export is about: the contest, optionally one round, and the listing filters the
organiser had on screen. Each sheet module asks the context for its filtered querysets, so
"the current filters" mean the same thing on every sheet."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models

# Filter keys accepted in ExportJob.parameters["filters"] and by the command line.
FILTER_KEYS = ("track", "status", "city", "organisation_type")


class ExportParameterError(ValueError):
    """A parameter names something that does not exist in the contest (a round, a track…)."""


@dataclass
class ExportContext:
    contest: object
    round: object = None
    filters: dict = field(default_factory=dict)
    requested_by: object = None
    generated_at: object = None

    @classmethod
    def build(cls, contest, *, round_number=None, filters=None, requested_by=None, now=None):
        filters = {k: v for k, v in (filters or {}).items() if k in FILTER_KEYS and v not in (None, "")}
        round_ = None
        if round_number not in (None, ""):
            round_ = models.Round.objects.filter(contest=contest, number=int(round_number)).first()
            if round_ is None:
                message = _("大赛“%(contest)s”没有第 %(n)s 轮评审。") % {"contest": contest, "n": round_number}
                raise ExportParameterError(message)
        if "track" in filters and not models.Track.objects.filter(contest=contest, pk=filters["track"]).exists():
            raise ExportParameterError(_("赛道不存在：%(track)s") % {"track": filters["track"]})
        return cls(
            contest=contest,
            round=round_,
            filters=filters,
            requested_by=requested_by,
            generated_at=now or timezone.now(),
        )

    # Querysets ---------------------------------------------------------------------------------

    def entries(self):
        """The contest's entries narrowed by the filters."""
        qs = models.Entry.objects.filter(contest=self.contest)
        f = self.filters
        if "track" in f:
            qs = qs.filter(track_id=f["track"])
        if "status" in f:
            qs = qs.filter(status=f["status"])
        if "city" in f:
            qs = qs.filter(team__city_id=f["city"])
        if "organisation_type" in f:
            qs = qs.filter(team__organisation_type=f["organisation_type"])
        return qs

    def teams(self):
        """Teams narrowed by the team filters; entry filters (track, status) keep the teams that
        have at least one matching entry."""
        qs = models.Team.objects.filter(contest=self.contest)
        f = self.filters
        if "city" in f:
            qs = qs.filter(city_id=f["city"])
        if "organisation_type" in f:
            qs = qs.filter(organisation_type=f["organisation_type"])
        if "track" in f or "status" in f:
            entries = models.Entry.objects.filter(team=OuterRef("pk"))
            if "track" in f:
                entries = entries.filter(track_id=f["track"])
            if "status" in f:
                entries = entries.filter(status=f["status"])
            qs = qs.filter(Exists(entries))
        return qs

    def rounds(self):
        if self.round is not None:
            return [self.round]
        return list(models.Round.objects.filter(contest=self.contest).order_by("number"))

    # Description for the cover sheet ------------------------------------------------------------

    def describe_filters(self):
        from contests.choices import EntryStatus, OrganisationType

        parts = []
        f = self.filters
        if "track" in f:
            track = models.Track.objects.filter(pk=f["track"]).first()
            parts.append(_("赛道：%(v)s") % {"v": track or f["track"]})
        if "status" in f:
            label = dict(EntryStatus.choices).get(f["status"], f["status"])
            parts.append(_("作品状态：%(v)s") % {"v": label})
        if "city" in f:
            from scenes.models import Node

            city = Node.objects.filter(pk=f["city"]).first()
            parts.append(_("所在城市：%(v)s") % {"v": city or f["city"]})
        if "organisation_type" in f:
            label = dict(OrganisationType.choices).get(f["organisation_type"], f["organisation_type"])
            parts.append(_("单位类型：%(v)s") % {"v": label})
        return "；".join(str(p) for p in parts) or _("无（全部数据）")
