"""Demo data of the contest: tracks with their proposing units and data resources, name parts."""

from contests.choices import OrganisationType

# (slug, name, proposing unit, description, data resources as (slug, name, department))
TRACKS = [
    (
        "xiangcun",
        "乡村振兴",
        "省农业农村厅",
        "利用农业经营主体、气象和救助数据，精准识别帮扶对象，服务农业生产与农村金融。",
        [
            ("farm-entities", "农业经营主体信息", "省农业农村厅"),
            ("weather", "气象观测与预报数据", "省气象局"),
            ("subsistence-allowance", "低保与特困救助信息", "省民政厅"),
        ],
    ),
    (
        "shuzi-shehui",
        "数字社会",
        "省大数据局",
        "围绕出生、婚育、住房等“一件事”，让群众办事少跑腿、免证办。",
        [
            ("household-registration", "户籍信息", "省公安厅"),
            ("marriage-registration", "婚姻登记信息", "省民政厅"),
            ("housing-fund", "住房公积金缴存信息", "省住房城乡建设厅"),
        ],
    ),
    (
        "zhihui-yanglao",
        "智慧养老",
        "省民政厅",
        "汇聚养老机构、社保和残疾人数据，主动发现需要照护的老人，优化养老服务供给。",
        [
            ("elderly-services", "养老服务机构信息", "省民政厅"),
            ("social-insurance", "社会保险缴纳信息", "省人力资源社会保障厅"),
            ("disability", "残疾人信息", "省残联"),
        ],
    ),
    (
        "yiliao-jiankang",
        "医疗健康",
        "省卫生健康委",
        "打通电子健康档案与医保结算，实现检查结果互认、就医“一码通”。",
        [
            ("health-records", "电子健康档案", "省卫生健康委"),
            ("medical-insurance", "医保结算信息", "省医保局"),
            ("birth-certificates", "出生医学证明", "省卫生健康委"),
        ],
    ),
    (
        "chengshi-zhili",
        "城市治理",
        "省住房城乡建设厅",
        "基于城市部件与事件数据，提升问题发现、派单和处置效率。",
        [
            ("city-components", "城市部件与事件数据", "省住房城乡建设厅"),
            ("water-usage", "供水用水数据", "省住房城乡建设厅"),
        ],
    ),
    (
        "jiaotong-chuxing",
        "交通出行",
        "省交通运输厅",
        "用交通运行监测和车辆数据改善公交线网、缓解拥堵、服务安全出行。",
        [
            ("traffic-flow", "交通运行监测数据", "省交通运输厅"),
            ("vehicle-registration", "机动车与驾驶人信息", "省公安厅"),
        ],
    ),
    (
        "shengtai-huanbao",
        "生态环保",
        "省生态环境厅",
        "结合环境监测、用能和气象数据，开展污染溯源与“双碳”监测。",
        [
            ("environment-monitoring", "环境质量监测数据", "省生态环境厅"),
            ("electricity-usage", "电力用能数据", "国网山东省电力公司"),
            ("weather", "气象观测与预报数据", "省气象局"),
        ],
    ),
    (
        "puhui-jinrong",
        "普惠金融",
        "省地方金融管理局",
        "以纳税、登记和信用数据为中小微企业画像，发展信用贷款。",
        [
            ("tax-payment", "纳税信息", "省税务局"),
            ("business-registration", "企业登记信息", "省市场监管局"),
            ("credit-records", "公共信用信息", "省发展改革委"),
        ],
    ),
    (
        "wenhua-lvyou",
        "文化旅游",
        "省文化和旅游厅",
        "分析景区客流与交通数据，做好预约限流、精准营销和应急疏导。",
        [("tourism-flow", "景区客流数据", "省文化和旅游厅"), ("traffic-flow", "交通运行监测数据", "省交通运输厅")],
    ),
    (
        "jiaoyu-fuwu",
        "教育服务",
        "省教育厅",
        "复制推广义务教育入学“一网通办”，拓展到转学、资助等更多教育服务。",
        [
            ("student-status", "学籍信息", "省教育厅"),
            ("household-registration", "户籍信息", "省公安厅"),
            ("property-registration", "不动产登记信息", "省自然资源厅"),
        ],
    ),
]

TEAM_WORDS_A = ["数智", "齐鲁", "泉城", "云帆", "星火", "蓝海", "智汇", "鲁信", "东岳", "黄河",
                "海岱", "沂蒙", "稷下", "岱岳", "琴岛", "港城", "微光", "启明", "融创", "筑梦"]  # fmt: skip
TEAM_WORDS_B = ["先锋队", "数据工坊", "创新小组", "攻坚队", "实验室", "联队", "智库", "突击队"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "秀兰",
         "海燕", "志强", "建华", "晓东", "雪梅", "婷婷", "宇航", "子涵", "浩然", "欣怡", "思远", "嘉怡"]  # fmt: skip
ORG_KINDS = [
    # (type, weight, name pattern)
    (OrganisationType.ENTERPRISE, 40, "{city}{word}科技有限公司"),
    (OrganisationType.UNIVERSITY, 30, "{city}{word}大学"),
    (OrganisationType.RESEARCH, 10, "{city}数字经济研究院"),
    (OrganisationType.PUBLIC, 10, "{city}市大数据中心"),
    (OrganisationType.INDIVIDUAL, 6, ""),
    (OrganisationType.OTHER, 4, "{city}数据应用协会"),
]
ORG_WORDS = ["智云", "数联", "慧通", "远景", "信达", "博睿", "鲁数", "华研", "中科", "知行"]
NEEDS_CREDIT_CODE = {OrganisationType.ENTERPRISE, OrganisationType.RESEARCH, OrganisationType.PUBLIC}

RULES = """
<h3>参赛对象</h3>
<p>高校、科研院所、企业、政府部门及事业单位的团队和个人均可报名。
每队 2–5 人（含队长），可另设指导老师 1–2 名。每人在本届大赛中只能加入一个团队。</p>
<h3>赛程</h3>
<ol>
<li>报名：注册账号、创建团队并邀请队员。</li>
<li>作品提交：在截止时间前上传方案书（PDF）及附件，截止时间以服务器时间（北京时间）为准。</li>
<li>初赛：形式审查后由评委匿名评审，每个赛道前 5 名晋级决赛。</li>
<li>决赛：现场答辩，评选一、二、三等奖及优秀奖。</li>
</ol>
<h3>数据使用</h3>
<p>各赛道开放的数据资源经脱敏处理，仅限本次大赛使用，参赛团队须签署数据使用承诺书，不得以任何形式对外提供。</p>
<h3>知识产权</h3>
<p>作品知识产权归参赛团队所有。获奖作品经团队同意后，可纳入“数用”优秀解决方案库推广应用。</p>
"""

FAQ = [
    ("一个人可以参加几个团队？", "<p>每人在同一届大赛中只能加入一个团队；指导老师可以指导多个团队。</p>"),
    (
        "报名截止后还能调整队员吗？",
        "<p>报名截止后不能再邀请新成员；在作品提交截止前，队长可以移出队员或移交队长身份。</p>",
    ),
    ("方案书有什么格式要求？", "<p>PDF 格式，不超过 20 MB。为保证匿名评审，方案书中不得出现团队成员姓名和单位。</p>"),
    (
        "提交后还能修改吗？",
        "<p>截止前可以撤回后修改再提交，每次提交都会生成带时间和文件校验码的回执；截止后作品只读。</p>",
    ),
]
