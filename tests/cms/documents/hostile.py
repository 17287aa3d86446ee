"""Hostile documents built in code (no binary fixtures): every place where a file can say who made
it holds a distinctive marker, and the visible body holds text that must survive cleaning.

Each builder returns ``(data, markers)``: the file's bytes and the markers a clean copy must not
contain. Markers are ``张三MARKER-<WHERE>``: the ASCII part is unique, so a scanner finds it whatever
the encoding of the Chinese prefix.
"""

import io
import zipfile

from PIL import Image
from PIL.PngImagePlugin import PngInfo

BODY = "正文保留"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = f"{R}/"  # relationship type prefix
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VND = "application/vnd.openxmlformats-officedocument."
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def marker(where):
    return f"张三MARKER-{where}"


def zip_bytes(members, comment=b""):
    """A ZIP of ``members`` ({name: bytes | str}) in order, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
        archive.comment = comment
    return out.getvalue()


def rels(*relationships):
    """``.rels`` XML from ``(id, type, target)`` or ``(id, type, target, "External")`` tuples."""
    items = []
    for rel in relationships:
        rel_id, rel_type, target = rel[:3]
        mode = ' TargetMode="External"' if len(rel) == 4 else ""
        full_type = rel_type if "://" in rel_type else RT + rel_type
        items.append(f'<Relationship Id="{rel_id}" Type="{full_type}" Target="{target}"{mode}/>')
    return f'{XML}<Relationships xmlns="{PR}">{"".join(items)}</Relationships>'


def content_types(overrides, defaults=()):
    items = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        '<Default Extension="png" ContentType="image/png"/>',
        '<Default Extension="jpeg" ContentType="image/jpeg"/>',
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
    ]
    items += [f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in defaults]
    items += [f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in overrides.items()]
    return f'{XML}<Types xmlns="{CT_NS}">{"".join(items)}</Types>'


def doc_props(prefix):
    """docProps core/app/custom parts and the root relationships to them, with markers."""
    core = (
        f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{marker(prefix + '-CORE-CREATOR')}</dc:creator>"
        f"<cp:lastModifiedBy>{marker(prefix + '-CORE-LASTMODIFIED')}</cp:lastModifiedBy>"
        f"<dc:title>{marker(prefix + '-CORE-TITLE')}</dc:title></cp:coreProperties>"
    )
    app = (
        f'{XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Company>{marker(prefix + '-APP-COMPANY')}</Company><Manager>{marker(prefix + '-APP-MANAGER')}</Manager>"
        "</Properties>"
    )
    custom = (
        f'{XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
        f"<vt:lpwstr>{marker(prefix + '-CUSTOM-PROP')}</vt:lpwstr></property></Properties>"
    )
    parts = {
        "docProps/core.xml": core,
        "docProps/app.xml": app,
        "docProps/custom.xml": custom,
        "docProps/thumbnail.jpeg": jpeg_bytes(marker(prefix + "-THUMBNAIL")),
    }
    overrides = {
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml": VND + "extended-properties+xml",
        "docProps/custom.xml": VND + "custom-properties+xml",
    }
    root = [
        ("rIdCore", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
        ("rIdApp", "extended-properties", "docProps/app.xml"),
        ("rIdCustom", "custom-properties", "docProps/custom.xml"),
        ("rIdThumb", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
         "docProps/thumbnail.jpeg"),
    ]  # fmt: skip
    return parts, overrides, root


def custom_xml(prefix, owner_dir):
    """customXml parts (item, props) and the relationship from the main part to them."""
    relative = "../" * owner_dir.count("/") + "customXml/item1.xml" if owner_dir else "customXml/item1.xml"
    parts = {
        "customXml/item1.xml": f"{XML}<owner><name>{marker(prefix + '-CUSTOMXML')}</name></owner>",
        "customXml/itemProps1.xml": (
            f'{XML}<ds:datastoreItem ds:itemID="{{11111111-2222-3333-4444-555555555555}}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>'
        ),
        "customXml/_rels/item1.xml.rels": rels(("rId1", "customXmlProps", "itemProps1.xml")),
    }
    overrides = {"customXml/itemProps1.xml": VND + "customXmlProperties+xml"}
    return parts, overrides, ("rIdCustomXml", "customXml", relative)


def png_bytes(text_marker=None, size=(4, 3), color=(200, 30, 30)):
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    info = PngInfo()
    if text_marker:
        info.add_text("Author", text_marker)
        info.add_itxt("Comment", text_marker + "-ITXT")
        info.add_text("XML:com.adobe.xmp", f"<x:xmpmeta><dc:creator>{text_marker}-XMP</dc:creator></x:xmpmeta>")
    exif = Image.Exif()
    if text_marker:
        exif[0x013B] = text_marker + "-EXIF"  # Artist
    image.save(out, "PNG", pnginfo=info, exif=exif, icc_profile=(text_marker or "").encode() + b"-ICC")
    return out.getvalue()


def jpeg_bytes(text_marker, size=(8, 4), color=(30, 30, 200), orientation=1):
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x013B] = text_marker + "-EXIF-ARTIST"
    exif[0x010E] = text_marker + "-EXIF-DESCRIPTION"
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        comment=(text_marker + "-COMMENT").encode(),
        icc_profile=(text_marker + "-ICC").encode(),
        xmp=f"<x:xmpmeta><dc:creator>{text_marker}-XMP</dc:creator></x:xmpmeta>".encode(),
    )
    return out.getvalue()


def webp_bytes(text_marker, size=(6, 6), color=(20, 160, 20)):
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x013B] = text_marker + "-EXIF"
    out = io.BytesIO()
    image.save(
        out,
        "WEBP",
        exif=exif,
        icc_profile=(text_marker + "-ICC").encode(),
        xmp=f"<x:xmpmeta><dc:creator>{text_marker}-XMP</dc:creator></x:xmpmeta>".encode(),
    )
    return out.getvalue()


def image_markers(text_marker, kind):
    suffixes = {
        "jpeg": ["-EXIF-ARTIST", "-EXIF-DESCRIPTION", "-COMMENT", "-ICC", "-XMP"],
        "png": ["", "-ITXT", "-XMP", "-EXIF", "-ICC"],
        "webp": ["-EXIF", "-ICC", "-XMP"],
    }[kind]
    return [text_marker + suffix for suffix in suffixes]
