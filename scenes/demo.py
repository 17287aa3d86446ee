"""Demo content of the showcase: taxonomy, editors and moderators, 60+ scenes over all 16 cities,
20+ solutions, cover images drawn with Pillow. Idempotent: what exists is left alone.

``load_demo --scenes N --solutions M`` tops the libraries up to N scenes and M solutions with
generated pages inserted in bulk (see scenes/services/bulk_pages.py), for benchmarks.
"""

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.demo import ensure_home_page, ensure_user, fill_english
from cms.registry import demo_loaders
from cms.validators import credit_code_check_char
from scenes import demo_data as data
from scenes.cache import refresh_after_demo
from scenes.choices import NodeKind, RecognitionLevel
from scenes.demo_images import ensure_cover_images
from scenes.demo_needs import load_needs
from scenes.demo_resources import load_data_resources
from scenes.formatting import chinese_figure
from scenes.models import (
    DataResource,
    Domain,
    Node,
    Provider,
    SceneIndexPage,
    ScenePage,
    SceneTag,
    SolutionDocument,
    SolutionIndexPage,
    SolutionPage,
    SolutionTag,
)
from scenes.services.bulk_pages import bulk_add_live_children, index_in_bulk, record_initial_revisions
from scenes.services.editorial import ensure_editorial_setup

EDITOR_PASSWORD = "shuyong-editor"  # noqa: S105 - a published demo login
MODERATOR = ("moderator@shuyong.example", "shuyong-moderator")
PRINTED_CITY_EDITORS = ("jinan", "qingdao")
SHANGHAI = ZoneInfo("Asia/Shanghai")
GENERATED_PREFIX = "gen-"


def editor_email(node_slug):
    return f"{node_slug}.editor@shuyong.example"


@demo_loaders.register("scenes", order=10)
def load_scenes(command, options):
    rng = random.Random(options.get("seed") or 2026)
    home = ensure_home_page()
    scene_index = _ensure_index(
        home,
        SceneIndexPage,
        "scenes",
        "应用场景",
        "全省各地各部门利用共享数据打造的应用场景：按城市、领域、数据资源筛选，看数据如何让群众少跑腿、企业好办事、治理更精准。",
    )
    fill_english(
        scene_index,
        title_en="Application scenes",
        introduction_en=(
            "Applications built on shared data by cities and departments across the province. Filter by city, "
            "domain and data resource to see how data saves residents trips, helps businesses and sharpens governance."
        ),
    )
    solution_index = _ensure_index(
        home,
        SolutionIndexPage,
        "solutions",
        "解决方案",
        "在全省推广的优秀解决方案和可复用的数据应用产品，附参考场景和资料下载。",
    )
    fill_english(
        solution_index,
        title_en="Solutions",
        introduction_en=(
            "Proven solutions and reusable data products promoted across the province, with reference scenes and "
            "downloads."
        ),
    )
    taxonomy = ensure_taxonomy()
    images = ensure_cover_images(taxonomy["domains"])
    moderators, city_groups, _workflow = ensure_editorial_setup(scene_index, solution_index)
    logins = ensure_accounts(taxonomy["nodes"], city_groups, moderators)

    started = time.monotonic()
    ensure_curated_scenes(scene_index, taxonomy, images, rng)
    ensure_curated_solutions(solution_index, taxonomy, images, rng)
    if options.get("scenes"):
        top_up_scenes(scene_index, options["scenes"], taxonomy, images, rng)
    if options.get("solutions"):
        top_up_solutions(solution_index, options["solutions"], taxonomy, images, rng)
    if command is not None:
        command.stdout.write(
            f"应用场景 {ScenePage.objects.count()} 个、解决方案 {SolutionPage.objects.count()} 个"
            f"（本次用时 {time.monotonic() - started:.1f} 秒）"
        )
    return logins


def _ensure_index(home, model, slug, title, introduction):
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, show_in_menus=True, introduction=introduction)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _fill_english_name(model, slug, name_en):
    # Also on a database loaded before the English names existed; an editor's own name is kept.
    model.objects.filter(slug=slug, name_en="").update(name_en=name_en)


def ensure_taxonomy():
    for order, (name, name_en, slug, description) in enumerate(data.INDUSTRY_NODES, start=50):
        Node.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": NodeKind.INDUSTRY, "sort_order": order, "description": description},
        )
        _fill_english_name(Node, slug, name_en)
    domains = {}
    for order, (name, name_en, slug, parent_slug) in enumerate(data.DOMAINS):
        domains[slug], _created = Domain.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": domains.get(parent_slug), "sort_order": order}
        )
        _fill_english_name(Domain, slug, name_en)
    province = Node.objects.get(kind=NodeKind.PROVINCE)
    resources = {}
    for slug, name, department in data.DATA_RESOURCES:
        resources[slug], _created = DataResource.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "department": department,
                "node": province,
                "description": f"由{department}汇聚至省级主平台，按需共享。",
            },
        )
    nodes = {node.slug: node for node in Node.objects.all()}
    providers = []
    for number, (name, slug, node_slug, website) in enumerate(data.PROVIDERS, start=1):
        first17 = f"91370100MA3C{number:05d}"
        provider, _created = Provider.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "node": nodes[node_slug],
                "website": website,
                "credit_code": first17 + credit_code_check_char(first17),
                "description": f"{name}专注于公共数据应用和数字政府建设。",
            },
        )
        providers.append(provider)
    cities = list(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order"))
    return {"nodes": nodes, "cities": cities, "domains": domains, "resources": resources, "providers": providers}


def ensure_accounts(nodes, city_groups, moderators):
    logins = []
    for slug, group in city_groups.items():
        user = ensure_user(editor_email(slug), EDITOR_PASSWORD, real_name=f"{nodes[slug].name}编辑", is_staff=True)
        user.groups.add(group)
        if slug in PRINTED_CITY_EDITORS:
            logins.append((f"{nodes[slug].name}城市编辑", editor_email(slug), EDITOR_PASSWORD))
    moderator = ensure_user(MODERATOR[0], MODERATOR[1], real_name="省级审核员", is_staff=True)
    moderator.groups.add(moderators)
    if len(city_groups) > len(PRINTED_CITY_EDITORS):
        logins.append(("其他城市编辑", "<城市拼音>.editor@shuyong.example", EDITOR_PASSWORD))
    logins.append(("省级审核员", *MODERATOR))
    return logins


# --- content builders -------------------------------------------------------------------------


def _rounded(rng, low, high):
    value = rng.randint(low, high)
    magnitude = 10 ** max(len(str(value)) - 2, 0)
    return value // magnitude * magnitude


def scene_body(problem, approach, result, resources, count, unit):
    items = "".join(f"<li>{r.name}（{r.department}）</li>" for r in resources)
    figure, _space, tail = chinese_figure(count).partition(" ")
    return [
        {
            "type": "background",
            "value": {"heading": "", "content": [{"type": "paragraph", "value": f"<p>{problem}</p>"}]},
        },
        {
            "type": "data_used",
            "value": {
                "heading": "",
                "content": [
                    {
                        "type": "paragraph",
                        "value": f"<p>本场景通过省一体化大数据平台共享调用以下数据：</p><ul>{items}</ul>",
                    },
                ],
            },
        },
        {
            "type": "approach",
            "value": {"heading": "", "content": [{"type": "paragraph", "value": f"<p>{approach}</p>"}]},
        },
        {
            "type": "results",
            "value": {
                "heading": "",
                "content": [
                    {
                        "type": "key_figures",
                        "value": [
                            {"figure": figure, "unit": f"{tail}{unit}", "description": "累计受益规模"},
                            {"figure": str(len(resources)), "unit": "类", "description": "共享数据资源"},
                        ],
                    },
                    {"type": "paragraph", "value": f"<p>{result}</p>"},
                ],
            },
        },
    ]


def _launch_date(rng, year=None):
    year = year or rng.randint(2019, 2025)
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _published_at(date):
    return dt.datetime.combine(date, dt.time(10, 0), tzinfo=SHANGHAI)


def curated_scene_specs(taxonomy, rng):
    """(slug, fields) of the hand-written scenes: the enrolment scene, then each theme in two cities."""
    cities = taxonomy["cities"]
    enrol = data.ENROLMENT_SCENE
    yield (
        enrol["slug"],
        {
            "title": enrol["title"],
            "node": taxonomy["nodes"][enrol["node"]],
            "field": enrol["field"],
            "department": enrol["department"],
            "resources": enrol["resources"],
            "count": enrol["count"],
            "unit": enrol["unit"],
            "words": enrol["words"],
            "level": enrol["level"],
            "tags": enrol["tags"],
            "summary": enrol["summary"],
            "problem": enrol["problem"],
            "approach": enrol["approach"],
            "result": enrol["result"],
            "launch_date": dt.date(enrol["year"], 8, 1),
        },
    )
    for number, theme in enumerate(data.SCENE_THEMES):
        stem, title, field, dept, resources, unit, (low, high), tags, problem, approach, result = theme
        for turn, city in enumerate((cities[number % len(cities)], cities[(number + 5) % len(cities)])):
            count = _rounded(rng, low, high)
            level = RecognitionLevel.LISTED
            if turn == 0 and number % 4 == 0:
                level = RecognitionLevel.TYPICAL
            if turn == 0 and number in (2, 16, 24):
                level = RecognitionLevel.NATIONAL
            yield (
                f"{city.slug}-{stem}",
                {
                    "title": f"{city.name}{title}",
                    "node": city,
                    "field": field,
                    "department": f"{city.name}市{dept}",
                    "resources": resources,
                    "count": count,
                    "unit": unit,
                    "words": f"累计惠及 {chinese_figure(count)} {unit}",
                    "level": level,
                    "tags": tags,
                    "summary": f"{city.name}市{approach}",
                    "problem": f"{city.name}市{problem}",
                    "approach": approach,
                    "result": result,
                    "launch_date": _launch_date(rng),
                },
            )


def _scene_page(slug, spec, taxonomy, images):
    field = taxonomy["domains"][spec["field"]]
    resources = [taxonomy["resources"][key] for key in spec["resources"]]
    page = ScenePage(
        title=spec["title"],
        slug=slug,
        summary=spec["summary"][:300],
        cover_image=images[field.slug],
        node=spec["node"],
        lead_department=spec["department"],
        launch_date=spec["launch_date"],
        beneficiaries_count=spec["count"],
        beneficiaries_unit=spec["unit"],
        beneficiaries_text=spec["words"],
        level=spec["level"],
        body=scene_body(spec["problem"], spec["approach"], spec["result"], resources, spec["count"], spec["unit"]),
        search_description=spec["summary"][:160],
    )
    return page, [field.parent, field], resources


def ensure_curated_scenes(index, taxonomy, images, rng):
    existing = set(index.get_children().values_list("slug", flat=True))
    items = [(slug, spec) for slug, spec in curated_scene_specs(taxonomy, rng) if slug not in existing]
    return insert_scenes(index, items, taxonomy, images, with_history=True)


def insert_scenes(index, items, taxonomy, images, *, with_history):
    """Insert (slug, spec) scenes as live pages with their relations, in a fixed number of queries
    per batch, then index them for search."""
    pages, relations = [], []
    for slug, spec in items:
        page, domains, resources = _scene_page(slug, spec, taxonomy, images)
        page.first_published_at = _published_at(spec["launch_date"])
        pages.append(page)
        relations.append((domains, resources, spec["tags"]))
    if not pages:
        return []
    bulk_add_live_children(index, pages)
    pairs = list(zip(pages, relations, strict=True))
    tags = _ensure_tags({t for _d, _r, names in relations for t in names})
    ScenePage.domains.through.objects.bulk_create(
        [ScenePage.domains.through(scenepage_id=p.pk, domain_id=d.pk) for p, (ds, _r, _t) in pairs for d in ds]
    )
    ScenePage.data_resources.through.objects.bulk_create(
        [
            ScenePage.data_resources.through(scenepage_id=p.pk, dataresource_id=r.pk)
            for p, (_d, rs, _t) in pairs
            for r in rs
        ]
    )
    SceneTag.objects.bulk_create(
        [SceneTag(content_object_id=p.pk, tag=tags[t]) for p, (_d, _r, ts) in pairs for t in ts]
    )
    pks = [p.pk for p in pages]
    if with_history:
        record_initial_revisions(ScenePage, pks)
    index_in_bulk(ScenePage, pks)
    return pages


def ensure_curated_solutions(index, taxonomy, images, rng):
    existing = set(index.get_children().values_list("slug", flat=True))
    scenes_by_field = {}
    curated = ScenePage.objects.live().exclude(slug__startswith=GENERATED_PREFIX).order_by("pk")
    for scene_id, domain_slug in curated.values_list("pk", "domains__slug"):
        scenes_by_field.setdefault(domain_slug, []).append(scene_id)
    items = []
    for number, spec in enumerate(data.SOLUTIONS):
        slug, title, provider_no, fields, resources, tags, excellent, summary, capabilities = spec
        if slug in existing:
            continue
        provider = taxonomy["providers"][provider_no]
        candidates = sorted({pk for f in fields for pk in scenes_by_field.get(f, [])})
        page = _solution_page(slug, title, provider, summary, excellent, fields, capabilities, images, rng)
        page.contact_name = "方案联系人"
        page.contact_phone = f"0531-8{number:03d}6000"
        page.contact_email = f"solutions@{provider.slug}.example"
        page.body = [
            {"type": "paragraph", "value": f"<p>{summary}方案已在多个城市落地，支持按需部署和本地化适配。</p>"}
        ]
        document = _solution_document(slug, title, summary, capabilities)
        references = rng.sample(candidates, min(3, len(candidates)))
        if slug == "enrolment-platform":
            # The article's own pairing: the enrolment platform behind the enrolment scene.
            enrolment = ScenePage.objects.filter(slug=data.ENROLMENT_SCENE["slug"]).values_list("pk", flat=True)
            references = list(dict.fromkeys([*enrolment, *references]))
        items.append((page, fields, resources, tags, references, [document]))
    return insert_solutions(index, items, taxonomy, with_history=True)


def _solution_page(slug, title, provider, summary, excellent, fields, capabilities, images, rng):
    return SolutionPage(
        title=title,
        slug=slug,
        provider=provider,
        summary=summary,
        is_excellent=excellent,
        cover_image=images[fields[0]],
        search_description=summary[:160],
        capabilities=[{"type": "capability", "value": {"title": t, "description": d}} for t, d in capabilities],
        first_published_at=_published_at(_launch_date(rng, rng.randint(2022, 2025))),
    )


def insert_solutions(index, items, taxonomy, *, with_history):
    """items: (page, field slugs, resource slugs, tag names, reference scene ids, documents)."""
    if not items:
        return []
    pages = [item[0] for item in items]
    bulk_add_live_children(index, pages)
    domains, resources = taxonomy["domains"], taxonomy["resources"]
    tags = _ensure_tags({t for item in items for t in item[3]})
    through = SolutionPage
    through.domains.through.objects.bulk_create(
        [through.domains.through(solutionpage_id=p.pk, domain_id=domains[f].pk) for p, fs, *_ in items for f in fs]
    )
    through.data_resources.through.objects.bulk_create(
        [
            through.data_resources.through(solutionpage_id=p.pk, dataresource_id=resources[r].pk)
            for p, _f, rs, *_ in items
            for r in rs
        ]
    )
    through.reference_scenes.through.objects.bulk_create(
        [
            through.reference_scenes.through(solutionpage_id=p.pk, scenepage_id=s)
            for p, _f, _r, _t, ss, _d in items
            for s in ss
        ]
    )
    SolutionTag.objects.bulk_create(
        [SolutionTag(content_object_id=p.pk, tag=tags[t]) for p, _f, _r, ts, _s, _d in items for t in ts]
    )
    SolutionDocument.objects.bulk_create(
        [SolutionDocument(page_id=p.pk, document=d, sort_order=n) for p, *_x, docs in items for n, d in enumerate(docs)]
    )
    pks = [p.pk for p in pages]
    if with_history:
        record_initial_revisions(SolutionPage, pks)
    index_in_bulk(SolutionPage, pks)
    return pages


def _solution_document(slug, title, summary, capabilities):
    Document = get_document_model()
    doc_title = f"{title}简介"
    document = Document.objects.filter(title=doc_title).first()
    if document is None:
        text = f"{title}\n\n{summary}\n\n" + "\n".join(f"- {t}：{d}" for t, d in capabilities) + "\n"
        document = Document(title=doc_title)
        document.file.save(f"solution-{slug}.txt", ContentFile(text.encode("utf-8")), save=False)
        document.save()
    return document


# --- benchmark volumes ------------------------------------------------------------------------


def _next_generated_number(index):
    slugs = index.get_children().filter(slug__startswith=GENERATED_PREFIX).values_list("slug", flat=True)
    return max((int(s.removeprefix(GENERATED_PREFIX)) for s in slugs), default=0) + 1


def top_up_scenes(index, target, taxonomy, images, rng):
    missing = target - ScenePage.objects.child_of(index).live().count()
    if missing <= 0:
        return []
    start = _next_generated_number(index)
    cities = taxonomy["cities"]
    items = []
    for number in range(start, start + missing):
        _stem, title, field, dept, resources, unit, (low, high), tags, problem, approach, result = data.SCENE_THEMES[
            number % len(data.SCENE_THEMES)
        ]
        city = cities[(number * 7) % len(cities)]
        count = _rounded(rng, low, high)
        items.append(
            (
                f"{GENERATED_PREFIX}{number:05d}",
                {
                    "title": f"{city.name}{title}（第 {number} 号）",
                    "node": city,
                    "field": field,
                    "department": f"{city.name}市{dept}",
                    "resources": resources,
                    "count": count,
                    "unit": unit,
                    "words": f"累计惠及 {chinese_figure(count)} {unit}",
                    "tags": tags,
                    "level": rng.choices(list(RecognitionLevel), weights=[80, 15, 5])[0],
                    "summary": f"{city.name}市{approach}",
                    "problem": problem,
                    "approach": approach,
                    "result": result,
                    "launch_date": _launch_date(rng),
                },
            )
        )
    return insert_scenes(index, items, taxonomy, images, with_history=False)


def top_up_solutions(index, target, taxonomy, images, rng):
    # Published pages count: drafts (e.g. a contest winner promoted for editors to finish) are not in the library.
    missing = target - SolutionPage.objects.child_of(index).live().count()
    if missing <= 0:
        return []
    start = _next_generated_number(index)
    scene_ids = list(ScenePage.objects.live().values_list("pk", flat=True))
    providers = taxonomy["providers"]
    items = []
    for number in range(start, start + missing):
        _slug, title, provider_no, fields, resources, tags, _excellent, summary, capabilities = data.SOLUTIONS[
            number % len(data.SOLUTIONS)
        ]
        provider = providers[(provider_no + number) % len(providers)]
        page = _solution_page(
            f"{GENERATED_PREFIX}{number:05d}",
            f"{title}（{provider.name}版 第 {number} 号）",
            provider,
            summary,
            rng.random() < 0.4,
            fields,
            capabilities,
            images,
            rng,
        )
        references = rng.sample(scene_ids, min(len(scene_ids), rng.randint(1, 3)))
        items.append((page, fields, resources, tags, references, []))
    return insert_solutions(index, items, taxonomy, with_history=False)


def _ensure_tags(names):
    from taggit.models import Tag

    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(set(names) - tags.keys()):
        tags[name] = Tag.objects.create(name=name)
    return tags


# The needs (应用需求), between the showcase and the contest that turns two of them into 赛题.
demo_loaders.register("needs", order=15)(load_needs)

# After every loader: benchmark volumes are inserted in bulk, without publish signals.
demo_loaders.register("data_resources", order=12)(load_data_resources)
demo_loaders.register("showcase_version", order=95)(refresh_after_demo)
