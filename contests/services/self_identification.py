"""Self-identification (自我暴露) in a team's own files: where its name, its members' names, its
organisation, credit code, e-mail addresses or phone numbers appear in the text of what it submits
— a PDF's pages, an Office file's body, headers and sheets, the files inside a ZIP and their names —
so that blind review is not undone by the content itself.

Teams see the matches as a warning before they submit ("方案书第 3 页出现了队员姓名"); organisers
see them in eligibility review (形式审查) with the page and a snippet, and decide. Nothing here
refuses a file: a name may legitimately appear (a cited paper, a public department).

Text is extracted by ``cms.documents.text`` under its streaming limits; results are cached per file
content and needles, so re-opening a page does not read the files again.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.documents.limits import DocumentRejected
from cms.documents.mentions import find_mentions
from cms.documents.text import LocatedText, extract_text
from contests.models import EntryFile, TeamMembership

CACHE_SECONDS = 24 * 3600
FILE_NAME = gettext_lazy("文件名")
# What each needle is, as the warning names it.
TEAM_NAME = gettext_lazy("团队名称")
MEMBER_NAME = gettext_lazy("队员姓名")
ORGANISATION = gettext_lazy("单位名称")
CREDIT_CODE = gettext_lazy("统一社会信用代码")
EMAIL = gettext_lazy("电子邮箱")
PHONE = gettext_lazy("手机号")


@dataclass(frozen=True)
class Finding:
    file: EntryFile
    what: str  # e.g. 队员姓名
    needle: str
    location: str  # e.g. 第 3 页, 页眉, 文件名
    snippet: str

    @property
    def sentence(self):
        return _("%(file)s %(location)s出现了%(what)s“%(needle)s”") % {
            "file": self.file.original_name,
            "location": self.location,
            "what": self.what,
            "needle": self.needle,
        }


def team_needles(team):
    """``{needle: what it is}`` for everything that identifies ``team``."""
    needles = {}

    def add(value, what):
        value = (value or "").strip()
        if len(value) >= 2 and value not in needles:
            needles[value] = what

    add(team.name, TEAM_NAME)
    add(team.organisation, ORGANISATION)
    add(team.credit_code, CREDIT_CODE)
    for membership in TeamMembership.objects.filter(team=team).select_related("user"):
        user = membership.user
        add(user.real_name, MEMBER_NAME)
        add(user.email, EMAIL)
        add(user.phone, PHONE)
        add(user.organisation, ORGANISATION)
        add(user.credit_code, CREDIT_CODE)
    return needles


def file_findings(entry_file, needles):
    """Findings in one stored file: its uploaded name and its text."""
    key = hashlib.sha256(repr(sorted(needles.items())).encode()).hexdigest()[:16]
    cache_key = f"self-identification:{entry_file.sha256 or entry_file.pk}:{key}"
    found = cache.get(cache_key)
    if found is None:
        texts = [LocatedText(str(FILE_NAME), entry_file.original_name)]
        try:
            with entry_file.file.open("rb") as handle:
                texts += extract_text(handle, entry_file.content_type)
        except (DocumentRejected, OSError):
            pass  # unreadable text: the file checks report it; the name is still searched
        found = [(m.needle, m.location, m.snippet) for m in find_mentions(texts, list(needles))]
        cache.set(cache_key, found, CACHE_SECONDS)
    return [Finding(entry_file, needles[needle], needle, location, snippet) for needle, location, snippet in found]


def entry_findings(entry):
    """Findings in every current file of ``entry``, proposal first."""
    needles = team_needles(entry.team)
    files = entry.files.filter(removed_at__isnull=True).order_by("kind", "pk")
    return [finding for entry_file in files for finding in file_findings(entry_file, needles)]
