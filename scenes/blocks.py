"""Body blocks of scenes and solutions: a case study is told in fixed sections (背景, 数据使用, 做法, 成效),
each holding the site's shared content blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks import BaseStreamBlock


class SceneSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("小标题"), required=False, max_length=60, help_text=_("留空时使用默认标题，如“背景”")
    )
    content = BaseStreamBlock(label=_("内容"))

    class Meta:
        icon = "doc-full"
        template = "scenes/blocks/scene_section.html"


class SceneBodyBlock(blocks.StreamBlock):
    """Each section at most once, so that every scene reads the same way and the page can list them."""

    background = SceneSectionBlock(label=_("背景"), icon="help")
    data_used = SceneSectionBlock(label=_("数据使用"), icon="table")
    approach = SceneSectionBlock(label=_("做法"), icon="cogs")
    results = SceneSectionBlock(label=_("成效"), icon="success")

    class Meta:
        block_counts = {
            "background": {"max_num": 1},
            "data_used": {"max_num": 1},
            "approach": {"max_num": 1},
            "results": {"max_num": 1},
        }


class CapabilityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("能力"), max_length=60)
    description = blocks.TextBlock(label=_("说明"), required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("核心能力")
        template = "scenes/blocks/capability.html"
