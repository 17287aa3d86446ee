"""Findings about a unit's data: listed received first, blind (no team), answered once (audited)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.choices import FindingCategory, FindingStatus
from contests.models import AuditEvent, DataFinding
from tests.contests.factories.entries import EntryFactory

pytestmark = pytest.mark.django_db


def make_finding(resource, description, *, days_ago=0, **kwargs):
    entry = kwargs.pop("entry", None) or EntryFactory()
    return DataFinding.objects.create(
        entry=entry,
        resource=resource,
        category=FindingCategory.MISSING_FIELDS,
        description=description,
        reported_by=entry.created_by,
        reported_at=timezone.now() - timedelta(days=days_ago),
        **kwargs,
    )


def test_the_list_shows_received_findings_first_without_the_team(client, member, resource):
    handled = make_finding(resource, "更新滞后已处理", status=FindingStatus.HANDLED, response="已修复")
    old = make_finding(resource, "缺少就诊科室字段", days_ago=3)
    new = make_finding(resource, "日期格式不统一", days_ago=1)
    client.force_login(member)
    page = client.get(reverse("contests:units:findings")).content.decode()
    positions = [page.index(f.description) for f in (new, old, handled)]
    assert positions == sorted(positions)
    assert new.entry.title in page
    for finding in (handled, old, new):
        assert finding.entry.team.name not in page
        assert finding.entry.team.organisation not in page
    detail = client.get(reverse("contests:units:finding", kwargs={"pk": new.pk})).content.decode()
    assert new.entry.team.name not in detail and new.entry.title in detail


def test_a_response_is_required_and_handles_the_finding_once(client, member, resource):
    finding = make_finding(resource, "缺少就诊科室字段")
    url = reverse("contests:units:finding", kwargs={"pk": finding.pk})
    client.force_login(member)

    client.post(url, {"response": "   "})
    finding.refresh_from_db()
    assert (finding.status, finding.responded_at) == (FindingStatus.RECEIVED, None)

    client.post(url, {"response": "已在 12 月版本补齐该字段。"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.HANDLED
    assert (finding.response, finding.responded_by) == ("已在 12 月版本补齐该字段。", member)
    assert finding.responded_at is not None

    client.post(url, {"response": "第二次答复"})
    finding.refresh_from_db()
    assert finding.response == "已在 12 月版本补齐该字段。"
    assert AuditEvent.objects.filter(action="finding.respond", object_id=str(finding.pk)).count() == 1


def test_hostile_text_in_a_finding_is_shown_escaped(client, member, resource):
    entry = EntryFactory(title="<script>alert('title')</script>")
    finding = make_finding(resource, "<img src=x onerror=alert(1)>", entry=entry)
    client.force_login(member)
    for url in (reverse("contests:units:findings"), reverse("contests:units:finding", kwargs={"pk": finding.pk})):
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
