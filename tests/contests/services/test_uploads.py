"""The content checks of contests.services.uploads, without the database or HTTP."""

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

from contests.choices import FileKind
from contests.demo.entries import make_pdf
from contests.services.uploads import UploadRejected, check_upload, clean_filename

PDF = make_pdf(["Proposal"])
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def image_bytes(fmt="PNG", size=(32, 24), **save_kwargs):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def rejected(kind, name, data):
    with pytest.raises(UploadRejected) as info:
        check_upload(kind, upload(name, data))
    return info.value


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


WORD_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


# The smallest package Word opens: content types, the package relationship and a namespaced body.
PACKAGE_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORD_BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'


def docx_bytes(extra=None, content_types=WORD_TYPES):
    package = {"[Content_Types].xml": content_types, "_rels/.rels": PACKAGE_RELS, "word/document.xml": WORD_BODY}
    return zip_bytes({**package, **(extra or {})})


def xlsx_bytes():
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "城市"
    workbook.save(out)
    return out.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width=30_000, height=30_000):
    """A PNG whose header claims 900 million pixels in a few hundred bytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + png_chunk(b"IEND", b"")
    )


# --- accepted files ------------------------------------------------------------------------------


def test_check_upload_accepts_a_pdf_proposal_keeping_bytes_and_chinese_name():
    checked = check_upload(FileKind.PROPOSAL, upload("智慧养老方案书.pdf", PDF))
    assert (checked.format.key, checked.name, checked.size) == ("pdf", "智慧养老方案书.pdf", len(PDF))
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()
    assert checked.content.read() == PDF


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("附件.pdf", PDF, "pdf"),
        ("说明.docx", docx_bytes(), "docx"),
        ("数据.xlsx", xlsx_bytes(), "xlsx"),
        ("代码.zip", zip_bytes({"src/main.py": b"print('hi')", "README.md": b"# demo"}), "zip"),
    ],
)
def test_check_upload_accepts_each_attachment_format(name, data, key):
    checked = check_upload(FileKind.ATTACHMENT, upload(name, data))
    assert (checked.format.key, checked.sha256) == (key, hashlib.sha256(data).hexdigest())


@pytest.mark.parametrize(
    ("fmt", "name", "key"), [("PNG", "图.png", "png"), ("JPEG", "图.jpg", "jpeg"), ("WEBP", "图.webp", "webp")]
)
def test_check_upload_reencodes_each_image_format(fmt, name, key):
    checked = check_upload(FileKind.IMAGE, upload(name, image_bytes(fmt)))
    data = checked.content.read()
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == (fmt, (32, 24))
    assert (checked.format.key, checked.size, checked.sha256) == (key, len(data), hashlib.sha256(data).hexdigest())


def test_check_upload_strips_exif_and_applies_orientation_to_jpeg():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (36.0, 40.0, 0.0)}  # GPS latitude
    data = image_bytes("JPEG", size=(40, 20), exif=exif.tobytes())
    checked = check_upload(FileKind.IMAGE, upload("现场照片.jpg", data))
    with Image.open(checked.content) as image:
        assert image.size == (20, 40)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


def test_check_upload_strips_png_text_and_icc_metadata():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "张三 13800000000")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info, icc_profile=b"fake-icc")
    checked = check_upload(FileKind.IMAGE, upload("logo.png", out.getvalue()))
    with Image.open(checked.content) as image:
        assert (image.mode, image.info) == ("RGBA", {})


# --- refused files ---------------------------------------------------------------------------------


def test_check_upload_refuses_an_executable_renamed_to_pdf():
    error = rejected(FileKind.PROPOSAL, "方案书.pdf", EXE)
    assert (error.code, error.message) == ("type", "“方案书.pdf”的内容是Windows 可执行程序，不允许上传。未保存。")


def test_check_upload_refuses_an_elf_binary_named_pdf():
    assert rejected(FileKind.ATTACHMENT, "a.pdf", ELF).code == "type"


def test_check_upload_refuses_unrecognised_content():
    error = rejected(FileKind.PROPOSAL, "方案书.pdf", "这只是一段文字".encode())
    assert error.message == "“方案书.pdf”的内容是无法识别的类型，不是允许的类型（PDF）。未保存。"


def test_check_upload_refuses_an_empty_file():
    error = rejected(FileKind.PROPOSAL, "空.pdf", b"")
    assert (error.code, error.message) == ("empty", "“空.pdf”是空文件，未保存。")


def test_check_upload_refuses_a_broken_pdf():
    error = rejected(FileKind.PROPOSAL, "坏.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert (error.code, error.message) == ("corrupt", "“坏.pdf”不是有效的 PDF 文件或已损坏，未保存。")


def test_check_upload_refuses_an_encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    assert rejected(FileKind.PROPOSAL, "加密.pdf", out.getvalue()).code == "encrypted"


def test_check_upload_refuses_an_image_as_proposal():
    error = rejected(FileKind.PROPOSAL, "图.png", image_bytes("PNG"))
    assert (error.code, error.message) == ("type", "“图.png”的内容是PNG，不是允许的类型（PDF）。未保存。")


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<svg onload="alert(1)"/>',
        b"<html><script>alert(1)</script></html>",
    ],
)
def test_check_upload_refuses_svg_and_markup_whatever_the_name(data):
    error = rejected(FileKind.IMAGE, "logo.png", data)
    assert (error.code, error.message) == (
        "markup",
        "“logo.png”是 SVG/HTML 等标记文件，可能包含脚本，不允许上传。请转换为 PNG 或 JPEG。",
    )


def test_check_upload_refuses_a_decompression_bomb():
    error = rejected(FileKind.IMAGE, "bomb.png", bomb_png())
    assert (error.code, error.message) == (
        "bomb",
        "“bomb.png”的像素过多（上限 4000 万像素），可能是“解压炸弹”，未保存。",
    )


def test_check_upload_refuses_an_image_just_over_the_pixel_limit_before_decoding():
    # 8000 × 5001 = 40,008,000 pixels: below Pillow's own warning threshold, above ours.
    assert rejected(FileKind.IMAGE, "big.png", bomb_png(8000, 5001)).code == "bomb"


def test_check_upload_refuses_a_truncated_image():
    data = image_bytes("PNG", size=(200, 200))
    assert rejected(FileKind.IMAGE, "半张.png", data[: len(data) // 2]).code == "corrupt"


def test_check_upload_refuses_gif():
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, format="GIF")
    assert (
        rejected(FileKind.IMAGE, "动图.gif", out.getvalue()).message
        == "“动图.gif”的内容是GIF 图片，不允许上传。未保存。"
    )


def test_check_upload_refuses_a_png_named_jpg():
    error = rejected(FileKind.IMAGE, "照片.jpg", image_bytes("PNG"))
    assert (error.code, error.message) == (
        "extension",
        "“照片.jpg”的扩展名与内容不符：内容是 PNG 文件，扩展名应为 .png。未保存。",
    )


def test_check_upload_refuses_a_plain_zip_disguised_as_docx():
    error = rejected(FileKind.ATTACHMENT, "报告.docx", zip_bytes({"报告.txt": b"hello"}))
    assert (error.code, error.message) == (
        "extension",
        "“报告.docx”的扩展名与内容不符：内容是 ZIP 文件，扩展名应为 .zip。未保存。",
    )


def test_check_upload_refuses_a_docx_without_its_main_part():
    data = zip_bytes({"[Content_Types].xml": WORD_TYPES, "xl/workbook.xml": b"<workbook/>"})
    assert rejected(FileKind.ATTACHMENT, "报告.docx", data).code == "type"


def test_check_upload_refuses_a_macro_enabled_document_by_its_content_types():
    macro_types = WORD_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    error = rejected(FileKind.ATTACHMENT, "报告.docx", docx_bytes(content_types=macro_types))
    assert (error.code, error.message) == ("macro", "“报告.docx”是启用宏的文档，不允许上传。请另存为不含宏的文件。")


def test_check_upload_refuses_a_document_carrying_a_vba_project():
    data = docx_bytes(extra={"word/vbaProject.bin": b"\x00" * 10})
    assert rejected(FileKind.ATTACHMENT, "报告.docx", data).code == "macro"


@pytest.mark.parametrize("member", ["../../etc/cron.d/job", "/etc/passwd", "..\\..\\windows\\evil.txt", "C:/evil.txt"])
def test_check_upload_refuses_a_zip_with_unsafe_paths(member):
    assert rejected(FileKind.ATTACHMENT, "代码.zip", zip_bytes({member: b"x"})).code == "zip_path"


@pytest.mark.parametrize("member", ["setup.exe", "tools/run.BAT", "a/b/payload.js", "app.jar"])
def test_check_upload_refuses_a_zip_containing_programs(member):
    error = rejected(FileKind.ATTACHMENT, "代码.zip", zip_bytes({"README.md": b"x", member: b"MZ"}))
    assert (error.code, error.message) == ("zip_executable", f"“代码.zip”中含有可执行程序或脚本（{member}），未保存。")


def test_check_upload_refuses_a_zip_bomb_by_its_declared_expanded_size():
    data = bytearray(zip_bytes({"zeros.bin": b"\x00" * 10}))
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFF0)  # uncompressed size: ~4 GiB
    assert rejected(FileKind.ATTACHMENT, "炸弹.zip", bytes(data)).code == "zip_bomb"


def test_check_upload_refuses_an_oversized_file():
    data = PDF + b"%" + b"0" * (20 * 1024 * 1024)
    error = rejected(FileKind.PROPOSAL, "大.pdf", data)
    assert (error.code, error.message) == ("too_large", "文件超过大小上限（20 MB），未保存。")


# --- file names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("数据应用方案书（终稿）.pdf", "数据应用方案书（终稿）.pdf"),
        ("  report?.PDF  ", "report_.PDF"),
        ('a<b>c:"d"|e*.pdf', "a_b_c__d__e_.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("方" * 150 + ".pdf", "方" * 96 + ".pdf"),
        ("no-extension", "no-extension"),
    ],
)
def test_clean_filename_keeps_letters_and_cleans_the_rest(raw, clean):
    assert clean_filename(raw) == clean


@pytest.mark.parametrize("raw", ["../../etc/passwd.pdf", "..\\..\\boot.ini", "dir/file.pdf", "..", "."])
def test_clean_filename_refuses_paths(raw):
    with pytest.raises(UploadRejected) as info:
        clean_filename(raw)
    assert info.value.message == "文件名不能包含路径（/、\\ 或 ..），未保存。"


@pytest.mark.parametrize("raw", ["a\x00.pdf", "line\nbreak.pdf", "invoice\u202efdp.exe", "tab\t.pdf"])
def test_clean_filename_refuses_control_and_invisible_characters(raw):
    with pytest.raises(UploadRejected) as info:
        clean_filename(raw)
    assert info.value.code == "control"


@pytest.mark.parametrize("raw", ["", "...", "   "])
def test_clean_filename_refuses_an_empty_name(raw):
    with pytest.raises(UploadRejected) as info:
        clean_filename(raw)
    assert info.value.code == "empty_name"
