"""The CSP's frame-src is the embed allow-list's player origins, and nothing else."""

import pytest
from django.conf import settings

from cms.embeds.providers import EMBED_PROVIDERS, embed_finders


def _directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
def test_csp_header_frames_exactly_the_allow_listed_players(client, demo_site):
    frame_src = _directives(client.get("/")["Content-Security-Policy"])["frame-src"]
    assert frame_src == [
        "'self'",
        "https://player.bilibili.com",
        "https://v.qq.com",
        "https://player.youku.com",
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]
    assert frame_src[1:] == [origin for provider in EMBED_PROVIDERS for origin in provider.player_origins]


def test_every_allow_listed_provider_has_its_finder_and_nothing_else_is_searched():
    assert embed_finders() == settings.WAGTAILEMBEDS_FINDERS
    assert [finder["class"].rsplit(".", 1)[1] for finder in settings.WAGTAILEMBEDS_FINDERS] == [
        "BilibiliFinder",
        "TencentVideoFinder",
        "YoukuFinder",
        "AllowListedOEmbedFinder",
        "AllowListedOEmbedFinder",
    ]
