"""StreamField blocks shared by every page type (scenes and contests reuse them)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.embeds.validation import embed_refusal


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


class VideoEmbedBlock(EmbedBlock):
    """A video from the embed allow-list (cms/embeds/providers.py); any other address is refused in
    the editor, in Chinese, before Wagtail would try (and silently fail) to embed it."""

    def clean(self, value):
        if value is not None and value.url:
            refusal = embed_refusal(value.url)
            if refusal:
                raise ValidationError(refusal, code="unsupported_embed")
        return super().clean(value)

    def deconstruct(self):
        # Stored data is the same URL string as EmbedBlock's: migrations keep naming Wagtail's
        # block, so refusing addresses in the editor needs no AlterField in every app.
        return ("wagtail.embeds.blocks.EmbedBlock", *super().deconstruct()[1:])

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"


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
    # Label and help text as before: a change would need a migration in every app with a body.
    embed = VideoEmbedBlock(label=_("视频或嵌入内容"), help_text=_("例如视频页面地址"), icon="media")
    call_to_action = CallToActionBlock()
