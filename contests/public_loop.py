"""The contest's part of the showcase's need and data-resource pages, through the cms registries
(scenes never imports contests): registered by ContestsConfig.ready().

* ``need_section(need, request)``: the 赛题 set from the need, how many entries answered it (揭榜),
  their titles once the results are final, and the winners — safe HTML, or "" when none.
* ``resource_uses(resource, request)``: the 赛题 that offer the resource and the winning entries that
  declared using it, as the registry's sections.
* ``resource_findings(resource, request)``: the data-quality findings its owner answered (kind and
  answer only), for the resource page's 数据质量反馈.

The data comes from ``contests.services.loop_public`` (public things only, constant queries).
"""

from django.template.loader import render_to_string

from contests.services import loop_public


def need_section(need, request):
    cards = loop_public.need_challenges(need, request)
    if not cards:
        return ""
    return render_to_string("contests/public/need_challenges.html", {"cards": cards, "need": need}, request=request)


def resource_uses(resource, request):
    return loop_public.resource_uses(resource, request)


def resource_findings(resource, request):
    return loop_public.resource_findings(resource, request)


def register():
    from cms.registry import data_resource_findings, data_resource_uses, need_page_sections

    need_page_sections.register("contests")(need_section)
    data_resource_uses.register("contests", order=50)(resource_uses)
    data_resource_findings.register("contests")(resource_findings)
