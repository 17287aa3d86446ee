"""Why an address cannot be embedded, in the editor's words (or None when it can)."""

from django.utils.translation import gettext as _
from wagtail.embeds.finders import get_finders

from cms.embeds.finders import is_bilibili_short_link
from cms.embeds.providers import provider_names


def embed_refusal(url):
    if is_bilibili_short_link(url):
        return _(
            "b23.tv 短链接需要联网跳转才能知道是哪个视频，无法直接嵌入。"
            "请在浏览器中打开它，复制跳转后的 bilibili.com/video/BV… 地址。"
        )
    if not any(finder.accept(url) for finder in get_finders()):
        return _("不能嵌入这个地址。请粘贴以下网站的视频页面地址：%(providers)s。") % {"providers": provider_names()}
    return None
