"""Demo content of the ground floor: the site tree, site settings and staff accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cms.models import HomePage, SiteSettings, StandardPage
from cms.registry import demo_loaders

ADMIN = ("admin@shuyong.example", "shuyong-admin")
EDITOR = ("editor@shuyong.example", "shuyong-editor")

ABOUT_BODY = [
    {
        "type": "paragraph",
        "value": "<p>“数用”是全省一体化大数据平台“1+16+N”体系的应用展示窗口：1 个省级主平台、16 个市级子节点和 N 个行业子节点汇聚共享数据，支撑各地各部门打造数据应用场景。</p>",
    },
    {
        "type": "key_figures",
        "value": [
            {"figure": "2000", "unit": "余个", "description": "全省已建成的数据应用场景"},
            {"figure": "300", "unit": "个", "description": "在全省推广的典型场景"},
            {"figure": "240", "unit": "个", "description": "优秀解决方案"},
            {"figure": "1.4", "unit": "万人", "description": "三届大赛参赛人数"},
        ],
    },
    {
        "type": "paragraph",
        "value": "<p>我们连续举办数据应用创新创业大赛，以赛促用，推动公共数据在乡村振兴、数字社会、智慧养老、医疗健康、城市治理等领域落地见效。</p>",
    },
]


def ensure_home_page():
    """Put a HomePage at the site root, replacing Wagtail's placeholder 'Welcome' page once."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="数用",
            slug="home",
            hero_title="让公共数据用起来",
            hero_text="汇聚全省 16 市和各行业部门的数据应用场景与优秀解决方案，并通过数据应用创新创业大赛发现下一批好应用。",
            seo_title="数用 · 公共数据应用展示与创新大赛",
            search_description="全省公共数据应用场景库、解决方案库与数据应用创新创业大赛。",
        )
        placeholder = Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").first()
        if placeholder is not None:
            placeholder.slug = "welcome-placeholder"
            placeholder.save()
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "数用"}
        )
        if placeholder is not None:
            placeholder.delete()
    return home


def ensure_child(parent, model, slug, **fields):
    """Create and publish a child page once; later runs leave an existing page (and edits to it) alone."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def fill_english(page, **fields):
    """Give a demo page its English wording (title_en, …) once, also on a database loaded before
    those fields existed; a field an editor has filled in is kept."""
    blank = {name: value for name, value in fields.items() if not getattr(page, name)}
    if blank:
        for name, value in blank.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


def ensure_user(email, password, **fields):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    return user


@demo_loaders.register("cms", order=0)
def load_site(command, options):
    home = fill_english(
        ensure_home_page(),
        title_en="Shuyong · Public Data Applications and Innovation Contest",
        hero_title_en="Putting public data to work",
        hero_text_en=(
            "Data application scenes and proven solutions from all 16 cities and the sector departments of the "
            "province, and an innovation contest that finds the next good applications."
        ),
    )
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "site_name": "数用",
            "tagline": "让公共数据用起来",
            "organiser": "省大数据局",
            "contact_email": "contact@shuyong.example",
            "contact_phone": "0531-12345678",
            "footer_text": "公共数据应用场景展示与数据应用创新创业大赛平台（演示站点，内容为虚构示例）。",
            "icp_number": "鲁ICP备00000000号-1",
            "site_name_en": "Shuyong",
            "tagline_en": "Putting public data to work",
            "organiser_en": "Provincial Big Data Bureau",
            "footer_text_en": (
                "Showcase of public data applications and the data application innovation contest "
                "(demo site; all content is fictional)."
            ),
        },
    )
    about = ensure_child(
        home,
        StandardPage,
        "about",
        title="关于数用",
        show_in_menus=True,
        introduction="以数据应用为导向，以赛促用，让共享数据真正解决群众、企业和基层治理的难题。",
        body=ABOUT_BODY,
    )
    fill_english(
        about,
        title_en="About Shuyong",
        introduction_en=(
            "Applications first, and contests that lead to use: shared data that really solves problems for "
            "residents, businesses and local government."
        ),
    )
    ensure_user(ADMIN[0], ADMIN[1], real_name="平台管理员", is_staff=True, is_superuser=True)
    editor = ensure_user(EDITOR[0], EDITOR[1], real_name="内容编辑", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return [("管理员 admin", *ADMIN), ("编辑 editor", *EDITOR)]
