"""The English catalogue is complete, compiled, and used.

The msgids are the Simplified Chinese text itself, so a missing English msgstr does not break anything: the page
quietly shows Chinese to an English reader. These tests make that loud. When one fails after new strings were added:

    python manage.py makemessages -l en -l zh_Hans --ignore=.venv --ignore=static --ignore=tests --ignore=bench \
        --ignore=media --ignore=private-media

translate the new (empty or ``#, fuzzy``) entries in locale/en/LC_MESSAGES/django.po, then
``python manage.py compilemessages --ignore=.venv`` and commit both the .po and the .mo.
"""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # {None: str} or {0: str, 1: str, ...} for plurals

    @property
    def label(self):
        context = f" [context {self.msgctxt!r}]" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def parse_po(path):
    """A small .po reader: the entries of the file, obsolete (#~) entries and the header left out."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and entry.msgid:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgctxt":
                entry.msgctxt += value
            elif key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            else:
                entry.msgstr[key] += value
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value.strip())
            if keyword == "msgctxt":
                key, entry.msgctxt = "msgctxt", value
            elif keyword == "msgid":
                key, entry.msgid = "msgid", value
            elif keyword == "msgid_plural":
                key, entry.msgid_plural = "msgid_plural", value
            elif keyword == "msgstr":
                key = None
                entry.msgstr[key] = value
            elif keyword.startswith("msgstr["):
                key = int(keyword[len("msgstr[") : -1])
                entry.msgstr[key] = value
            else:
                raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO_PATH)
    assert len(entries) > 500, f"{PO_PATH} looks truncated: only {len(entries)} entries"
    return entries


def test_every_english_entry_is_translated(po_entries):
    untranslated = [entry.label for entry in po_entries if not entry.msgstr or not all(entry.msgstr.values())]
    listing = "\n".join(untranslated)
    assert not untranslated, f"{len(untranslated)} msgid(s) in {PO_PATH} have no English translation:\n{listing}"


def test_no_english_entry_is_fuzzy(po_entries):
    # compilemessages leaves fuzzy entries out, so a fuzzy guess shows Chinese; review it and drop the flag.
    fuzzy = [entry.label for entry in po_entries if "fuzzy" in entry.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entr(y/ies) in {PO_PATH}:\n" + "\n".join(fuzzy)


def test_compiled_catalogue_matches_the_po_file(po_entries):
    with MO_PATH.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries:
        if entry.msgid_plural is None:
            expected = {None: entry.msgstr.get(None, "")}
            if entry.msgctxt is None:
                found = {None: catalogue.gettext(entry.msgid)}
            else:
                found = {None: catalogue.pgettext(entry.msgctxt, entry.msgid)}
        else:
            # English has two forms: n == 1 picks msgstr[0], anything else msgstr[1].
            expected = {0: entry.msgstr.get(0, ""), 1: entry.msgstr.get(1, "")}
            if entry.msgctxt is None:
                found = {i: catalogue.ngettext(entry.msgid, entry.msgid_plural, n) for i, n in ((0, 1), (1, 2))}
            else:
                found = {
                    i: catalogue.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    for i, n in ((0, 1), (1, 2))
                }
        if found != expected:
            stale.append(f"{entry.label}: .po has {expected!r}, .mo has {found!r}")
    assert not stale, (
        f"{MO_PATH} is out of date with {PO_PATH} for {len(stale)} entr(y/ies); run compilemessages:\n"
        + "\n".join(stale[:50])
    )


@pytest.mark.django_db
def test_home_page_chrome_is_english_under_the_english_address(client, demo_site):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    for text in ("Skip to main content", "Main navigation", "Search", "Language"):
        assert text in html, f"{text!r} missing from the English home page"
    for chinese in ("跳到主要内容", "主导航", "搜索场景、方案、大赛"):
        assert chinese not in html, f"{chinese!r} is still Chinese on the English home page"


@pytest.mark.django_db
def test_home_page_stays_chinese_even_with_an_english_cookie(client, demo_site):
    # The unprefixed addresses are Chinese whatever an earlier visit left in the cookie.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "跳到主要内容" in html
    assert "Skip to main content" not in html
