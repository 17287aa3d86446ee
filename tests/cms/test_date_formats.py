"""Dates read in the page's language: 2026年8月2日 on the Chinese site, 2 August 2026 under /en/.

Templates name the site's formats (cms/formats/) instead of writing a Chinese pattern by hand,
which is how English portal pages came to show 2026年8月2日.
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

BEIJING = ZoneInfo("Asia/Shanghai")
# 15:59:07 UTC is 23:59:07 in Beijing: the page shows the Beijing clock.
MOMENT = datetime(2026, 8, 2, 15, 59, 7, tzinfo=ZoneInfo("UTC"))


def render(source, language):
    with translation.override(language), timezone.override(BEIJING):
        return Template("{% load site_tags %}" + source).render(Context({"moment": MOMENT}))


def test_a_time_to_the_second_reads_in_the_pages_language():
    assert render("{{ moment|datetime_seconds }}", "zh-hans") == "2026年8月2日 23:59:07"
    assert render("{{ moment|datetime_seconds }}", "en") == "2 August 2026, 23:59:07"


def test_the_sites_datetime_format_reads_in_the_pages_language():
    assert render('{{ moment|date:"DATETIME_FORMAT" }}', "zh-hans") == "2026年8月2日 23:59"
    assert render('{{ moment|date:"DATETIME_FORMAT" }}', "en") == "2 August 2026, 23:59"


def test_no_date_is_empty_text():
    assert render("{{ nothing|datetime_seconds }}", "en") == ""


def test_no_template_writes_a_chinese_date_pattern_by_hand():
    pattern = re.compile(r'\|date:"[^"]*[年月日]')
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for root in (Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates"))
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_deadlines_in_sentences_read_in_the_pages_language():
    from contests.services.submission import format_beijing_time

    with translation.override("zh-hans"):
        assert format_beijing_time(MOMENT) == "2026年8月2日 23:59:07（北京时间）"
    with translation.override("en"):
        assert format_beijing_time(MOMENT) == "2 August 2026, 23:59:07 (Beijing time)"
