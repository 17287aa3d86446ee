"""The embed allow-list: every video provider an editor may embed, and the origins its player is
framed from.

Settings build ``WAGTAILEMBEDS_FINDERS`` (``embed_finders()``) and the CSP's frame-src
(``frame_src()``) from this list, so it is the one place to add a provider. Plain data, no Django
models: the settings import it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EmbedProvider:
    key: str
    name: str  # as editors know it, in the refusal message
    finder: dict  # one WAGTAILEMBEDS_FINDERS entry
    player_origins: tuple  # what the page may frame


# The Chinese providers' players are built from the video's id without a network call
# (cms/embeds/finders.py); YouTube and Vimeo answer Wagtail's oEmbed requests with their own iframes.
EMBED_PROVIDERS = (
    EmbedProvider(
        key="bilibili",
        name="哔哩哔哩",
        finder={"class": "cms.embeds.finders.BilibiliFinder"},
        player_origins=("https://player.bilibili.com",),
    ),
    EmbedProvider(
        key="tencent",
        name="腾讯视频",
        finder={"class": "cms.embeds.finders.TencentVideoFinder"},
        player_origins=("https://v.qq.com",),
    ),
    EmbedProvider(
        key="youku",
        name="优酷",
        finder={"class": "cms.embeds.finders.YoukuFinder"},
        player_origins=("https://player.youku.com",),
    ),
    EmbedProvider(
        key="youtube",
        name="YouTube",
        finder={"class": "cms.embeds.finders.AllowListedOEmbedFinder", "provider": "youtube"},
        # The oEmbed answer frames www.youtube.com/embed; the privacy-enhanced host is kept for pasted players.
        player_origins=("https://www.youtube.com", "https://www.youtube-nocookie.com"),
    ),
    EmbedProvider(
        key="vimeo",
        name="Vimeo",
        finder={"class": "cms.embeds.finders.AllowListedOEmbedFinder", "provider": "vimeo"},
        player_origins=("https://player.vimeo.com",),
    ),
)


def embed_finders():
    """WAGTAILEMBEDS_FINDERS: the allow-listed providers only, in list order."""
    return [dict(provider.finder) for provider in EMBED_PROVIDERS]


def player_origins():
    """Every origin a page may frame a player from, in list order, each once."""
    return tuple(dict.fromkeys(origin for provider in EMBED_PROVIDERS for origin in provider.player_origins))


def frame_src():
    """The CSP directive: our own origin (previews, documents) and the players of the allow-list."""
    return " ".join(("frame-src", "'self'", *player_origins()))


def provider_names():
    return "、".join(provider.name for provider in EMBED_PROVIDERS)
