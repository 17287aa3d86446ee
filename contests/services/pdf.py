"""What the PDFs of the contest share (award certificates, submission receipts): Chinese text in
reportlab's built-in CID font STSong-Light, whose glyphs the reader's PDF viewer supplies (Adobe-GB1),
so no font file is shipped and the PDFs stay small; and line wrapping that breaks Chinese anywhere."""

import functools

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"


@functools.cache
def cid_font():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def wrap(text, size, width, font=FONT):
    """Lines of ``text`` no wider than ``width`` at ``size``: Chinese breaks between any characters."""
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, font, size) > width and line:
            lines.append(line)
            line = char
        else:
            line += char
    if line:
        lines.append(line)
    return lines or [""]
