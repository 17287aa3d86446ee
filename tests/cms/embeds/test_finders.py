"""Video page addresses → the providers' official player iframes, built without the network."""

import re

import pytest
from wagtail.embeds.embeds import get_finder_for_embed
from wagtail.embeds.exceptions import EmbedUnsupportedProviderException
from wagtail.embeds.finders import get_finders

from cms.embeds.finders import AllowListedOEmbedFinder


def _iframe_src(url):
    html = get_finder_for_embed(url)["html"]
    return re.search(r'<iframe src="([^"]+)"', html).group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    ("url", "src"),
    [
        (
            "https://www.bilibili.com/video/BV1GJ411x7h7/",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&p=1&autoplay=0",
        ),
        (
            "https://www.bilibili.com/video/BV1GJ411x7h7?p=3&spm_id_from=333.788",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&p=3&autoplay=0",
        ),
        (
            "http://m.bilibili.com/video/BV1GJ411x7h7",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&p=1&autoplay=0",
        ),
        (
            "https://www.bilibili.com/video/av170001/",
            "https://player.bilibili.com/player.html?aid=170001&p=1&autoplay=0",
        ),
        (
            "https://v.qq.com/x/cover/mzc00200mp8vo9b/n0041aa087e.html",
            "https://v.qq.com/txp/iframe/player.html?vid=n0041aa087e",
        ),
        ("https://v.qq.com/x/page/m0024pxbvw9.html", "https://v.qq.com/txp/iframe/player.html?vid=m0024pxbvw9"),
        (
            "https://v.youku.com/v_show/id_XNDU2MTE0NjQ4MA==.html?spm=a2hja.14919748",
            "https://player.youku.com/embed/XNDU2MTE0NjQ4MA==",
        ),
    ],
)
def test_video_page_address_becomes_the_official_player(url, src):
    assert _iframe_src(url) == src


def test_player_iframe_has_a_title_a_size_and_a_sandbox():
    embed = get_finder_for_embed("https://v.youku.com/v_show/id_XNDU2MTE0NjQ4MA==.html")
    assert (embed["width"], embed["height"], embed["title"], embed["provider_name"]) == (640, 360, "优酷视频", "优酷")
    assert embed["html"] == (
        '<iframe src="https://player.youku.com/embed/XNDU2MTE0NjQ4MA==" width="640" height="360" title="优酷视频" '
        'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" '
        'allow="fullscreen; picture-in-picture; encrypted-media" allowfullscreen loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://b23.tv/BV1GJ411x7h7",  # a short link: which video needs the network to find out
        "https://v.qq.com/x/cover/mzc00200mp8vo9b.html",  # a series without an episode
        "https://www.bilibili.com.evil.example/video/BV1GJ411x7h7",
        "https://www.bilibili.com@evil.example/video/BV1GJ411x7h7",
        "https://evil.example/?u=https://www.bilibili.com/video/BV1GJ411x7h7",
        'https://www.bilibili.com/video/BV1GJ411x7h7"onload="alert(1)',
        "https://v.youku.com/v_show/id_X<script>.html",
        "javascript://www.bilibili.com/video/BV1GJ411x7h7",
        "https://www.dailymotion.com/video/x7tgad0",  # an oEmbed provider Wagtail knows but we do not allow
    ],
)
def test_no_finder_accepts_an_address_outside_the_allow_list(url):
    with pytest.raises(EmbedUnsupportedProviderException):
        get_finder_for_embed(url)


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/oembed"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/oembed"),
        ("https://vimeo.com/76979871", "https://www.vimeo.com/api/oembed.json"),
    ],
)
def test_youtube_and_vimeo_still_go_through_oembed(url, endpoint):
    [finder] = [finder for finder in get_finders() if finder.accept(url)]
    assert isinstance(finder, AllowListedOEmbedFinder)
    assert finder._get_endpoint(url) == endpoint
