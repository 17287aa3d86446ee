"""Wagtail embed finders for the Chinese video sites, and YouTube/Vimeo through oEmbed.

bilibili, Tencent Video and Youku offer no oEmbed endpoint that Wagtail knows, but each has an
official player page that takes the video's id. The id is in the address an editor copies from the
browser, so the player iframe is built here without any network call (and works the same behind the
mainland firewall, in tests and offline). Addresses whose id cannot be read without asking the site
(b23.tv short links, a Tencent cover page without an episode) are not accepted.
"""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.utils.html import format_html
from wagtail.embeds import oembed_providers
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.embeds.finders.oembed import OEmbedFinder

# 16:9 at the width of the text column; the page template scales it (responsive-object).
PLAYER_WIDTH = 640
PLAYER_HEIGHT = 360
# The players run their own scripts and keep their settings in their own storage; popups let a
# viewer open the video on the provider's site. Nothing else: no top navigation, no forms.
PLAYER_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"
PLAYER_ALLOW = "fullscreen; picture-in-picture; encrypted-media"


def _parts(url, hosts):
    """(path, query) of an http(s) address on one of ``hosts``, else None."""
    try:
        split = urlsplit(url.strip())
        host = split.hostname
    except ValueError:  # an unreadable port or bracketed host
        return None
    if split.scheme not in ("http", "https") or host not in hosts or split.username or split.password:
        return None
    return split.path, parse_qs(split.query)


class PlayerFinder(EmbedFinder):
    """Turns a video page address into the provider's official player iframe, offline."""

    provider_name = ""
    player_title = ""  # the iframe's accessible name
    hosts = ()
    path_patterns = ()

    def __init__(self, **options):
        pass

    def video_id(self, url):
        parts = _parts(url, self.hosts)
        if parts is None:
            return None
        path, query = parts
        for pattern in self.path_patterns:
            match = pattern.fullmatch(path)
            if match:
                return self.id_from_match(match, query)
        return None

    def id_from_match(self, match, query):
        return match.group("id")

    def accept(self, url):
        return self.video_id(url) is not None

    def player_url(self, video_id):
        raise NotImplementedError

    def find_embed(self, url, max_width=None, max_height=None):
        video_id = self.video_id(url)
        if video_id is None:
            raise EmbedNotFoundException(f"not a {self.provider_name} video address")
        title = self.player_title
        html = format_html(
            '<iframe src="{}" width="{}" height="{}" title="{}" sandbox="{}" allow="{}" allowfullscreen '
            'loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>',
            self.player_url(video_id),
            PLAYER_WIDTH,
            PLAYER_HEIGHT,
            title,
            PLAYER_SANDBOX,
            PLAYER_ALLOW,
        )
        return {
            "title": title,
            "author_name": "",
            "provider_name": self.provider_name,
            "type": "video",
            "thumbnail_url": "",
            "width": PLAYER_WIDTH,
            "height": PLAYER_HEIGHT,
            "html": html,
        }


class BilibiliFinder(PlayerFinder):
    provider_name = "哔哩哔哩"
    player_title = "哔哩哔哩视频"
    hosts = ("bilibili.com", "www.bilibili.com", "m.bilibili.com")
    # BV ids are "BV" and ten letters or digits; old av ids are numbers. ?p=N picks a part.
    path_patterns = (
        re.compile(r"/video/(?P<id>BV[0-9A-Za-z]{10})/?"),
        re.compile(r"/video/av(?P<aid>[0-9]{1,12})/?"),
    )

    def id_from_match(self, match, query):
        part = (query.get("p") or ["1"])[0]
        part = part if part.isdigit() and 0 < int(part) < 10_000 else "1"
        if match.group(0).startswith("/video/BV"):
            return {"bvid": match.group("id"), "p": part}
        return {"aid": match.group("aid"), "p": part}

    def player_url(self, video_id):
        return "https://player.bilibili.com/player.html?" + urlencode({**video_id, "autoplay": 0})


class TencentVideoFinder(PlayerFinder):
    provider_name = "腾讯视频"
    player_title = "腾讯视频"
    hosts = ("v.qq.com", "m.v.qq.com")
    # x/cover/<cover id>/<vid>.html is an episode of a series; x/page/<vid>.html a single video.
    path_patterns = (
        re.compile(r"/x/cover/[0-9A-Za-z]{1,40}/(?P<id>[0-9A-Za-z]{6,20})\.html"),
        re.compile(r"/x/page/(?P<id>[0-9A-Za-z]{6,20})\.html"),
    )

    def player_url(self, video_id):
        return "https://v.qq.com/txp/iframe/player.html?" + urlencode({"vid": video_id})


class YoukuFinder(PlayerFinder):
    provider_name = "优酷"
    player_title = "优酷视频"
    hosts = ("v.youku.com",)
    path_patterns = (re.compile(r"/v_show/id_(?P<id>[0-9A-Za-z]{4,40}={0,2})\.html"),)

    def player_url(self, video_id):
        return f"https://player.youku.com/embed/{video_id}"


class AllowListedOEmbedFinder(OEmbedFinder):
    """Wagtail's oEmbed finder for one named provider of wagtail.embeds.oembed_providers only (not
    the dozens Wagtail knows by default, whose players the CSP would refuse)."""

    def __init__(self, provider, options=None):
        super().__init__(providers=[getattr(oembed_providers, provider)], options=options)


# b23.tv links redirect to the video; following them needs the network, so they are refused with
# a message that says what to paste instead (cms/embeds/validation.py).
BILIBILI_SHORT_LINK_HOSTS = ("b23.tv", "www.b23.tv")


def is_bilibili_short_link(url):
    return _parts(url, BILIBILI_SHORT_LINK_HOSTS) is not None
