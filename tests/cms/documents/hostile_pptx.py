"""A hostile PPTX, written by hand (accepted only inside ZIPs, but cleaned like DOCX and XLSX):
document properties, comment authors (legacy and modern), customXml, a thumbnail and a link to a
file share, around a slide whose text must survive."""

from tests.cms.documents.hostile import (
    BODY,
    VND,
    XML,
    R,
    content_types,
    custom_xml,
    doc_props,
    marker,
    rels,
    zip_bytes,
)
from tests.cms.documents.hostile_office import MS, A

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
PML = VND + "presentationml."
P_NS = f'xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}"'
_TREE = '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
THEME = (
    f'{XML}<a:theme xmlns:a="{A}" name="主题"><a:themeElements><a:clrScheme name="c"><a:dk1><a:srgbClr val="000000"/>'
    '</a:dk1></a:clrScheme><a:fontScheme name="f"><a:majorFont><a:latin typeface="Arial"/></a:majorFont><a:minorFont>'
    '<a:latin typeface="Arial"/></a:minorFont></a:fontScheme><a:fmtScheme name="m"/></a:themeElements></a:theme>'
)


def hostile_pptx(body=BODY):
    slide = (
        f'{XML}<p:sld {P_NS}>{_TREE}<p:sp><p:nvSpPr><p:cNvPr id="2" name="标题"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr><a:hlinkClick r:id="rIdUnc"/></a:rPr>'
        f"<a:t>{body} BODY-KEEP-PPTX</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )
    props, prop_types, root_rels = doc_props("PPTX")
    xml_parts, xml_types, custom_rel = custom_xml("PPTX", "ppt/presentation.xml")
    package = {
        "ppt/presentation.xml": f'{XML}<p:presentation {P_NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" '
        'r:id="rIdMaster"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rIdSlide"/></p:sldIdLst>'
        '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>',
        "ppt/_rels/presentation.xml.rels": rels(
            ("rIdMaster", "slideMaster", "slideMasters/slideMaster1.xml"),
            ("rIdSlide", "slide", "slides/slide1.xml"),
            ("rIdTheme", "theme", "theme/theme1.xml"),
            ("rIdAuthors", "commentAuthors", "commentAuthors.xml"),
            ("rIdModernAuthors", MS + "2018/10/relationships/authors", "authors.xml"),
            custom_rel,
        ),
        "ppt/slides/slide1.xml": slide,
        "ppt/slides/_rels/slide1.xml.rels": rels(
            ("rIdLayout", "slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("rIdComments", "comments", "../comments/comment1.xml"),
            ("rIdUnc", "hyperlink", f"file:///\\\\{marker('PPTX-UNC-LINK')}\\share\\x.pptx", "External"),
        ),
        "ppt/comments/comment1.xml": f'{XML}<p:cmLst {P_NS}><p:cm authorId="0" dt="2024-03-01T10:00:00" idx="1">'
        f'<p:pos x="10" y="10"/><p:text>{marker("PPTX-COMMENT-TEXT")}</p:text></p:cm></p:cmLst>',
        "ppt/commentAuthors.xml": f"{XML}<p:cmAuthorLst {P_NS}>"
        f'<p:cmAuthor id="0" name="{marker("PPTX-COMMENT-AUTHOR")}" initials="MARKER-PPTX-INITIALS" lastIdx="1" '
        'clrIdx="0"/></p:cmAuthorLst>',
        "ppt/authors.xml": '<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">'
        f'<p188:author id="{{00000000-0000-0000-0000-000000000006}}" name="{marker("PPTX-AUTHORS")}" initials="ZS" '
        'userId="MARKER-PPTX-USERID" providerId="AD"/></p188:authorLst>',
        "ppt/slideLayouts/slideLayout1.xml": f"{XML}<p:sldLayout {P_NS}>{_TREE}</p:spTree></p:cSld></p:sldLayout>",
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": rels(
            ("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")
        ),
        "ppt/slideMasters/slideMaster1.xml": f"{XML}<p:sldMaster {P_NS}>{_TREE}</p:spTree></p:cSld>"
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
        'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>',
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": rels(
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "theme", "../theme/theme1.xml")
        ),
        "ppt/theme/theme1.xml": THEME,
        **props,
        **xml_parts,
    }
    overrides = {
        "ppt/presentation.xml": PML + "presentation.main+xml",
        "ppt/slides/slide1.xml": PML + "slide+xml",
        "ppt/comments/comment1.xml": PML + "comments+xml",
        "ppt/commentAuthors.xml": PML + "commentAuthors+xml",
        "ppt/authors.xml": "application/vnd.ms-powerpoint.authors+xml",
        "ppt/slideLayouts/slideLayout1.xml": PML + "slideLayout+xml",
        "ppt/slideMasters/slideMaster1.xml": PML + "slideMaster+xml",
        "ppt/theme/theme1.xml": VND + "theme+xml",
        **prop_types,
        **xml_types,
    }
    data = zip_bytes({
        "[Content_Types].xml": content_types(overrides),
        "_rels/.rels": rels(("rId1", "officeDocument", "ppt/presentation.xml"), *root_rels),
        **package,
    })  # fmt: skip
    markers = [
        marker(where)
        for where in (
            "PPTX-UNC-LINK", "PPTX-COMMENT-TEXT", "PPTX-COMMENT-AUTHOR", "PPTX-AUTHORS", "PPTX-CORE-CREATOR",
            "PPTX-CORE-LASTMODIFIED", "PPTX-CORE-TITLE", "PPTX-APP-COMPANY", "PPTX-APP-MANAGER", "PPTX-CUSTOM-PROP",
            "PPTX-THUMBNAIL", "PPTX-CUSTOMXML",
        )
    ] + ["MARKER-PPTX-INITIALS", "MARKER-PPTX-USERID"]  # fmt: skip
    return data, markers
