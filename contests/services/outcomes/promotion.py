"""以赛促用: a winning entry carried into the showcase as a draft ``SolutionPage`` and its ``Provider``.

The page is filled from the entry (title, abstract, problem, approach, benefits, data resources, a
domain guess) and saved as a draft with a revision under the site's solution library, so editors
finish and publish it through the normal moderation workflow. It is never published here.
A ``Promotion`` row links entry, award, page and provider; an entry is promoted once.
"""

import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cms.slugs import readable_slug, sibling_slug_taken, unique_slug
from contests import models
from contests.services import ContestError
from contests.services.audit import record

SUMMARY_MAX = 300  # SolutionPage.summary
MAX_GUESSED_DOMAINS = 3


def winning_awards(contest=None):
    """Active awards of rounds whose results are published: what may be promoted."""
    awards = models.Award.objects.filter(
        revoked_at__isnull=True,
        round__publication__isnull=False,
        round__publication__published_at__lte=timezone.now(),
    )
    if contest is not None:
        awards = awards.filter(category__contest=contest)
    return awards


def best_award(entry):
    """The entry's highest active published award (by the categories' order), or None."""
    return (
        winning_awards()
        .filter(entry=entry)
        .select_related("category", "round")
        .order_by("category__sort_order", "category_id", "pk")
        .first()
    )


def solution_index():
    """The default site's solution library (SolutionIndexPage), or None."""
    from wagtail.models import Site

    from scenes.models import SolutionIndexPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    indexes = SolutionIndexPage.objects.order_by("path")
    if site is not None:
        indexes = indexes.descendant_of(site.root_page, inclusive=True)
    return indexes.first()


def provider_name(team):
    return (team.organisation or team.name).strip()[:120]


def existing_provider(team):
    """The showcase ``Provider`` with the team's credit code, else with its organisation's name."""
    from scenes.models import Provider

    credit_code = (team.credit_code or "").strip().upper()
    if credit_code:
        provider = Provider.objects.filter(credit_code=credit_code).first()
        if provider is not None:
            return provider
    return Provider.objects.filter(name=provider_name(team)).first()


def provider_for(team):
    """The team's organisation as a showcase ``Provider`` (existing or new) and whether it is new."""
    from scenes.models import Provider

    provider = existing_provider(team)
    if provider is not None:
        return provider, False
    name = provider_name(team)
    # Its landing page is /solutions/provider/<slug>/: pinyin, like the pages' slugs (cms.slugs).
    slug = unique_slug(readable_slug(name), lambda s: Provider.objects.filter(slug=s).exists())
    provider = Provider.objects.create(
        name=name, slug=slug, credit_code=(team.credit_code or "").strip().upper(), node=team.city
    )
    return provider, True


def guess_domains(entry):
    """Domains named in the entry's track or text; else the first domain of the taxonomy."""
    from scenes.models import Domain

    text = " ".join([entry.track.name, entry.track.description, entry.title, entry.abstract, entry.problem])
    domains = list(Domain.objects.order_by("sort_order", "name", "pk"))
    named = [domain for domain in domains if domain.name and domain.name in text]
    return named[:MAX_GUESSED_DOMAINS] or domains[:1]


def _paragraph(text):
    return {"type": "paragraph", "value": linebreaks(escape(text.strip()))}


def _heading(text):
    return {"type": "heading", "value": {"text": str(text), "level": "h2"}}


def solution_body(entry):
    """The page body as StreamField JSON: one heading and its text per filled-in section.
    Headings are page content, in the site's language whatever language the organiser's admin uses."""
    blocks = []
    with translation.override(settings.LANGUAGE_CODE):
        sections = (
            (_("拟解决的问题"), entry.problem),
            (_("技术路线与实施方案"), entry.approach),
            (_("预期效益"), entry.expected_benefits),
        )
    for heading, text in sections:
        if text and text.strip():
            blocks += [_heading(heading), _paragraph(text)]
    return json.dumps(blocks, ensure_ascii=False)


def _summary(entry):
    text = (entry.abstract or entry.problem or entry.title).strip()
    return Truncator(" ".join(text.split())).chars(SUMMARY_MAX)


def promote_entry(entry, *, actor):
    """Create a draft SolutionPage (and its Provider) from a winning ``entry``; return the Promotion.

    Refused (``ContestError``) when the entry has no active award in a round whose results are
    published, when it was promoted already, or when the site has no solution library.
    """
    from wagtail.log_actions import log

    from scenes.models import SolutionPage

    with transaction.atomic():
        entry = (
            models.Entry.objects.select_for_update(of=("self",))
            .select_related("team__city", "track", "contest")
            .get(pk=entry.pk)
        )
        if models.Promotion.objects.filter(entry=entry).exists():
            raise ContestError(_("作品“%(title)s”已推荐入库，不能重复推荐。") % {"title": entry.title}, code="promoted")
        award = best_award(entry)
        if award is None:
            raise ContestError(
                _("只有结果已公布的获奖作品才能推荐入库：作品“%(title)s”没有有效奖项。") % {"title": entry.title},
                code="no_award",
            )
        index = solution_index()
        if index is None:
            raise ContestError(_("站点还没有解决方案库页面，请先创建“解决方案”栏目。"), code="no_index")

        provider, _created = provider_for(entry.team)
        page = SolutionPage(
            title=entry.title,
            # The pinyin of the title, like every page's (cms.slugs).
            slug=unique_slug(readable_slug(entry.title), sibling_slug_taken(index)),
            summary=_summary(entry),
            provider=provider,
            body=solution_body(entry),
            live=False,
            owner=actor,
        )
        page.domains = guess_domains(entry)
        page.data_resources = list(entry.data_resources.order_by("name", "pk"))
        index.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=actor)
        page.save_revision(user=actor, log_action=True)

        try:
            with transaction.atomic():
                promotion = models.Promotion.objects.create(
                    entry=entry, award=award, solution_page=page, provider=provider, promoted_by=actor
                )
        except IntegrityError:
            raise ContestError(
                _("作品“%(title)s”已推荐入库，不能重复推荐。") % {"title": entry.title}, code="promoted"
            ) from None
        record(
            "entry.promote",
            entry,
            actor=actor,
            contest=entry.contest,
            after={
                "award": award.category.name,
                "award_id": award.pk,
                "solution_page_id": page.pk,
                "provider": provider.name,
                "provider_id": provider.pk,
            },
        )
    return promotion


def promotion_badges(page, request=None):
    """For the public solution page (``cms.registry.solution_page_badges``): "源自 <contest> <award>"
    for each still active award the page was promoted from."""
    promotions = (
        models.Promotion.objects.filter(solution_page_id=page.pk, award__revoked_at__isnull=True)
        .select_related("award__category", "entry__contest")
        .order_by("pk")
    )
    # A promotion recorded without an award (possible in the admin) still names its contest.
    return [
        _("源自 %(contest)s %(award)s") % {"contest": p.entry.contest.name, "award": p.award.category.name}
        if p.award
        else _("源自 %(contest)s") % {"contest": p.entry.contest.name}
        for p in promotions
    ]
