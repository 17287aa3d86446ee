"""Hostile Office files (DOCX written by hand, XLSX from openpyxl with hostile parts added), each
with markers in every place the sanitiser must empty. See ``hostile`` for the helpers, ``hostile_pptx``."""

import io
import zipfile

import openpyxl
from openpyxl.comments import Comment

from tests.cms.documents.hostile import (
    BODY,
    VND,
    XML,
    R,
    W,
    content_types,
    custom_xml,
    doc_props,
    marker,
    png_bytes,
    rels,
    zip_bytes,
)

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MS = "http://schemas.microsoft.com/office/"
DOCX_EMAIL = "Zhang.San@Example.com"
WML = VND + "wordprocessingml."
TEMPLATE = f"file:///C:\\Users\\{marker('DOCX-TEMPLATE-USER')}\\AppData\\Roaming\\Microsoft\\Normal.dotm"
EMBEDDED = 'r:embed="rIdImage"'
LINKED = 'r:link="rIdUncImage"'


def _picture(reference):
    return (
        f'<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
        f'<wp:docPr id="1" name="图片 1" descr="C:\\Users\\{marker("DOCX-IMAGE-PATH")}\\p.png"/>'
        f'<a:graphic><a:graphicData uri="{PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="p.png"/>'
        f"<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip {reference}/><a:stretch><a:fillRect/></a:stretch>"
        "</pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def hostile_docx(body=BODY):
    date = 'w:date="2024-03-01T10:00:00Z"'
    document = (
        f'{XML}<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:pic="{PIC}"><w:body>'
        f"<w:p><w:r><w:t>{body} BODY-KEEP-DOCX</w:t></w:r></w:p>"
        f'<w:p><w:ins w:id="1" w:author="{marker("DOCX-INS-AUTHOR")}" {date}><w:r><w:t>插入保留</w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="{marker("DOCX-DEL-AUTHOR")}" {date}><w:r><w:delText>删除</w:delText></w:r>'
        "</w:del></w:p>"
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>批注处</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
        '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>网站链接</w:t></w:r></w:hyperlink>'
        '<w:hyperlink r:id="rIdUncLink"><w:r><w:t>共享链接</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE '
        f'"C:\\\\Users\\\\{marker("DOCX-FIELD-PATH")}\\\\p.png" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        f"<w:p>{_picture(EMBEDDED)}</w:p><w:p>{_picture(LINKED)}</w:p>"
        f'<w:p><w:permStart w:id="5" w:ed="DOMAIN\\{marker("DOCX-PERM-EDITOR")}"/><w:r><w:t>可编辑区</w:t></w:r>'
        '<w:permEnd w:id="5"/></w:p>'
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/></w:sectPr></w:body></w:document>'
    )
    settings = (
        f'{XML}<w:settings xmlns:w="{W}" xmlns:r="{R}" xmlns:w15="{W15}"><w:attachedTemplate r:id="rIdTemplate"/>'
        f'<w:docVars><w:docVar w:name="owner" w:val="{marker("DOCX-DOCVAR")}"/></w:docVars>'
        '<w:rsids><w:rsidRoot w:val="00AB12CD"/></w:rsids><w15:docId w15:val="{0A1B2C3D-0000-0000-0000-000000000000}"/>'
        "</w:settings>"
    )
    comments = (
        f'{XML}<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{marker("DOCX-COMMENT-AUTHOR")}" {date} '
        'w:initials="MARKER-DOCX-INITIALS"><w:p><w:r><w:t>批注保留</w:t></w:r></w:p></w:comment></w:comments>'
    )
    people = (
        f'{XML}<w15:people xmlns:w15="{W15}"><w15:person w15:author="{marker("DOCX-PEOPLE")}">'
        '<w15:presenceInfo w15:providerId="AD" w15:userId="S-1-5-21-MARKER-DOCX-USERID"/></w15:person></w15:people>'
    )
    props, prop_types, root_rels = doc_props("DOCX")
    xml_parts, xml_types, custom_rel = custom_xml("DOCX", "word/document.xml")
    parts = {
        "word/document.xml": document,
        "word/styles.xml": f'{XML}<w:styles xmlns:w="{W}"/>',
        "word/settings.xml": settings,
        "word/_rels/settings.xml.rels": rels(("rIdTemplate", "attachedTemplate", TEMPLATE, "External")),
        "word/comments.xml": comments,
        "word/people.xml": people,
        "word/header1.xml": f'{XML}<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>页眉保留 联系邮箱 {DOCX_EMAIL}</w:t></w:r>'
        "</w:p></w:hdr>",
        "word/footer1.xml": f'{XML}<w:ftr xmlns:w="{W}"><w:p><w:r><w:t>页脚保留</w:t></w:r></w:p></w:ftr>',
        "word/webSettings.xml": f'{XML}<w:webSettings xmlns:w="{W}"><w:encoding w:val="{marker("DOCX-WEBSETTINGS")}"/>'
        "</w:webSettings>",
        "word/glossary/document.xml": f'{XML}<w:glossaryDocument xmlns:w="{W}"><w:docParts><w:docPart><w:docPartBody>'
        f"<w:p><w:r><w:t>{marker('DOCX-GLOSSARY')}</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts>"
        "</w:glossaryDocument>",
        "word/media/image1.png": png_bytes(marker("DOCX-MEDIA")),
        "word/_rels/document.xml.rels": rels(
            ("rIdStyles", "styles", "styles.xml"),
            ("rIdSettings", "settings", "settings.xml"),
            ("rIdComments", "comments", "comments.xml"),
            ("rIdHeader", "header", "header1.xml"),
            ("rIdFooter", "footer", "footer1.xml"),
            ("rIdPeople", MS + "2011/relationships/people", "people.xml"),
            ("rIdWebSettings", "webSettings", "webSettings.xml"),
            ("rIdGlossary", "glossaryDocument", "glossary/document.xml"),
            ("rIdImage", "image", "media/image1.png"),
            ("rIdWeb", "hyperlink", "https://example.org/keep", "External"),
            ("rIdUncLink", "hyperlink", f"file:///\\\\{marker('DOCX-UNC-LINK')}\\share\\doc.docx", "External"),
            ("rIdUncImage", "image", f"\\\\{marker('DOCX-UNC-IMAGE')}\\share\\p.png", "External"),
            custom_rel,
        ),
        **props,
        **xml_parts,
    }
    overrides = {
        "word/document.xml": WML + "document.main+xml",
        "word/styles.xml": WML + "styles+xml",
        "word/settings.xml": WML + "settings+xml",
        "word/comments.xml": WML + "comments+xml",
        "word/people.xml": WML + "people+xml",
        "word/header1.xml": WML + "header+xml",
        "word/footer1.xml": WML + "footer+xml",
        "word/webSettings.xml": WML + "webSettings+xml",
        "word/glossary/document.xml": WML + "document.glossary+xml",
        **prop_types,
        **xml_types,
    }
    package = {
        "[Content_Types].xml": content_types(overrides),
        "_rels/.rels": rels(("rIdMain", "officeDocument", "word/document.xml"), *root_rels),
        **parts,
    }
    markers = [
        marker(where)
        for where in (
            "DOCX-INS-AUTHOR", "DOCX-DEL-AUTHOR", "DOCX-FIELD-PATH", "DOCX-IMAGE-PATH", "DOCX-PERM-EDITOR",
            "DOCX-DOCVAR", "DOCX-TEMPLATE-USER", "DOCX-COMMENT-AUTHOR", "DOCX-PEOPLE", "DOCX-WEBSETTINGS",
            "DOCX-GLOSSARY", "DOCX-UNC-LINK", "DOCX-UNC-IMAGE", "DOCX-CORE-CREATOR", "DOCX-CORE-LASTMODIFIED",
            "DOCX-CORE-TITLE", "DOCX-APP-COMPANY", "DOCX-APP-MANAGER", "DOCX-CUSTOM-PROP", "DOCX-THUMBNAIL",
            "DOCX-CUSTOMXML", "DOCX-MEDIA",
        )
    ] + ["MARKER-DOCX-INITIALS", "MARKER-DOCX-USERID"]  # fmt: skip
    return zip_bytes(package), markers


X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SML = VND + "spreadsheetml."
XLSX_PHONE = 13812345678
GUID = "00000000-0000-0000-0000-00000000000"
THREADED = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"


def _openpyxl_workbook(body):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "预算"
    sheet["A1"] = f"{body} BODY-KEEP-XLSX"
    sheet["A2"] = XLSX_PHONE
    sheet["B1"] = "批注格"
    sheet["B1"].comment = Comment("批注保留", marker("XLSX-LEGACY-AUTHOR"))
    sheet["C1"] = "=[1]Sheet1!A1"
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def _more_rels(existing, *relationships):
    """``existing`` .rels XML with ``relationships`` added."""
    added = rels(*relationships).split('relationships">', 1)[1]
    return existing.replace("</Relationships>", "") + added


def hostile_xlsx(body=BODY):
    parts = _openpyxl_workbook(body)
    workbook = parts["xl/workbook.xml"]
    workbook = workbook.replace(f'<workbook xmlns="{X}">', f'<workbook xmlns="{X}" xmlns:r="{R}">')
    workbook = workbook.replace(
        "<workbookPr/>",
        f'<fileSharing userName="{marker("XLSX-FILESHARING")}" readOnlyRecommended="1"/><workbookPr/>'
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="x15">'
        '<x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" '
        'url="C:\\Users\\MARKER-ABSPATH-7731\\Desktop\\"/></mc:Choice></mc:AlternateContent>'
        '<xr:revisionPtr xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" revIDLastSave="0" '
        'documentId="8_{MARKER-XLSX-REVISIONPTR}"/>',
    )
    workbook = workbook.replace(
        "<definedNames/>",
        '<externalReferences><externalReference r:id="rIdExternal"/></externalReferences>'
        '<definedNames><definedName name="外部">[1]Sheet1!$A$1</definedName></definedNames>',
    )
    workbook = workbook.replace(
        "</workbook>", '<pivotCaches><pivotCache cacheId="1" r:id="rIdPivot"/></pivotCaches></workbook>'
    )
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(f'<worksheet xmlns="{X}">', f'<worksheet xmlns="{X}" xmlns:r="{R}">')
    sheet = sheet.replace("<f>[1]Sheet1!A1</f><v></v>", "<f>[1]Sheet1!A1</f><v>42</v>")
    sheet = sheet.replace("<legacyDrawing", '<pageSetup orientation="portrait" r:id="rIdPrinter"/><legacyDrawing')
    props, prop_types, root_rels = doc_props("XLSX")
    xml_parts, xml_types, custom_rel = custom_xml("XLSX", "xl/workbook.xml")
    parts.update(props)
    parts.update(xml_parts)
    parts.update({
        "xl/workbook.xml": workbook,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/_rels/workbook.xml.rels": _more_rels(
            parts["xl/_rels/workbook.xml.rels"],
            ("rIdExternal", "externalLink", "externalLinks/externalLink1.xml"),
            ("rIdPerson", MS + "2017/10/relationships/person", "persons/person.xml"),
            ("rIdPivot", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"),
            ("rIdRevisions", "revisionHeaders", "revisions/revisionHeaders.xml"),
            ("rIdUsers", "usernames", "revisions/userNames.xml"),
            custom_rel,
        ),
        "xl/worksheets/_rels/sheet1.xml.rels": _more_rels(
            parts["xl/worksheets/_rels/sheet1.xml.rels"],
            ("rIdPrinter", "printerSettings", "../printerSettings/printerSettings1.bin"),
            ("rIdThreaded", MS + "2017/10/relationships/threadedComment", "../threadedComments/threadedComment1.xml"),
        ),
        "xl/externalLinks/externalLink1.xml": f'{XML}<externalLink xmlns="{X}" xmlns:r="{R}"><externalBook r:id="rId1">'
        '<sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>',
        "xl/externalLinks/_rels/externalLink1.xml.rels": rels(
            ("rId1", "externalLinkPath", f"file:///C:\\Users\\{marker('XLSX-EXTLINK-USER')}\\book.xlsx", "External"),
        ),
        "xl/persons/person.xml": f'{XML}<personList xmlns="{THREADED}"><person displayName="{marker("XLSX-PERSON")}" '
        'id="{00000000-0000-0000-0000-000000000001}" userId="MARKER-XLSX-PERSON-USERID" providerId="AD"/></personList>',
        "xl/threadedComments/threadedComment1.xml": f'{XML}<ThreadedComments xmlns="{THREADED}">'
        '<threadedComment ref="B1" dT="2024-03-01T10:00:00.00" personId="{MARKER-XLSX-THREAD-PERSONID}" '
        f'id="{{{GUID}2}}">'
        f"<text>{marker('XLSX-THREAD-TEXT')}</text></threadedComment></ThreadedComments>",
        "xl/pivotCache/pivotCacheDefinition1.xml": f'{XML}<pivotCacheDefinition xmlns="{X}" '
        f'refreshedBy="{marker("XLSX-PIVOT-REFRESHEDBY")}" refreshedDate="45000" createdVersion="6" recordCount="0">'
        '<cacheSource type="worksheet"><worksheetSource ref="A1:A2" sheet="预算"/></cacheSource><cacheFields count="1">'
        '<cacheField name="x" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>',
        "xl/revisions/revisionHeaders.xml": f'{XML}<headers xmlns="{X}" guid="{{{GUID}3}}">'
        f'<header guid="{{{GUID}4}}" dateTime="2024-03-01T10:00:00" maxSheetId="2" '
        f'userName="{marker("XLSX-REVISION-USER")}"><sheetIdMap count="1"><sheetId val="1"/></sheetIdMap></header>'
        "</headers>",
        "xl/revisions/userNames.xml": f'{XML}<users xmlns="{X}" count="1"><userInfo guid="{{{GUID}5}}" '
        f'name="{marker("XLSX-USERNAMES")}" id="1" dateTime="2024-03-01T10:00:00"/></users>',
        "xl/printerSettings/printerSettings1.bin": "MARKER-XLSX-PRINTER\\\\PRINTSERVER".encode("utf-16-le"),
    })  # fmt: skip
    parts["_rels/.rels"] = rels(("rId1", "officeDocument", "xl/workbook.xml"), *root_rels)
    overrides = {
        "xl/externalLinks/externalLink1.xml": SML + "externalLink+xml",
        "xl/persons/person.xml": "application/vnd.ms-excel.person+xml",
        "xl/threadedComments/threadedComment1.xml": "application/vnd.ms-excel.threadedcomments+xml",
        "xl/pivotCache/pivotCacheDefinition1.xml": SML + "pivotCacheDefinition+xml",
        "xl/revisions/revisionHeaders.xml": SML + "revisionHeaders+xml",
        "xl/revisions/userNames.xml": SML + "userNames+xml",
        **prop_types,
        **xml_types,
    }
    extra = "".join(f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
    extra += f'<Default Extension="bin" ContentType="{SML}printerSettings"/>'
    extra += '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    # openpyxl's own overrides for the docProps parts would repeat the ones added above.
    types = parts["[Content_Types].xml"]
    for part in ("core", "app"):
        types = types.replace(f'<Override PartName="/docProps/{part}.xml"', f'<Override PartName="/x-replaced-{part}"')
    parts["[Content_Types].xml"] = types.replace("</Types>", extra + "</Types>")
    markers = [
        marker(where)
        for where in (
            "XLSX-LEGACY-AUTHOR", "XLSX-FILESHARING", "XLSX-EXTLINK-USER", "XLSX-PERSON", "XLSX-THREAD-TEXT",
            "XLSX-PIVOT-REFRESHEDBY", "XLSX-REVISION-USER", "XLSX-USERNAMES", "XLSX-CORE-CREATOR",
            "XLSX-CORE-LASTMODIFIED", "XLSX-CORE-TITLE", "XLSX-APP-COMPANY", "XLSX-APP-MANAGER", "XLSX-CUSTOM-PROP",
            "XLSX-THUMBNAIL", "XLSX-CUSTOMXML",
        )
    ] + [
        "MARKER-ABSPATH-7731", "MARKER-XLSX-REVISIONPTR", "MARKER-XLSX-PERSON-USERID", "MARKER-XLSX-THREAD-PERSONID",
        "MARKER-XLSX-PRINTER",
    ]  # fmt: skip
    return zip_bytes(parts), markers
