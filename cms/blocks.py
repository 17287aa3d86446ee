"""StreamField blocks shared by every page type (scenes and contests reuse them)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"), max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", _("二级标题")), ("h3", _("三级标题"))], default="h2", label=_("级别"))

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    # Alt text is required: screen-reader users must get what the picture shows.
    alt_text = blocks.CharBlock(label=_("替代文本"), max_length=200, help_text=_("向无法看到图片的读者描述图片内容"))
    caption = blocks.CharBlock(label=_("图注"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "blocks/image_block.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("图集标题"), required=False, max_length=120)
    images = blocks.ListBlock(ImageBlock(), label=_("图片"), min_num=1)

    class Meta:
        icon = "image"
        label = _("图集")
        template = "blocks/gallery_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引语"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("引语")
        template = "blocks/quote_block.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("数字"), max_length=30, help_text=_("例如 200 万"))
    unit = blocks.CharBlock(label=_("单位"), required=False, max_length=20)
    description = blocks.CharBlock(label=_("说明"), max_length=120)

    class Meta:
        icon = "pick"
        label = _("关键数字")
        template = "blocks/key_figure_block.html"


class KeyFiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(KeyFigureBlock(), **kwargs)

    class Meta:
        icon = "pick"
        label = _("关键数字组")
        template = "blocks/key_figures_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("按钮文字"), max_length=40)
    page = blocks.PageChooserBlock(label=_("链接页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)

    class Meta:
        icon = "link"
        label = _("行动按钮")
        template = "blocks/call_to_action_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("正文"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "hr", "document-link"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    table = TableBlock(label=_("表格"), template="blocks/table_block.html")
    embed = EmbedBlock(label=_("视频或嵌入内容"), help_text=_("例如视频页面地址"), icon="media")
    call_to_action = CallToActionBlock()
