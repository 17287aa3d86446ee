"""Cover images for the demo, drawn with Pillow (no downloads): one gradient per domain, reused by
every scene of that domain, so the media folder stays small."""

import io
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

SIZE = (1200, 675)
# A CJK font draws the domain name; without one (a bare machine) the cover is a plain gradient.
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
]
PALETTES = [
    ((11, 92, 173), (15, 118, 110)),
    ((124, 58, 237), (37, 99, 235)),
    ((194, 65, 12), (217, 119, 6)),
    ((21, 128, 61), (13, 148, 136)),
    ((190, 18, 60), (234, 88, 12)),
    ((30, 64, 175), (8, 145, 178)),
    ((71, 85, 105), (15, 23, 42)),
    ((157, 23, 77), (109, 40, 217)),
]


def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return None


def draw_cover(label, number):
    start, end = PALETTES[number % len(PALETTES)]
    width, height = SIZE
    image = PILImage.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / (width - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    # A few translucent circles suggest a data network.
    overlay = PILImage.new("RGBA", SIZE, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for i in range(6):
        cx, cy, r = 860 + (i * 97) % 300, 120 + (i * 151) % 440, 40 + (i * 37) % 90
        shapes.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(255, 255, 255, 110), width=4)
    image = PILImage.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    font = _font(110)
    if font is not None:
        draw = ImageDraw.Draw(image)
        draw.text((90, height // 2 - 90), label, font=font, fill=(255, 255, 255))
        small = _font(40)
        draw.text((96, height // 2 + 60), "数用 · 公共数据应用场景", font=small, fill=(230, 240, 250))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def ensure_cover_images(domains):
    """{domain slug: Image}; the description is the alt text the templates use."""
    Image = get_image_model()
    images = {}
    for number, (slug, domain) in enumerate(sorted(domains.items(), key=lambda item: item[1].sort_order)):
        title = f"演示封面：{domain.name}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title, description=f"渐变色封面图，写有“{domain.name}”字样")
            image.file = ImageFile(io.BytesIO(draw_cover(domain.name, number)), name=f"cover-{slug}.jpg")
            image.save()
        images[slug] = image
    return images
