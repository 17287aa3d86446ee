"""Winner due diligence (尽职调查) in the 2025 demo contest, called by ``contests.demo.outcomes``
between publishing the final round (7月25日) and finalising it (8月2日).

The organiser asks every winner of the final for all kinds of documents but "other"; every team
hands in small generated files; all pass except the second 优秀奖 holder's of 智慧养老 — not
team1@'s entry, which holds the 二等奖 there — which fails (no third-party licence proof): the award
is revoked and passes to the next-ranked finalist of the track, who hands in and passes too. The
award added after the upheld appeal (7月31日) gets its own case, handed in and passed before the
results are final. Everything goes through the services with ``now=`` in 2025; what the services
stamp with the clock is back-dated, like the rest of the 2025 story.
"""

import io
import zipfile
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

FAIL_REASON = "未能提供第三方组件许可证明：作品使用的地图和语音识别组件均为商业授权，团队未能提供授权文件。"
INSTRUCTIONS = (
    "请获奖团队在截止时间前提交：可运行版本或源代码（ZIP）、所用第三方组件的许可证明、"
    "数据使用合规证明（数据提供单位出具或数据申请记录）和原创性声明（全体成员签字）。"
)


def _at(month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(2025, month, day, hour, minute))


def _pdf(name, lines):
    from contests.demo.entries import make_pdf

    return SimpleUploadedFile(name, make_pdf(lines, title="Due diligence"), content_type="application/pdf")


def _zip(name):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "Shuyong 2025 demo: runnable build and source code.\n")
        archive.writestr("src/app.py", "print('hello, shuyong')\n")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/zip")


def _files(kind, entry):
    if kind == "source_code":
        return [_zip("源代码.zip")]
    title = {"licences": "许可证明", "data_compliance": "数据合规证明", "originality": "原创性声明"}[kind]
    return [_pdf(f"{title}.pdf", [f"Entry {entry.pk}", kind, "Shuyong 2025 demo"])]


def _hand_in_and_review(case, organiser, *, uploaded, reviewed, passed=True, reason=""):
    from contests.models import DueDiligenceDocument
    from contests.services.outcomes.due_diligence import add_document, review_case, submit_case

    leader = case.award.entry.team.created_by
    for kind in case.request.documents:
        for upload in _files(kind, case.award.entry):
            add_document(case, user=leader, kind=kind, upload=upload, now=uploaded)
    DueDiligenceDocument.objects.filter(case=case).update(uploaded_at=uploaded)
    case.refresh_from_db()
    case = submit_case(case, user=leader, version=case.version, now=uploaded)
    return review_case(case, actor=organiser, passed=passed, reason=reason, version=case.version, now=reviewed)


def require_and_decide(final, organiser, *, team1_entry):
    """7月25日 the request; submissions 7月27–29日; reviews 7月30日 with one fail and its successor."""
    from contests.models import Award, DueDiligenceCase, DueDiligenceDocumentKind, DueDiligenceRequest
    from contests.services.outcomes.due_diligence import offer_successor, require_due_diligence

    kinds = [kind for kind in DueDiligenceDocumentKind.values if kind != DueDiligenceDocumentKind.OTHER]
    dd_request = require_due_diligence(
        final, actor=organiser, documents=kinds, instructions=INSTRUCTIONS, deadline=_at(7, 29, 18), now=_at(7, 25, 16)
    )
    DueDiligenceRequest.objects.filter(pk=dd_request.pk).update(created_at=_at(7, 25, 16))
    cases = list(
        DueDiligenceCase.objects.filter(request=dd_request)
        .select_related("award__category", "award__track", "award__entry__team", "request")
        .order_by("award__track__sort_order", "award__category__sort_order", "award__rank", "pk")
    )
    failing = [
        c for c in cases
        if c.award.track.slug == "zhihui-yanglao" and c.award.category.name == "优秀奖" and c.award.entry != team1_entry
    ][-1]  # fmt: skip
    for index, case in enumerate(cases):
        uploaded = _at(7, 27 + index % 3, 9 + index % 8)
        if case is failing:
            failed = _hand_in_and_review(
                case, organiser, uploaded=uploaded, reviewed=_at(7, 30, 11), passed=False, reason=FAIL_REASON
            )
        else:
            _hand_in_and_review(case, organiser, uploaded=uploaded, reviewed=_at(7, 30, 10, index))
    Award.objects.filter(pk=failed.award_id).update(revoked_at=_at(7, 30, 11))

    from contests.services.outcomes.due_diligence import successor_candidate

    successor = successor_candidate(failed).candidate
    award = offer_successor(
        failed, actor=organiser, entry=successor.entry, version=failed.version, deadline=_at(8, 1, 18),
        now=_at(7, 30, 15),
    )  # fmt: skip
    Award.objects.filter(pk=award.pk).update(awarded_at=_at(7, 30, 15))
    successor_case = DueDiligenceCase.objects.select_related("request", "award__entry__team").get(award=award)
    _hand_in_and_review(successor_case, organiser, uploaded=_at(7, 31, 10), reviewed=_at(8, 1, 10))
    return failed


def decide_late_award(award, organiser):
    """The award added after the upheld appeal (7月31日): its own case, due 8月1日 18:00."""
    from contests.models import DueDiligenceCase

    case = DueDiligenceCase.objects.select_related("request", "award__entry__team").get(award=award)
    DueDiligenceCase.objects.filter(pk=case.pk).update(deadline=_at(8, 1, 18))
    case.refresh_from_db()
    return _hand_in_and_review(case, organiser, uploaded=_at(7, 31, 16), reviewed=_at(8, 1, 11))
