"""The editor's embed block: allow-listed videos are kept, anything else is refused in Chinese."""

import pytest
from django.core.exceptions import ValidationError

from cms.blocks import BaseStreamBlock, VideoEmbedBlock

PROVIDERS = "哔哩哔哩、腾讯视频、优酷、YouTube、Vimeo"


def _clean(url):
    block = VideoEmbedBlock()
    return block.clean(block.value_from_form(url))


@pytest.mark.django_db
def test_a_bilibili_address_is_accepted_and_renders_its_player():
    value = _clean("https://www.bilibili.com/video/BV1GJ411x7h7")
    html = VideoEmbedBlock().render(value)
    assert html == (
        '<figure class="embed-block"><div style="padding-bottom: 56.25%;" class="responsive-object">\n'
        '    <iframe src="https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&amp;p=1&amp;autoplay=0" '
        'width="640" height="360" title="哔哩哔哩视频" sandbox="allow-scripts allow-same-origin allow-popups '
        'allow-presentation" allow="fullscreen; picture-in-picture; encrypted-media" allowfullscreen '
        'loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>\n</div>\n</figure>\n'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/video/BV1GJ411x7h7",
        "https://www.bilibili.com.evil.example/video/BV1GJ411x7h7",
        "https://www.dailymotion.com/video/x7tgad0",
        "https://v.qq.com/x/cover/mzc00200mp8vo9b.html",
    ],
)
@pytest.mark.django_db
def test_an_address_outside_the_allow_list_is_refused_naming_the_providers(url):
    with pytest.raises(ValidationError) as refused:
        _clean(url)
    assert refused.value.messages == [f"不能嵌入这个地址。请粘贴以下网站的视频页面地址：{PROVIDERS}。"]


@pytest.mark.django_db
def test_a_b23_short_link_is_refused_with_what_to_paste_instead():
    with pytest.raises(ValidationError) as refused:
        _clean("https://b23.tv/BV1GJ411x7h7")
    assert refused.value.messages == [
        "b23.tv 短链接需要联网跳转才能知道是哪个视频，无法直接嵌入。"
        "请在浏览器中打开它，复制跳转后的 bilibili.com/video/BV… 地址。"
    ]


@pytest.mark.django_db
def test_a_page_body_with_a_hostile_embed_does_not_validate():
    stream = BaseStreamBlock()
    value = stream.to_python([{"type": "embed", "value": "https://evil.example/player"}])
    with pytest.raises(ValidationError) as refused:
        stream.clean(value)
    assert [error.messages for error in refused.value.block_errors.values()] == [
        [f"不能嵌入这个地址。请粘贴以下网站的视频页面地址：{PROVIDERS}。"]
    ]
