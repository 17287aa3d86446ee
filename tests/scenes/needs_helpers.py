"""Needs for the tests, made through the page tree under a needs index (the ``need_index`` fixture
of tests/scenes/conftest.py), live unless ``live=False``."""

import itertools

from scenes.models import NeedPage
from tests.scenes.factories import city

_serial = itertools.count(1)


def make_need(index, *, live=True, domains=(), data_resources=(), similar_scenes=(), node="jinan", **fields):
    number = next(_serial)
    values = {
        "title": f"测试需求{number:03d}",
        "slug": f"need-{number:03d}",
        "summary": "基层部门遇到的问题，希望用数据解决。",
        "department": "济南市民政局",
        "affected": "全市老年人",
        "data_wanted": "户籍信息",
        **fields,
    }
    status = values.pop("status", None)
    page = NeedPage(node=city(node) if isinstance(node, str) else node, live=live, **values)
    page.domains = list(domains)
    page.data_resources = list(data_resources)
    page.similar_scenes = list(similar_scenes)
    index.add_child(instance=page)
    page.save_revision()
    if status:
        NeedPage.objects.filter(pk=page.pk).update(status=status)
        page.status = status
    return page
