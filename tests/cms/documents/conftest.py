"""Helpers shared by the document sanitiser tests."""

import io
import posixpath
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest

from cms.documents.clean import clean

PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
PACKAGE_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def cleaned(data, content_type, limits=None):
    out = io.BytesIO()
    clean(io.BytesIO(data), out, content_type, limits)
    return out.getvalue()


def package_problems(data):
    """What would make an Office package fail to open: rels naming missing parts, parts without a
    content type or that are not well-formed XML, overrides for missing parts."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))  # noqa: S314 (our own output)
        defaults = {item.get("Extension").lower() for item in types.iter(f"{PACKAGE_TYPES}Default")}
        overrides = {item.get("PartName").lstrip("/") for item in types.iter(f"{PACKAGE_TYPES}Override")}
        problems += [f"override for missing {name}" for name in overrides - names]
        for name in names - {"[Content_Types].xml"}:
            if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"no content type for {name}")
            if name.endswith((".xml", ".rels", ".vml")):
                ElementTree.fromstring(archive.read(name))  # noqa: S314 (raises if not well-formed)
            if name.endswith(".rels"):
                source_dir = posixpath.dirname(posixpath.dirname(name))
                for rel in ElementTree.fromstring(archive.read(name)).iter(PACKAGE_RELS):  # noqa: S314
                    if rel.get("TargetMode") == "External":
                        continue
                    target = unquote(rel.get("Target"))
                    path = target[1:] if target.startswith("/") else posixpath.join(source_dir, target)
                    if posixpath.normpath(path) not in names:
                        problems.append(f"{name} names missing {path}")
    return problems


@pytest.fixture
def settings_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    return settings
