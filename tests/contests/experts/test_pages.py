"""The expert's own pages and the organiser's pool pages: who may see what, and what each form does."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from cms.validators import credit_code_check_char
from contests.models import AuditEvent, Expert, ExpertDraw, ExpertSource, ExpertStatus
from tests.contests.factories import OrganiserFactory, UserFactory
from tests.contests.factories.experts import ExpertFactory
from tests.contests.factories.judging import JudgeFactory, assign, submitted_score
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db

CODE17 = "91370200MA3C5L2X7"
CREDIT_CODE = CODE17 + credit_code_check_char(CODE17)


def profile_data(domain, **extra):
    return {
        "name": "王专家", "organisation": "山东大学", "credit_code": CREDIT_CODE, "city": city("jinan").pk,
        "title": "教授", "domains": [domain.pk], "bio": "长期从事数据治理研究。",
        "declared_relations": "济南数据公司", "load_limit": "20", "phone": "", **extra,
    }  # fmt: skip


def test_apply_needs_sign_in(client):
    response = client.get(reverse("contests:experts:apply"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_apply_creates_one_pending_expert_and_refuses_a_second(client, domain):
    user = UserFactory(email="wang@sdu.example")
    client.force_login(user)
    response = client.post(reverse("contests:experts:apply"), profile_data(domain))
    assert response.status_code == 302
    expert = Expert.objects.get()
    assert (expert.user, expert.email, expert.status, expert.source, expert.city, list(expert.domains.all())) == (
        user, "wang@sdu.example", ExpertStatus.APPLIED, ExpertSource.APPLICATION, city("jinan"), [domain],
    )  # fmt: skip
    again = client.post(reverse("contests:experts:apply"), profile_data(domain, name="再申请"))
    assert again.status_code == 200 and "正在等待组织者审核" in again.content.decode()
    assert Expert.objects.count() == 1


def test_apply_with_bad_credit_code_changes_nothing(client, domain):
    client.force_login(UserFactory())
    response = client.post(reverse("contests:experts:apply"), profile_data(domain, credit_code="123"))
    assert response.status_code == 200 and "统一社会信用代码" in response.content.decode()
    assert not Expert.objects.exists()


def test_me_shows_only_own_record(client, domain, provincial):
    mine = ExpertFactory(domains=[domain], name="甲专家")
    other = ExpertFactory(domains=[domain], name="乙专家", organisation="乙的单位")
    for expert, values in ((mine, [20, 20, 16, 16, 8]), (other, [10, 10, 8, 8, 4])):
        judge = JudgeFactory(contest=provincial.contest, user=expert.user, expert=expert)
        submitted_score(assign(provincial.round, provincial.jinan_entry, judge), values)
    client.force_login(mine.user)
    page = client.get(reverse("contests:experts:me")).content.decode()
    assert "甲专家" in page and "乙专家" not in page and "乙的单位" not in page
    assert str(provincial.round) in page
    # Own total 80 vs the co-judge's 40: 40 points apart.
    assert "40.0" in page


def test_me_edit_with_stale_version_changes_nothing(client, domain):
    expert = ExpertFactory(domains=[domain])
    client.force_login(expert.user)
    data = profile_data(domain, version=expert.version + 5)
    response = client.post(reverse("contests:experts:me"), data)
    assert response.status_code == 200 and "资料已在别处修改" in response.content.decode()
    expert.refresh_from_db()
    assert expert.organisation != "山东大学"
    ok = client.post(reverse("contests:experts:me"), profile_data(domain, version=expert.version))
    assert ok.status_code == 302
    expert.refresh_from_db()
    assert (expert.organisation, expert.status) == ("山东大学", ExpertStatus.ACTIVE)


def test_me_without_expert_goes_to_apply(client):
    client.force_login(UserFactory())
    assert client.get(reverse("contests:experts:me")).url == reverse("contests:experts:apply")


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("expert_pool:index", {}),
        ("expert_pool:invite", {}),
        ("expert_pool:decide", {"expert_id": 0, "decision": "approve"}),
        ("expert_pool:rounds", {}),
    ],
)
def test_pool_pages_refuse_non_organisers(client, name, kwargs):
    expert = ExpertFactory()
    if "expert_id" in kwargs:
        kwargs["expert_id"] = expert.pk
    url = reverse(name, kwargs=kwargs)
    client.force_login(expert.user)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE


def test_organiser_approves_with_mail_and_reject_needs_reason(client, domain, django_capture_on_commit_callbacks):
    applicant = ExpertFactory(domains=[domain], status=ExpertStatus.APPLIED)
    other = ExpertFactory(domains=[domain], status=ExpertStatus.APPLIED)
    client.force_login(OrganiserFactory())
    reject = reverse("expert_pool:decide", args=[other.pk, "reject"])
    assert "申请人会收到包含原因的邮件" in client.get(reject).content.decode()
    assert client.post(reject, {"reason": ""}).status_code == 400
    other.refresh_from_db()
    assert other.status == ExpertStatus.APPLIED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("expert_pool:decide", args=[applicant.pk, "approve"]), {"reason": ""})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == ExpertStatus.ACTIVE and applicant.approved_at is not None
    assert [m.subject for m in mail.outbox] == ["您的专家库申请已通过"]
    assert AuditEvent.objects.filter(action="experts.approved", object_id=str(applicant.pk)).count() == 1


def test_pool_list_filters_and_search(client, domain, other_domain):
    a = ExpertFactory(domains=[domain], name="养老专家", city=city("jinan"))
    ExpertFactory(domains=[other_domain], name="治理专家", city=city("qingdao"))
    ExpertFactory(domains=[domain], name="暂停专家", status=ExpertStatus.PAUSED)
    client.force_login(OrganiserFactory())
    url = reverse("expert_pool:index")
    names = lambda params: re.findall(r'<th scope="row">([^<]+)<br>', client.get(url, params).content.decode())  # noqa: E731
    assert names({"domain": domain.pk, "status": "active"}) == [a.name]
    assert names({"city": city("qingdao").pk}) == ["治理专家"]
    assert names({"q": "暂停"}) == ["暂停专家"]


def test_invitation_links_the_invited_account(client, domain, django_capture_on_commit_callbacks):
    client.force_login(OrganiserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("expert_pool:invite"),
            {**profile_data(domain), "email": "Li@Invited.example", "city": "", "credit_code": ""},
        )
    assert response.status_code == 302
    expert = Expert.objects.get()
    assert (expert.source, expert.status, expert.user) == (ExpertSource.INVITATION, ExpertStatus.ACTIVE, None)
    link = re.search(r"http://testserver(/experts/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.force_login(UserFactory(email="someone@else.example"))
    assert "请退出当前账号" in client.get(link).content.decode()
    client.post(link)
    expert.refresh_from_db()
    assert expert.user is None
    invited = UserFactory(email="li@invited.example")
    client.force_login(invited)
    assert client.post(link).status_code == 302
    expert.refresh_from_db()
    assert expert.user == invited
    assert client.get(link).status_code == 404  # used


def test_invitation_forged_token_is_404(client):
    assert client.get(reverse("contests:experts:invitation", args=["forged"])).status_code == 404


def test_organiser_draws_with_seed_and_sees_the_record(client, domain, provincial):
    [ExpertFactory(domains=[domain]) for _ in range(4)]
    ExpertFactory(domains=[domain], organisation="济南数据公司", name="同单位专家")
    client.force_login(OrganiserFactory())
    url = reverse("expert_pool:draw_round", args=[provincial.round.pk])
    assert "抽中的专家各自成为本届大赛的评委" in client.get(url).content.decode()
    data = {"count": 2, "domains": [domain.pk], "seed": "demo-42", "division": ""}
    assert client.post(url, data).status_code == 400  # not confirmed: nothing drawn
    assert not ExpertDraw.objects.exists()
    response = client.post(url, {**data, "confirm": "on"})
    draw = ExpertDraw.objects.get()
    assert response.url == reverse("expert_pool:draw", args=[draw.pk])
    page = client.get(response.url).content.decode()
    assert "demo-42" in page and "✓" in page and "回避：与参赛团队同一单位" in page and "同单位专家" in page


def test_the_draw_record_shows_how_anyone_can_verify_it_without_the_site(client, domain, provincial):
    """The record prints the seed, the recorded eligible ids and one line of plain Python 3; run on its
    own, that line prints exactly the ids of the drawn experts."""
    import contextlib
    import html
    import io

    [ExpertFactory(domains=[domain]) for _ in range(6)]
    client.force_login(OrganiserFactory())
    url = reverse("expert_pool:draw_round", args=[provincial.round.pk])
    data = {"count": 3, "domains": [domain.pk], "seed": "公开-2026", "division": "", "confirm": "on"}
    draw = ExpertDraw.objects.get(pk=client.post(url, data).url.rstrip("/").split("/")[-1])
    page = client.get(reverse("expert_pool:draw", args=[draw.pk])).content.decode()
    assert "如何独立核验本次抽取" in page
    code = html.unescape(re.search(r'data-testid="verify-code">(.*?)</code>', page).group(1))
    assert "random.Random('公开-2026')" in code
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, {})  # noqa: S102 — the very line the page tells a verifier to run
    drawn = sorted(draw.drawn.values_list("pk", flat=True))
    assert printed.getvalue().strip() == str(drawn)
    assert f"[{', '.join(str(pk) for pk in drawn)}]" in page
    for pk in drawn:
        assert f"#{pk}" in page


def test_pausing_or_removing_lists_the_experts_current_judge_roles(client, domain, provincial):
    """Neither decision withdraws the expert's judging by itself: the confirmation page says so and
    lists their judge roles with the open assignments, each linked to the judge to stop it."""
    expert = ExpertFactory(domains=[domain], name="在评专家")
    judge = JudgeFactory(contest=provincial.contest, tracks=[provincial.track], expert=expert, user=expert.user)
    assign(provincial.round, provincial.jinan_entry, judge)
    client.force_login(OrganiserFactory())
    for decision in ("pause", "remove"):
        page = client.get(reverse("expert_pool:decide", args=[expert.pk, decision])).content.decode()
        assert "该专家目前的评委身份" in page
        assert reverse("judging_judges:edit", args=[judge.pk]) in page
        assert str(provincial.contest) in page
    assert "不会自动撤销" in client.get(reverse("expert_pool:decide", args=[expert.pk, "remove"])).content.decode()
    assert (
        "该专家目前的评委身份"
        not in client.get(
            reverse("expert_pool:decide", args=[ExpertFactory(domains=[domain]).pk, "remove"])
        ).content.decode()
    )


def test_declared_relations_are_bounded_on_the_page_and_in_the_service(client, domain):
    """Every draw matches each declared line against every organisation in scope: one profile with
    megabytes of lines would slow every draw, so the text is limited (and said so)."""
    from contests.services import ContestError
    from contests.services.experts import pool

    expert = ExpertFactory(domains=[domain])
    client.force_login(expert.user)
    huge = "某单位\n" * 1000
    page = client.get(reverse("contests:experts:me")).content.decode()
    assert 'maxlength="2000"' in page
    response = client.post(
        reverse("contests:experts:me"), profile_data(domain, declared_relations=huge, version=expert.version)
    )
    assert response.status_code == 200
    expert.refresh_from_db()
    assert expert.declared_relations != huge and expert.version == 1
    with pytest.raises(ContestError) as refused:
        pool.update_profile(
            expert, data={"declared_relations": huge}, domains=[domain], version=expert.version, actor=expert.user
        )
    assert refused.value.code == "relations_too_long"
