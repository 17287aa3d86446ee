"""The contest's "落地情况" (confirmed adoption) on the showcase's solution and scene pages, through
the cms registries (scenes never imports contests): registered by ContestsConfig.ready().

* ``solution_section(page, request)``: the confirmed milestones of the entries promoted into the
  solution page, with "已在 3 个市落地，服务 12 万人次";
* ``scene_section(page, request)``: the confirmed milestones that became the scene.

Safe HTML or "" when there is nothing confirmed. One query each (contests.services.adoption.public).
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from contests.services.adoption.public import scene_adoption, solution_adoption
from scenes.formatting import figure_with_unit


def headline(figures):
    """ "已在 3 个市落地，服务 12 万人次" (the parts that have figures)."""
    parts = []
    if figures.cities:
        parts.append(_("已在 %(count)d 个市落地") % {"count": figures.cities})
    if figures.beneficiaries:
        parts.append(_("服务 %(people)s") % {"people": figure_with_unit(figures.beneficiaries, "人次")})
    return _("，").join(parts)


def _render(block, request, heading_id):
    if block is None:
        return ""
    return render_to_string(
        "contests/public/adoption_block.html",
        {"block": block, "headline": headline(block.figures), "heading_id": heading_id},
        request=request,
    )


def solution_section(page, request):
    return _render(solution_adoption(page), request, "adoption-solution")


def scene_section(page, request):
    return _render(scene_adoption(page), request, "adoption-scene")


def register():
    from cms.registry import scene_page_sections, solution_page_sections

    solution_page_sections.register("contests_adoption")(solution_section)
    scene_page_sections.register("contests_adoption")(scene_section)
