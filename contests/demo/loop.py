"""Demo of the 需求 → 赛题 → 数据 → 作品 loop (load_demo, after the contest demos; idempotent).

In the 2026 contest two 赛题 are set from the needs ``elderly-meal-coverage`` (省民政厅, track 智慧养老)
and ``sme-credit-profile`` (省市场监管局, track 普惠金融) — a missing need is skipped, its 赛题 still
created without one — each offering data at the three access levels: open (a download link), by
agreement (a Chinese agreement v1 and a small generated CSV in private storage) and sandbox
(instructions). team1@shuyong.example's entry answers the elderly 赛题, with an approved data request
(decided by unit@shuyong.example) and a pending one, the leader's acceptance of the agreement, one
download, a declared use and a data-quality finding the unit answered. In the finished 2025 contest,
the 智慧养老 winner declares the data it used, so a resource page shows a winning entry.
"""

import csv
import hashlib
import io
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cms.workdays import add_working_days

UNIT_EMAIL = "unit@shuyong.example"
UNIT_PASSWORD = "shuyong-unit"  # noqa: S105 - printed demo login (when this loader made the account)
UNITS = {"civil-affairs": "省民政厅", "market-regulation": "省市场监管局"}

AGREEMENT_TEXT = (
    "数据使用协议（第 1 版）\n\n"
    "一、本数据仅限本届大赛参赛作品的研发与评审使用，不得用于其他任何目的。\n"
    "二、参赛团队应采取必要的安全措施，不得向团队以外的任何人提供、转让或公开本数据。\n"
    "三、不得尝试对脱敏数据进行重新识别，不得将本数据与其他数据关联以识别特定个人。\n"
    "四、大赛结束或数据使用权限被撤销后，应在 5 个工作日内删除本数据及其副本。\n"
    "五、违反本协议的，出题单位有权撤销数据使用权限，大赛组委会可取消参赛资格。"
)

# (need slug, challenge slug, track slug, unit slug, title, description, outcome, contact, offers)
# offers: (resource slug, name, department, access level, note)
CHALLENGES = [
    (
        "elderly-meal-coverage",
        "elderly-meal",
        "zhihui-yanglao",
        "civil-affairs",
        "社区老年助餐服务精准覆盖",
        "结合养老服务机构、老年人口和助餐补贴发放数据，找出助餐服务覆盖不足的社区，提出助餐点布局与配送优化方案。",
        "助餐服务覆盖评估模型与布局优化方案，可在试点区县验证。",
        ("王敏", "0531-86001234", "yanglao@mz.shandong.example"),
        [
            ("elderly-services", "养老服务机构信息", "省民政厅", "open", "全省养老服务机构名录，月度更新"),
            ("social-insurance", "社会保险缴纳信息", "省人力资源社会保障厅", "agreement", "脱敏后的老年人参保样本"),
            ("meal-subsidy", "老年助餐补贴发放信息", "省民政厅", "agreement", "2025 年助餐补贴发放记录（脱敏）"),
            ("disability", "残疾人信息", "省残联", "sandbox", "仅在数据沙箱中使用"),
        ],
    ),
    (
        "sme-credit-profile",
        "sme-credit",
        "puhui-jinrong",
        "market-regulation",
        "小微企业信用画像与首贷服务",
        "基于企业登记、纳税和公共信用数据，为缺少抵押物的小微企业建立信用画像，帮助银行识别首贷机会。",
        "可解释的信用评分模型及其在首贷场景中的应用方案。",
        ("李强", "0531-86005678", "xinyong@scjg.shandong.example"),
        [
            ("business-registration", "企业登记信息", "省市场监管局", "open", "企业登记基本信息，日更新"),
            ("tax-payment", "纳税信息", "省税务局", "agreement", "按季度汇总的纳税等级与金额区间"),
            ("credit-records", "公共信用信息", "省发展改革委", "sandbox", "仅在数据沙箱中使用"),
        ],
    ),
]
SANDBOX_INSTRUCTIONS = (
    "本数据仅在省大数据局数据沙箱中使用：队长在“数据申请”中提交申请后，由出题单位开通沙箱账号；"
    "通过专用终端登录，可在沙箱内建模分析，只能导出经审核的统计结果，不能下载明细数据。"
)


def _unit(slug, name):
    from scenes.models import Unit

    unit = Unit.objects.filter(slug=slug).first() or Unit.objects.filter(name=name).first()
    return unit or Unit.objects.create(slug=slug, name=name)


def _unit_user(unit):
    from cms.demo import ensure_user
    from scenes.models import UnitMember

    user = ensure_user(UNIT_EMAIL, UNIT_PASSWORD, real_name="民政厅数据专员")
    UnitMember.objects.get_or_create(unit=unit, user=user)
    return user


def _resource(slug, name, department, unit):
    from contests.demo.contest import ensure_data_resource

    resource = ensure_data_resource(slug, name, department)
    if resource.owner_unit_id is None and unit.name == department:
        type(resource).objects.filter(pk=resource.pk).update(owner_unit=unit)
    return resource


def _csv(offer):
    rows = [("区县", "社区", "60岁以上人口", "助餐点数", "月均补贴人次")]
    for index, district in enumerate(("历下区", "市中区", "槐荫区", "天桥区", "历城区")):
        rows.append((district, f"示例社区{index + 1}", 1200 + 130 * index, 2 + index % 3, 300 + 45 * index))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _agreement_and_file(offer, by):
    from contests.models import DataAgreement, OfferedFile
    from contests.models.entries import private_storage

    DataAgreement.objects.get_or_create(offer=offer, version=1, defaults={"text": AGREEMENT_TEXT, "created_by": by})
    if not offer.files.exists():
        data = _csv(offer)
        name = private_storage().save(f"data-desk/{offer.pk}/{secrets.token_hex(16)}", ContentFile(data))
        OfferedFile.objects.create(
            offer=offer,
            file=name,
            original_name=f"{offer.resource.name}-样例.csv",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=by,
        )


def _challenges(contest, organiser):
    from contests.models import Challenge, OfferedResource
    from contests.services.needs_loop import need_challenge_set
    from scenes.models import NeedPage

    made = {}
    for need_slug, slug, track_slug, unit_slug, title, description, outcome, contact, offers in CHALLENGES:
        track = contest.tracks.filter(slug=track_slug).first()
        if track is None:
            continue
        unit = _unit(unit_slug, UNITS[unit_slug])
        need = NeedPage.objects.filter(slug=need_slug).first()
        name, phone, email = contact
        challenge, _created = Challenge.objects.get_or_create(
            track=track,
            slug=slug,
            defaults={
                "unit": unit,
                "need": need,
                "title": title,
                "description": description,
                "expected_outcome": outcome,
                "contact_name": name,
                "contact_phone": phone,
                "contact_email": email,
                "unit_may_review": True,
                "created_by": organiser,
            },
        )
        need_challenge_set(challenge)
        for resource_slug, resource_name, department, level, note in offers:
            resource = _resource(resource_slug, resource_name, department, unit)
            offer, _created = OfferedResource.objects.get_or_create(
                challenge=challenge,
                resource=resource,
                defaults={
                    "access_level": level,
                    "download_url": f"https://data.sd.gov.example/dataset/{resource_slug}.csv"
                    if level == "open"
                    else "",
                    "sandbox_instructions": SANDBOX_INSTRUCTIONS if level == "sandbox" else "",
                    "note": note,
                },
            )
            if offer.access_level == "agreement":
                _agreement_and_file(offer, organiser)
        made[slug] = challenge
    return made


def _team1_entry(contest):
    from contests.models import Entry

    return (
        Entry.objects.filter(contest=contest, team__memberships__user__email="team1@shuyong.example")
        .select_related("team", "track")
        .order_by("pk")
        .first()
    )


def _team1_data_desk(contest, challenge, unit_user):
    """team1's entry answers ``challenge``: requests, acceptance, a download, a use and a finding."""
    from contests.choices import DataRequestStatus, FindingCategory, FindingStatus
    from contests.models import (
        AgreementAcceptance,
        DataDownload,
        DataFinding,
        DataRequest,
        Entry,
        EntryDataUse,
        OfferedResource,
    )

    entry = _team1_entry(contest)
    if entry is None:
        return
    if entry.challenge_id != challenge.pk:
        Entry.objects.filter(pk=entry.pk).update(challenge=challenge, track=challenge.track)
    leader = entry.team.created_by
    agreement_offers = list(
        OfferedResource.objects.filter(challenge=challenge, access_level="agreement")
        .select_related("resource")
        .order_by("pk")
    )
    if len(agreement_offers) < 2:
        return
    approved_offer, pending_offer = agreement_offers[:2]
    now = timezone.now()
    if not DataRequest.objects.filter(team=entry.team, offer=approved_offer).exists():
        requested = now - timedelta(days=6)
        DataRequest.objects.create(
            team=entry.team,
            offer=approved_offer,
            purpose="用老年人参保数据估算各社区有助餐需求的老年人数量，评估助餐点覆盖缺口。",
            status=DataRequestStatus.APPROVED,
            requested_by=leader,
            requested_at=requested,
            due_at=add_working_days(requested, 5),
            decided_at=requested + timedelta(days=2, hours=3),
            decided_by=unit_user,
            decision_reason="用途明确，仅限大赛期间使用，同意提供脱敏样本。",
            access_ends_at=contest.results_date,  # as contests.services.datadesk.access_ends_for
        )
    if not DataRequest.objects.filter(team=entry.team, offer=pending_offer).exists():
        requested = now - timedelta(days=1)
        DataRequest.objects.create(
            team=entry.team,
            offer=pending_offer,
            purpose="分析助餐补贴发放记录，识别补贴已发放但附近没有助餐点的社区。",
            requested_by=leader,
            requested_at=requested,
            due_at=add_working_days(requested, 5),
        )
    agreement = approved_offer.agreements.order_by("-version").first()
    if agreement is not None:
        AgreementAcceptance.objects.get_or_create(
            agreement=agreement,
            user=leader,
            defaults={"accepted_at": now - timedelta(days=6), "ip_address": "127.0.0.1"},
        )
    request = DataRequest.objects.filter(team=entry.team, offer=approved_offer).first()
    data_file = approved_offer.files.order_by("pk").first()
    if data_file is not None and not DataDownload.objects.filter(request=request).exists():
        DataDownload.objects.create(
            request=request,
            file=data_file,
            user=leader,
            downloaded_at=now - timedelta(days=3),
            size=data_file.size,
            ip_address="127.0.0.1",
        )
    resource = approved_offer.resource
    EntryDataUse.objects.get_or_create(
        entry=entry, resource=resource, defaults={"how": "按社区统计 60 岁以上参保人数，作为助餐需求的基数。"}
    )
    entry.data_resources.add(resource)
    if not DataFinding.objects.filter(entry=entry, resource=resource).exists():
        DataFinding.objects.create(
            entry=entry,
            resource=resource,
            category=FindingCategory.MISSING_FIELDS,
            description="样本中缺少“所属社区”字段，只能按街道汇总，无法精确到社区。",
            status=FindingStatus.HANDLED,
            reported_by=leader,
            reported_at=now - timedelta(days=2),
            response="已在新版样本中补充“所属社区”字段，并重新上传，请重新下载。",
            responded_at=now - timedelta(days=1),
            responded_by=unit_user,
        )


def _winner_2025_use():
    """The 2025 智慧养老 winner declares the data it used (a resource page then shows it)."""
    from contests.demo.outcomes import CONTEST_SLUG
    from contests.models import Award, EntryDataUse

    award = (
        Award.objects.filter(
            category__contest__slug=CONTEST_SLUG,
            track__slug="zhihui-yanglao",
            revoked_at__isnull=True,
            round__publication__finalised_at__isnull=False,
        )
        .select_related("entry")
        .order_by("category__sort_order", "rank", "pk")
        .first()
    )
    if award is None:
        return
    entry = award.entry
    resource = entry.data_resources.order_by("pk").first()
    if resource is not None and not EntryDataUse.objects.filter(entry=entry).exists():
        EntryDataUse.objects.create(entry=entry, resource=resource, how="汇聚机构与老人信息，匹配上门服务需求。")


def load_loop(command, options):
    from django.contrib.auth import get_user_model

    from contests.demo.contest import CONTEST_SLUG, ORGANISER
    from contests.models import Contest

    unit_user_existed = get_user_model().objects.filter(email=UNIT_EMAIL).exists()
    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    organiser = get_user_model().objects.filter(email=ORGANISER[0]).first()
    if contest is None or organiser is None:
        return []
    challenges = _challenges(contest, organiser)
    unit_user = _unit_user(_unit("civil-affairs", UNITS["civil-affairs"]))
    if "elderly-meal" in challenges:
        _team1_data_desk(contest, challenges["elderly-meal"], unit_user)
    _winner_2025_use()
    if command is not None:
        command.stdout.write(f"赛题：{len(challenges)} 个（数据申请、下载、数据使用与质量问题示例）。")
    # The units' demo prints this login when it made the account; this one only when it made it.
    return [] if unit_user_existed else [("出题单位 unit member", UNIT_EMAIL, UNIT_PASSWORD)]
