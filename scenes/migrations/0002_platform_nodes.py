"""The "1+16+N" platform: the provincial main platform and the 16 city sub-nodes exist from the start.
Industry nodes (the N) are added by editors."""

from django.db import migrations

PROVINCE = ("省级主平台", "province")
CITIES = [
    ("济南", "jinan"),
    ("青岛", "qingdao"),
    ("淄博", "zibo"),
    ("枣庄", "zaozhuang"),
    ("东营", "dongying"),
    ("烟台", "yantai"),
    ("潍坊", "weifang"),
    ("济宁", "jining"),
    ("泰安", "taian"),
    ("威海", "weihai"),
    ("日照", "rizhao"),
    ("临沂", "linyi"),
    ("德州", "dezhou"),
    ("聊城", "liaocheng"),
    ("滨州", "binzhou"),
    ("菏泽", "heze"),
]


def create_nodes(apps, schema_editor):
    Node = apps.get_model("scenes", "Node")
    Node.objects.get_or_create(
        slug=PROVINCE[1],
        defaults={"name": PROVINCE[0], "kind": "province", "sort_order": 0,
                  "description": "全省一体化大数据平台的省级主平台，统一汇聚管理、统一提供共享服务。"},
    )
    for order, (name, slug) in enumerate(CITIES, start=1):
        Node.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": "city", "sort_order": order,
                      "description": f"{name}市平台子节点。"},
        )


def remove_nodes(apps, schema_editor):
    Node = apps.get_model("scenes", "Node")
    Node.objects.filter(slug__in=[PROVINCE[1]] + [slug for _name, slug in CITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("scenes", "0001_initial")]

    operations = [migrations.RunPython(create_nodes, remove_nodes)]
