"""The entry points: ``clean`` by MIME type, ``validate_zip`` at upload, and the package's place
on the ground floor."""

import ast
import io
from pathlib import Path

import pytest

import cms.documents
from cms.documents.archives import validate_zip
from cms.documents.kinds import DOCX, ZIP
from cms.documents.limits import DocumentRejected
from tests.cms.documents.conftest import cleaned
from tests.cms.documents.hostile import content_types, rels, zip_bytes

MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_DOCX = zip_bytes({
    "[Content_Types].xml": content_types({"word/document.xml": MACRO_MAIN}),
    "_rels/.rels": rels(("rId1", "officeDocument", "word/document.xml")),
    "word/document.xml": "<w:document xmlns:w='x'/>",
    "word/vbaProject.bin": b"\x00macro",
})  # fmt: skip


def test_clean_copies_plain_text_as_it_is():
    assert cleaned("第一行\n第二行".encode(), "text/plain") == "第一行\n第二行".encode()


def test_clean_refuses_a_type_it_does_not_know():
    with pytest.raises(DocumentRejected) as refused:
        cleaned(b"MZ\x90\x00", "application/x-msdownload")
    assert (refused.value.code, str(refused.value)) == ("unsupported", "不支持的文件类型。")


@pytest.mark.parametrize("where", ["upload", "inside a zip"])
def test_validate_zip_refuses_a_macro_enabled_office_file_as_cleaning_would(where):
    data = MACRO_DOCX if where == "upload" else zip_bytes({"a/b.docm": MACRO_DOCX})
    for refuse in (lambda: validate_zip(io.BytesIO(data)), lambda: cleaned(data, DOCX if where == "upload" else ZIP)):
        with pytest.raises(DocumentRejected) as refused:
            refuse()
        assert refused.value.code == "macro"


def test_the_package_imports_nothing_from_the_apps_above_it():
    imported = set()
    for path in Path(cms.documents.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert imported & {"scenes", "contests"} == set()
    assert "cms" in imported
