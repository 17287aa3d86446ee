"""StreamField blocks of the contest page: FAQ and news."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("解答"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("问答")
        template = "components/contest_faq_item.html"


class NewsItemBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("日期"))
    title = blocks.CharBlock(label=_("标题"), max_length=120)
    body = blocks.RichTextBlock(label=_("内容"), required=False, features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "date"
        label = _("动态")
        template = "components/contest_news_item.html"


class FAQBlock(blocks.StreamBlock):
    item = QuestionAnswerBlock()


class NewsBlock(blocks.StreamBlock):
    item = NewsItemBlock()
