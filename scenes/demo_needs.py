"""Demo needs (应用需求): eight real-sounding problems of cities and departments, linked to demo data
resources and similar scenes, a few follows and comments, one need still in moderation, and the
department account that proposes needs. Idempotent: what exists is left alone.

Two slugs are a contract with the contest demo (contests/demo), which turns them into 赛题:
``elderly-meal-coverage`` (济南, 省民政厅) and ``sme-credit-profile`` (青岛, 省市场监管局).
"""

from django.db.models import Count

from cms.demo import ensure_home_page, ensure_user, fill_english
from scenes.models import (
    DataResource,
    Domain,
    NeedComment,
    NeedIndexPage,
    NeedPage,
    NeedVote,
    Node,
    ScenePage,
    Unit,
    UnitMember,
)
from scenes.services.need_editorial import ensure_need_editorial_setup

DEPT = ("dept@shuyong.example", "shuyong-dept")
# (slug, name): get_or_create by slug, as every demo loader that needs a unit does.
UNITS = {
    "civil-affairs": "省民政厅",
    "market-regulation": "省市场监管局",
}
IN_MODERATION = "rural-clinic-referral"

# slug, title, node, unit slug or None, department, summary, affected, data wanted, domains, resources
NEEDS = [
    (
        "elderly-meal-coverage",
        "独居老人助餐服务精准覆盖",
        "jinan",
        "civil-affairs",
        "省民政厅养老服务处、济南市民政局",
        "社区助餐点已建成上千个，但最需要的独居、高龄、失能老人往往不知道、去不了；希望用数据找出他们，并把助餐服务送到身边。",
        "济南市 80 岁以上独居老人约 3.2 万人，其中行动不便、无人照料的约 6000 人；助餐点实际就餐老人中独居者不足两成。",
        "户籍与人口信息、低保特困救助信息、养老服务机构与助餐点信息、残疾人信息；目前各部门数据口径不一，独居状态缺少权威来源。",
        ["elderly-care", "social-security"],
        ["household-registration", "subsistence-allowance", "elderly-services", "disability"],
    ),
    (
        "sme-credit-profile",
        "小微企业融资信用画像",
        "qingdao",
        "market-regulation",
        "省市场监管局信用监管处、青岛市地方金融监管局",
        "小微企业缺少抵押物和财务报表，银行难以判断其经营状况，贷款难、贷款贵；希望用公共数据为小微企业画出可信的信用画像。",
        "青岛市登记在册的小微企业和个体工商户约 110 万户，其中获得过银行贷款的不到三成。",
        "企业登记信息、纳税信息、社保缴纳信息、水电用能数据、公共信用信息；需要在企业授权下使用，并保护商业秘密。",
        ["finance", "market-regulation"],
        ["business-registration", "tax-payment", "social-insurance", "electricity-usage", "credit-records"],
    ),
    (
        "flood-early-warning-underpass",
        "城市下穿通道积水预警",
        "yantai",
        None,
        "烟台市城市管理局",
        "暴雨时下穿通道和低洼路段积水快，车辆误入被困时有发生；希望结合气象和路况数据提前预警、及时封控。",
        "全市 46 处下穿通道和易涝点，每逢汛期日均通行车辆约 30 万辆次。",
        "气象观测与预报数据、城市部件与事件数据、交通运行监测数据；积水深度监测点覆盖不全。",
        ["urban-governance", "emergency"],
        ["weather", "city-components", "traffic-flow"],
    ),
    (
        "school-commute-safety",
        "中小学上下学交通安全",
        "weifang",
        None,
        "潍坊市教育局、潍坊市公安局交警支队",
        "上下学高峰时段校门口拥堵、接送车辆乱停，学生过街风险大；希望找出最危险的路口和时段，优化交通组织。",
        "全市中小学生约 120 万人，校园周边 200 米内每年发生涉及学生的交通事故数十起。",
        "学籍信息（学校与学生规模）、交通运行监测数据、机动车与驾驶人信息；学生住址与通学方式没有数据。",
        ["education", "transport"],
        ["student-status", "traffic-flow", "vehicle-registration"],
    ),
    (
        "farm-subsidy-precision",
        "惠农补贴精准发放核验",
        "heze",
        None,
        "菏泽市农业农村局",
        "耕地地力保护等惠农补贴按申报发放，存在面积不实、重复申领；希望用数据自动核验，让补贴发到真正种地的人手里。",
        "全市农业经营主体约 60 万户，每年发放各类惠农补贴 20 余亿元。",
        "农业经营主体信息、不动产登记信息、户籍信息；耕地实际种植情况需要遥感数据补充。",
        ["rural-revitalisation"],
        ["farm-entities", "property-registration", "household-registration"],
    ),
    (
        "chronic-disease-followup",
        "慢性病患者规范随访提醒",
        "zibo",
        None,
        "淄博市卫生健康委",
        "高血压、糖尿病患者规范随访率不高，基层医生不知道谁该随访、谁已失联；希望用就诊和用药数据自动提醒。",
        "全市登记在册的高血压、糖尿病患者约 75 万人，规范管理率约六成。",
        "电子健康档案、医保结算信息；患者在不同医院的就诊记录尚未完全汇聚。",
        ["health"],
        ["health-records", "medical-insurance"],
    ),
    (
        "scenic-area-crowd-forecast",
        "景区客流预测与错峰引导",
        "taian",
        None,
        "泰安市文化和旅游局",
        "节假日泰山等景区客流集中，排队时间长、安全压力大；希望提前几天预测客流，引导游客错峰出行。",
        "泰山景区年接待游客约 800 万人次，黄金周单日峰值超过 6 万人次。",
        "景区客流数据、交通运行监测数据、气象观测与预报数据；酒店预订数据需要企业提供。",
        ["culture-tourism", "transport"],
        ["tourism-flow", "traffic-flow", "weather"],
    ),
    (
        IN_MODERATION,
        "乡村卫生室双向转诊信息互通",
        "linyi",
        "civil-affairs",
        "省民政厅、临沂市卫生健康委",
        "村卫生室转到县医院的病人，回村后村医不知道诊疗结果，无法延续治疗；希望打通转诊信息，让村医接得住。",
        "全市约 3800 个村卫生室，每年向上级医院转诊约 20 万人次。",
        "电子健康档案、医保结算信息；村卫生室信息系统建设水平参差不齐。",
        ["health", "rural-revitalisation"],
        ["health-records", "medical-insurance"],
    ),
]

COMMENTS = {
    "elderly-meal-coverage": [
        "我们社区助餐点就在楼下，可独居的王大爷从来不知道，建议和网格员走访结合起来。",
        "可以参考低保家庭的送餐做法，先从失能老人做起。",
    ],
    "sme-credit-profile": ["企业授权这一步很关键，最好能在手机上一键授权、随时撤回。"],
    "flood-early-warning-underpass": ["去年暴雨时导航还在引导车辆进隧道，希望预警能同步到地图导航。"],
}


def _units():
    return {
        slug: Unit.objects.get_or_create(slug=slug, defaults={"name": name, "kind": "department"})[0]
        for slug, name in UNITS.items()
    }


def ensure_need_index(home):
    existing = home.get_children().filter(slug="needs").first()
    if existing is not None:
        return existing.specific
    index = NeedIndexPage(
        title="应用需求",
        slug="needs",
        show_in_menus=True,
        introduction="各地各部门在工作中遇到、有望用数据解决的真实问题。关注您关心的需求、留下建议；经审核发布的需求可成为数据应用创新大赛的赛题。",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _similar_scenes(domain_slugs):
    """Up to three curated scenes, those of the need's first domain first."""
    curated = ScenePage.objects.live().exclude(slug__startswith="gen-")
    found = []
    for slug in domain_slugs:
        found += [scene for scene in curated.filter(domains__slug=slug).order_by("pk")[:3] if scene not in found]
    return found[:3]


def _need(spec, nodes, units, domains, resources):
    slug, title, node, unit, department, summary, affected, data_wanted, domain_slugs, resource_slugs = spec
    page = NeedPage(
        title=title,
        slug=slug,
        node=nodes[node],
        proposing_unit=units.get(unit),
        department=department,
        summary=summary,
        affected=affected,
        data_wanted=data_wanted,
    )
    page.domains = [domains[s] for s in domain_slugs if s in domains]
    page.data_resources = [resources[s] for s in resource_slugs if s in resources]
    page.similar_scenes = _similar_scenes(domain_slugs)
    return page


def ensure_needs(index, proposer):
    nodes = {node.slug: node for node in Node.objects.all()}
    domains = {domain.slug: domain for domain in Domain.objects.all()}
    resources = {resource.slug: resource for resource in DataResource.objects.all()}
    units = _units()
    existing = set(NeedPage.objects.values_list("slug", flat=True))
    for spec in NEEDS:
        if spec[0] in existing or spec[2] not in nodes:
            continue
        page = _need(spec, nodes, units, domains, resources)
        page.owner = proposer
        if spec[0] == IN_MODERATION:
            # Written by the department's proposer and waiting for the moderators (not live).
            page.live = False
            index.add_child(instance=page)
            page.save_revision(user=proposer)
            workflow = page.get_workflow()
            if workflow is not None:
                workflow.start(page, proposer)
        else:
            index.add_child(instance=page)
            page.save_revision(user=proposer).publish()  # approved by the moderators
    return units


def ensure_follows_and_comments():
    needs = {need.slug: need for need in NeedPage.objects.live().filter(slug__in=[spec[0] for spec in NEEDS])}
    # The demo's city editors and moderator (scenes/demo.py, loaded before): the same people every run.
    User = NeedVote._meta.get_field("user").related_model
    people = list(User.objects.filter(email__endswith=".editor@shuyong.example").order_by("email")[:11]) + list(
        User.objects.filter(email="moderator@shuyong.example")
    )
    for position, (slug, need) in enumerate(sorted(needs.items())):
        for person in people[: len(people) - position]:
            NeedVote.objects.get_or_create(need=need, user=person)
        for number, body in enumerate(COMMENTS.get(slug, [])):
            if people and not NeedComment.objects.filter(need=need, body=body).exists():
                NeedComment.objects.create(need=need, author=people[number % len(people)], body=body)
    # The counts follow the follows (queryset updates: page saves keep the stored count).
    for need_id, count in NeedPage.objects.annotate(follows=Count("votes")).values_list("pk", "follows"):
        NeedPage.objects.filter(pk=need_id).exclude(vote_count=count).update(vote_count=count)


def load_needs(command, options):
    home = ensure_home_page()
    index = fill_english(
        ensure_need_index(home),
        title_en="Needs",
        introduction_en=(
            "Real problems that cities and departments hope data can solve. Follow the needs you care about and "
            "leave suggestions; published needs may become challenges of the data application innovation contest."
        ),
    )
    groups = ensure_need_editorial_setup(index)
    proposer = ensure_user(DEPT[0], DEPT[1], real_name="民政厅需求联络员", is_staff=True)
    proposer.groups.add(groups["proposers"])
    units = _units()
    UnitMember.objects.get_or_create(unit=units["civil-affairs"], user=proposer)
    ensure_needs(index, proposer)
    ensure_follows_and_comments()
    if command is not None:
        command.stdout.write(f"应用需求 {NeedPage.objects.live().count()} 个（另有 1 个待审核）")
    return [("需求提报（部门）", *DEPT)]
