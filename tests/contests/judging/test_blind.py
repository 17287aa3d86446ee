"""Blind judging: nothing a judge can reach names the team — not the HTML of any page, not a
header, not a file name, not the metadata of a served PDF, image or Office file.

The team, its members and its organisation carry distinctive strings, and the stored files carry
them in every metadata field we know of, so that a leak would be found."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from contests.choices import FileKind, OthersScoresVisibility, TeamRole
from contests.models import EntryFile
from contests.services.judging.judges import blind_code
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import add_member
from tests.contests.factories.judging import assign, eligible_entry, judging_setup, submitted_score

pytestmark = pytest.mark.django_db

TEAM_NAME = "鲲鹏星河队XQ"
ORGANISATION = "玄武湖数智科技有限公司ZZ"
MEMBERS = ("欧阳晓岚QM", "司马长风QN")
EMAILS = ("ouyang.qm@xuanwu-zz.example", "sima.qn@xuanwu-zz.example")
SECRETS = (TEAM_NAME, ORGANISATION, *MEMBERS, *EMAILS, "xuanwu-zz")


def pdf_with_identity():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata(
        {
            "/Author": MEMBERS[0],
            "/Creator": ORGANISATION,
            "/Producer": f"{ORGANISATION} WPS",
            "/Title": f"{TEAM_NAME} 方案书",
            "/Subject": TEAM_NAME,
            "/Keywords": f"{MEMBERS[1]}, {ORGANISATION}",
        }
    )
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{MEMBERS[0]}</rdf:li></rdf:Seq>'
        f"</dc:creator><dc:publisher>{ORGANISATION}</dc:publisher></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    writer.xmp_metadata = xmp.encode()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_with_exif():
    image = Image.new("RGB", (40, 30), (10, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "OuYang xuanwu-zz"  # Artist
    exif[0x010E] = "xuanwu-zz team photo"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"xuanwu-zz")
    return out.getvalue()


def docx_with_identity():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            f'<w:p><w:ins w:author="{MEMBERS[1]}" w:id="1"><w:r><w:t>方案正文</w:t></w:r></w:ins></w:p>'
            "</w:body></w:document>",
        )
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{MEMBERS[0]}</dc:creator></cp:coreProperties>',
        )
        archive.writestr("docProps/app.xml", f"<Properties><Company>{ORGANISATION}</Company></Properties>")
    return out.getvalue()


def store(entry, kind, name, content_type, data):
    entry_file = EntryFile(
        entry=entry, kind=kind, original_name=name, content_type=content_type, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by=entry.created_by,
    )  # fmt: skip
    entry_file.file.save("upload", ContentFile(data), save=False)
    entry_file.save()
    return entry_file


@pytest.fixture
def blind_entry():
    contest, round_, tracks, judges, _entries = judging_setup(judges=3, entries=0)
    round_.others_scores_visibility = OthersScoresVisibility.AFTER_OWN
    round_.save()
    leader = UserFactory(real_name=MEMBERS[0], email=EMAILS[0], organisation=ORGANISATION)
    team = TeamFactory(contest=contest, name=TEAM_NAME, organisation=ORGANISATION, created_by=leader)
    add_member(
        team, UserFactory(real_name=MEMBERS[1], email=EMAILS[1], organisation=ORGANISATION), role=TeamRole.MEMBER
    )
    entry = eligible_entry(
        contest,
        tracks[0],
        team=team,
        title="城市停车泊位数据共享与智能诱导",
        video_url="https://v.qq.com/x/page/demo.html",
    )
    store(entry, FileKind.PROPOSAL, f"{TEAM_NAME}-方案书.pdf", "application/pdf", pdf_with_identity())
    store(entry, FileKind.IMAGE, f"{ORGANISATION}合影.jpg", "image/jpeg", jpeg_with_exif())
    store(
        entry, FileKind.ATTACHMENT, f"{MEMBERS[0]}的说明.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_with_identity(),
    )  # fmt: skip
    mine = assign(round_, entry, judges[0], declared=False)
    other = assign(round_, entry, judges[1])
    submitted_score(other, [20, 20, 15, 15, 8])
    return entry, mine


def assert_blind(response, extra=()):
    texts = [response.content if not hasattr(response, "streaming_content") else b"".join(response.streaming_content)]
    texts += [f"{k}: {v}".encode() for k, v in response.items()]
    for secret in (*SECRETS, *extra):
        for blob in texts:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-be")):
                assert encoded not in blob, f"{secret!r} leaked in {response.wsgi_request.path}"


def test_every_page_and_file_a_judge_reaches_is_blind(client, blind_entry):
    entry, mine = blind_entry
    client.force_login(mine.judge.user)
    extra = (str(entry.uuid), f"/portal/teams/{entry.team_id}/", f"/portal/entries/{entry.uuid}")
    code = mine.code

    pages = [
        reverse("contests:judging:dashboard"),
        reverse("contests:judging:round", kwargs={"round_id": mine.round_id}),
        reverse("contests:judging:assignment", kwargs={"code": code}),  # the declaration page
        reverse("contests:judging:recuse", kwargs={"code": code}),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert_blind(response, extra)

    response = client.post(reverse("contests:judging:declare", kwargs={"code": code}), {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert "城市停车泊位数据共享与智能诱导" in response.content.decode()
    assert_blind(response, extra)

    criteria = list(mine.round.criteria.order_by("sort_order"))
    form = {f"criterion_{c.pk}": v for c, v in zip(criteria, [20, 20, 15, 15, 8], strict=True)}
    form |= {
        "version": 0,
        "comment": "方案紧扣赛题，数据来源清楚，落地路径可行，建议补充效益测算。",
        "action": "submit",
    }
    # The confirmation step shows the scores again, blind too; then the confirmed submission.
    response = client.post(reverse("contests:judging:assignment", kwargs={"code": code}), form)
    assert response.status_code == 200
    assert "提交后评分将被锁定，不能再修改。" in response.content.decode()
    assert_blind(response, extra)
    form["confirm"] = "yes"
    response = client.post(reverse("contests:judging:assignment", kwargs={"code": code}), form, follow=True)
    assert response.status_code == 200
    assert "评分已提交" in response.content.decode()
    assert_blind(response, extra)

    response = client.get(reverse("contests:judging:others", kwargs={"code": code}))
    assert response.status_code == 200
    assert "评委 A" in response.content.decode()
    assert_blind(response, extra)

    blind = blind_code(entry)
    names = []
    for position in (1, 2, 3):
        response = client.get(reverse("contests:judging:file", kwargs={"code": code, "position": position}))
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        response.streaming_content = [data]  # read once, checked by assert_blind and below
        assert_blind(response, extra)
        names.append(response["Content-Disposition"])
        assert response["X-Content-Type-Options"] == "nosniff"
        if response["Content-Type"] == "application/pdf":
            reader = PdfReader(io.BytesIO(data))
            assert reader.metadata is None or all(not str(v) for v in reader.metadata.values())
            assert reader.xmp_metadata is None
        elif response["Content-Type"] == "image/jpeg":
            image = Image.open(io.BytesIO(data))
            assert dict(image.getexif()) == {}
            assert "comment" not in image.info and "exif" not in image.info
        else:
            archive = zipfile.ZipFile(io.BytesIO(data))
            for member in archive.namelist():
                content = archive.read(member)
                assert all(s.encode() not in content for s in SECRETS), member
    # Files are named by kind and blind code only, and always download: never rendered inline.
    assert [n.split("''")[-1] for n in names] == [
        f"%E6%96%B9%E6%A1%88%E4%B9%A6-{blind}.pdf",  # 方案书-<code>.pdf
        f"%E5%9B%BE%E7%89%87-{blind}-1.jpg",  # 图片-<code>-1.jpg
        f"%E9%99%84%E4%BB%B6-{blind}-1.docx",  # 附件-<code>-1.docx
    ]
    assert [n.split(";")[0] for n in names] == ["attachment", "attachment", "attachment"]
    assert all(blind in n for n in names)


def test_the_page_shows_the_blind_code_not_the_entry_uuid(client, blind_entry):
    entry, mine = blind_entry
    client.force_login(mine.judge.user)
    client.post(reverse("contests:judging:declare", kwargs={"code": mine.code}), {"confirm": "on"})
    html = client.get(reverse("contests:judging:assignment", kwargs={"code": mine.code})).content.decode()
    assert blind_code(entry) in html
    assert str(entry.uuid) not in html
    assert f"/portal/entries/{entry.uuid}" not in html


def test_the_stored_files_do_carry_the_identity_the_copies_remove(blind_entry):
    """Guard against a vacuous test: the originals really contain the strings."""
    entry, _mine = blind_entry
    originals = {}
    for entry_file in entry.files.all():
        with entry_file.file.open("rb") as handle:
            originals[entry_file.kind] = handle.read()
    assert PdfReader(io.BytesIO(originals[FileKind.PROPOSAL])).metadata["/Author"] == MEMBERS[0]
    assert Image.open(io.BytesIO(originals[FileKind.IMAGE])).getexif()[0x013B] == "OuYang xuanwu-zz"
    assert ORGANISATION.encode() in zipfile.ZipFile(io.BytesIO(originals[FileKind.ATTACHMENT])).read("docProps/app.xml")
