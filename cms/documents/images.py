"""Re-encode JPEG, PNG and WebP images without anything but their pixels.

The image is decoded (after a pixel-count check, so a small file cannot claim a huge canvas), turned
upright from its EXIF orientation, and written afresh with an empty ``info``: no EXIF (camera,
GPS, owner), XMP, ICC profile text, JPEG comments or PNG text chunks survive. Only the first frame of
an animation is kept.
"""

import contextlib
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cms.documents.limits import DEFAULT_LIMITS, DocumentRejected, corrupt

PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_PILLOW_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)
# Modes each format can store as they are; anything else is converted to the first mode listed.
_MODES = {
    "JPEG": ("RGB", "L", "CMYK"),
    "PNG": ("RGBA", "RGB", "1", "L", "LA", "P", "I;16"),
    "WEBP": ("RGBA", "RGB"),
}


def clean_image(src, dst, content_type=None, limits=None):
    """Write a metadata-free copy of the image in ``src`` to ``dst``, in the same format.

    ``content_type`` (image/jpeg, image/png, image/webp) is the format the file must be; None
    accepts any of the three.
    """
    with _opened(src, content_type, limits or DEFAULT_LIMITS) as image:
        try:
            image_format = image.format
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            _save(image, dst, image_format)
        except _PILLOW_ERRORS as exc:
            raise corrupt() from exc


def check_image(src, content_type=None, limits=None):
    """Refuse (``DocumentRejected``) an image ``clean_image`` would refuse, reading only its header."""
    with _opened(src, content_type, limits or DEFAULT_LIMITS):
        pass


@contextlib.contextmanager
def _opened(src, content_type, limits):
    formats = [PILLOW_FORMATS[content_type]] if content_type else list(PILLOW_FORMATS.values())
    too_big = DocumentRejected(
        _("图片像素过多（上限 %(limit)s 万像素），可能是“解压炸弹”。") % {"limit": limits.max_image_pixels // 10_000},
        code="bomb",
    )
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here the limit is ours.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(src, formats=formats)
        except Image.DecompressionBombError as exc:
            raise too_big from exc
        except _PILLOW_ERRORS as exc:
            raise corrupt() from exc
        with image:
            if image.width * image.height > limits.max_image_pixels:
                raise too_big
            yield image


def _save(image, dst, image_format):
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    clean = image if image.mode in _MODES[image_format] else image.convert(_MODES[image_format][0])
    options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
    clean.save(dst, format=image_format, **options)
