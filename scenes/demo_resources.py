"""Demo data resources (数源): the owning units, each curated resource's domains, openness and
open-data portal record, a unit account, two open-data requests; and with ``load_demo --resources N``
the catalogue topped up to N resources inserted in bulk (150,000 in a few minutes), with their
search index entries. Idempotent: what exists is left alone."""

import datetime as dt
import itertools
import random
import time

from django.utils import timezone
from wagtail.search.backends import get_search_backends

from cms.demo import ensure_user
from scenes import demo_data as data
from scenes.choices import NodeKind, Openness, OpenRequestStatus, UnitKind
from scenes.models import DataResource, Domain, Node, OpenDataRequest, Unit, UnitMember
from scenes.services import open_data

UNIT_ACCOUNT = ("unit@shuyong.example", "shuyong-unit")
REQUESTER = ("reader@shuyong.example", "shuyong-reader")
PORTAL = "https://data.sd.example.gov.cn/catalogue/{slug}"
GENERATED_PREFIX = "gen-res-"
BATCH = 5000

# Department -> (unit slug, English-readable; the first two are fixed: other helpers use them).
UNIT_SLUGS = {
    "省民政厅": "civil-affairs",
    "省市场监管局": "market-regulation",
    "省公安厅": "public-security",
    "省自然资源厅": "natural-resources",
    "省人力资源社会保障厅": "human-resources-social-security",
    "省教育厅": "education",
    "省卫生健康委": "health-commission",
    "省医保局": "healthcare-security",
    "省税务局": "taxation",
    "省住房城乡建设厅": "housing-urban-rural",
    "省残联": "disabled-persons-federation",
    "国网山东省电力公司": "state-grid-shandong",
    "省气象局": "meteorology",
    "省交通运输厅": "transport",
    "省农业农村厅": "agriculture-rural-affairs",
    "省生态环境厅": "ecology-environment",
    "省发展改革委": "development-reform",
    "省文化和旅游厅": "culture-tourism",
}
ENTERPRISES = {"国网山东省电力公司"}

# Department -> (domain slugs, topics it publishes, for generated resources).
DEPARTMENTS = {
    "省民政厅": (["elderly-care", "social-security"], ["养老机构", "社会救助", "婚姻登记", "社会组织", "殡葬服务"]),
    "省市场监管局": (
        ["market-regulation", "government-services"],
        ["市场主体登记", "食品生产许可", "特种设备", "产品抽检", "商标注册"],
    ),
    "省公安厅": (
        ["urban-governance", "government-services"],
        ["户籍人口", "居住证办理", "出入境证件", "交通违法", "治安卡口"],
    ),
    "省自然资源厅": (
        ["government-services", "environment"],
        ["不动产登记", "土地供应", "矿业权", "地理信息", "林地资源"],
    ),
    "省人力资源社会保障厅": (["social-security"], ["社保参保", "就业登记", "职业技能培训", "人才引进", "劳动仲裁"]),
    "省教育厅": (["education"], ["学校基本情况", "学籍变动", "招生计划", "教师资格", "校外培训机构"]),
    "省卫生健康委": (["health"], ["医疗机构", "执业医师", "出生登记", "疫苗接种点", "家庭医生签约"]),
    "省医保局": (["health", "social-security"], ["定点医药机构", "医保目录", "异地就医备案", "医保结算", "药品集采"]),
    "省税务局": (
        ["finance", "government-services"],
        ["纳税信用等级", "发票开具", "税收优惠", "办税服务厅", "欠税公告"],
    ),
    "省住房城乡建设厅": (["urban-governance"], ["住房公积金", "建筑企业资质", "商品房预售", "供水管网", "城市部件"]),
    "省残联": (["social-security"], ["残疾人证", "康复机构", "无障碍设施", "残疾人就业", "辅助器具"]),
    "国网山东省电力公司": (["finance", "environment"], ["企业用电", "居民用能", "充电设施", "新能源并网", "停电计划"]),
    "省气象局": (
        ["emergency", "rural-revitalisation"],
        ["气象观测", "灾害预警", "农业气象", "空气质量预报", "降水统计"],
    ),
    "省交通运输厅": (["transport"], ["公交线路", "道路运输许可", "高速路况", "港口吞吐量", "出租汽车"]),
    "省农业农村厅": (["rural-revitalisation"], ["农业经营主体", "耕地质量", "农产品检测", "农机购置补贴", "畜禽养殖"]),
    "省生态环境厅": (["environment"], ["环境质量监测", "排污许可", "重点排污单位", "固体废物", "环评审批"]),
    "省发展改革委": (
        ["finance", "government-services"],
        ["公共信用", "投资项目审批", "价格监测", "重点项目", "能源消费"],
    ),
    "省文化和旅游厅": (["culture-tourism"], ["A级景区", "景区客流", "星级饭店", "旅行社", "文物保护单位"]),
}
VARIANTS = [
    "基本信息",
    "登记信息",
    "统计数据",
    "月度监测数据",
    "年度汇总",
    "名录",
    "分布数据",
    "许可信息",
    "变更记录",
    "服务网点",
    "质量报告",
    "接口服务",
]
YEARS = range(2026, 2014, -1)
FREQUENCIES = ["实时", "每日", "每周", "每月", "每季度", "每年"]
FORMATS = ["CSV", "XLSX", "JSON", "XML"]
# Openness of the curated resources (the rest: closed); the generated ones are drawn from OPENNESS_MIX.
CURATED_OPENNESS = {
    "weather": Openness.OPEN,
    "tourism-flow": Openness.OPEN,
    "traffic-flow": Openness.OPEN,
    "environment-monitoring": Openness.OPEN,
    "business-registration": Openness.OPEN,
    "elderly-services": Openness.CONDITIONAL,
    "farm-entities": Openness.CONDITIONAL,
    "credit-records": Openness.CONDITIONAL,
    "city-components": Openness.CONDITIONAL,
    "electricity-usage": Openness.CONDITIONAL,
}
OPENNESS_MIX = [Openness.OPEN] * 5 + [Openness.CONDITIONAL] * 3 + [Openness.CLOSED] * 2


def ensure_units():
    """One Unit per department of the curated resources, by slug; {department: unit}."""
    province = Node.objects.filter(kind=NodeKind.PROVINCE).first()
    units = {}
    for department in dict.fromkeys(department for _slug, _name, department in data.DATA_RESOURCES):
        kind = UnitKind.ENTERPRISE if department in ENTERPRISES else UnitKind.DEPARTMENT
        units[department], _created = Unit.objects.get_or_create(
            slug=UNIT_SLUGS[department], defaults={"name": department, "kind": kind, "node": province}
        )
    return units


def describe_curated(units):
    """Owner unit, domains, openness and portal link of each curated resource, where not set yet."""
    domains = {domain.slug: domain for domain in Domain.objects.all()}
    for slug, _name, department in data.DATA_RESOURCES:
        resource = DataResource.objects.filter(slug=slug).first()
        if resource is None:
            continue
        changed = []
        if resource.owner_unit_id is None:
            resource.owner_unit = units[department]
            changed.append("owner_unit")
        if not resource.portal_url:
            resource.portal_url = PORTAL.format(slug=slug)
            resource.openness = CURATED_OPENNESS.get(slug, Openness.CLOSED)
            changed += ["portal_url", "openness"]
        if changed:
            resource.save(update_fields=[*changed, "updated_at"])
        if not resource.domains.exists():
            wanted = [domains[key] for key in DEPARTMENTS[department][0] if key in domains]
            resource.domains.set(wanted)


def ensure_requests(unit_user):
    """Two open-data requests by the demo reader: one answered (planned), one waiting for the unit."""
    reader = ensure_user(REQUESTER[0], REQUESTER[1], real_name="公众用户")
    answered = DataResource.objects.filter(slug="subsistence-allowance").first()
    waiting = DataResource.objects.filter(slug="elderly-services").first()
    if answered and not OpenDataRequest.objects.filter(resource=answered, requester=reader).exists():
        asked_at = timezone.now() - dt.timedelta(days=9)
        request = open_data.ask(
            answered, reader, "用于研究低保对象的动态管理，希望获得按区县汇总、去除个人信息的统计数据。", now=asked_at
        )
        open_data.answer(
            request,
            unit_user,
            OpenRequestStatus.PLANNED,
            "按区县汇总的低保与特困救助统计数据计划于下季度在公共数据开放平台开放，个人明细不予开放。",
            now=asked_at + dt.timedelta(days=4),
        )
    if waiting and waiting.openness != Openness.OPEN:
        pending = OpenDataRequest.objects.filter(resource=waiting, requester=reader, status=OpenRequestStatus.PENDING)
        if not pending.exists():
            open_data.ask(waiting, reader, "开发养老机构床位查询小程序，需要各机构床位数和收费标准。")
    return reader


def _generated_names(departments, cities):
    """Every (department, node, name) a generated resource may take, in a fixed order."""
    for year, variant, (department, (_domains, topics)), topic, city in itertools.product(
        YEARS, VARIANTS, departments, range(5), cities
    ):
        yield department, city, f"{city.name}{topics[topic]}{variant}（{year}年）"


def top_up_resources(target, units, rng, stdout=None):
    """Add generated resources until there are ``target``; returns how many were added."""
    existing = DataResource.objects.count()
    if target is None or existing >= target:
        return 0
    started = time.monotonic()
    cities = [Node.objects.filter(kind=NodeKind.PROVINCE).first(), *Node.objects.filter(kind=NodeKind.CITY)]
    cities = [city for city in cities if city is not None]
    domains = {domain.slug: domain.pk for domain in Domain.objects.all()}
    departments = list(DEPARTMENTS.items())
    taken = set(DataResource.objects.filter(slug__startswith=GENERATED_PREFIX).values_list("slug", flat=True))
    number = 0
    wanted = target - existing
    added = 0
    batch = []
    links = []
    for department, city, name in _generated_names(departments, cities):
        number += 1
        slug = f"{GENERATED_PREFIX}{number:06d}"
        if slug in taken:
            continue
        batch.append(
            DataResource(
                name=name,
                slug=slug,
                department=department,
                node=city,
                owner_unit=units.get(department),
                openness=rng.choice(OPENNESS_MIX),
                portal_url=PORTAL.format(slug=slug),
                description=(
                    f"{department}汇聚的{name}，{rng.choice(FREQUENCIES)}更新，"
                    f"提供 {rng.choice(FORMATS)} 格式下载和接口调用。"
                ),
            )
        )
        links.append([domains[key] for key in DEPARTMENTS[department][0] if key in domains])
        if len(batch) >= min(BATCH, wanted - added):
            added += _insert(batch, links)
            batch, links = [], []
            if stdout is not None:
                stdout.write(f"  数据资源：已生成 {added} / {wanted}（{time.monotonic() - started:.0f} 秒）")
        if added >= wanted:
            break
    if batch:
        added += _insert(batch, links)
    return added


def _insert(batch, links):
    created = DataResource.objects.bulk_create(batch)
    through = DataResource.domains.through
    through.objects.bulk_create(
        [
            through(dataresource_id=resource.pk, domain_id=domain_pk)
            for resource, domain_pks in zip(created, links, strict=True)
            for domain_pk in domain_pks
        ]
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(DataResource, created)
    return len(created)


def load_data_resources(command, options):
    units = ensure_units()
    describe_curated(units)
    unit_user = ensure_user(UNIT_ACCOUNT[0], UNIT_ACCOUNT[1], real_name="省民政厅数据专员")
    UnitMember.objects.get_or_create(unit=units["省民政厅"], user=unit_user)
    ensure_requests(unit_user)
    rng = random.Random(options.get("seed") or 2026)
    stdout = getattr(command, "stdout", None)
    added = top_up_resources(options.get("resources"), units, rng, stdout)
    if added and stdout is not None:
        stdout.write(f"  数据资源：新增 {added} 项。")
    return [("出题单位（省民政厅）", *UNIT_ACCOUNT), ("公众用户", *REQUESTER)]
