"""The needs' editorial set-up, so that ``migrate`` alone gives a working moderation flow for needs:
the 需求提报 group, the page permissions of proposers, city editors and moderators on the needs
index, the moderators' permission to hide comments, and the scenes' workflow 场景与方案审核 on the
needs index (scenes/services/need_editorial.py).

On a site that has a home page already (an install upgraded to this version), the needs index
/needs/ (应用需求, "Needs" on the English site, shown in the main menu) is created under it, live,
as the last of the home page's children. A fresh install has no home page yet: load_demo (or an
editor) creates the index later, and its creation attaches the same set-up (a post_save receiver).

Reversing keeps the groups and the page: they may be in use by then.
"""

import datetime as dt
import uuid

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, as Wagtail's pages use it
STEPLEN = 4


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    )
    if last is None:
        return parent.path + "0" * (STEPLEN - 1) + "1"
    step = last.path[-STEPLEN:]
    number = 0
    for char in step:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    number += 1
    digits = ""
    for _position in range(STEPLEN):
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return last.path[:-STEPLEN] + digits


def _create_need_index(apps):
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    NeedIndexPage = apps.get_model("scenes", "NeedIndexPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if NeedIndexPage.objects.exists():
        return
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug="needs").exists():
        return  # the address is taken by another page: an editor decides
    content_type, _created = ContentType.objects.get_or_create(app_label="scenes", model="needindexpage")
    now = dt.datetime.now(dt.UTC)
    NeedIndexPage.objects.create(
        title="应用需求",
        draft_title="应用需求",
        title_en="Needs",
        slug="needs",
        introduction="各地各部门在工作中遇到、有望用数据解决的真实问题。关注您关心的需求、留下建议；经审核发布的需求可成为数据应用创新大赛的赛题。",
        introduction_en=(
            "Real problems that cities and departments hope data can solve. Follow the needs you care about and "
            "leave suggestions; published needs may become challenges of the data application innovation contest."
        ),
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}needs/",
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        show_in_menus=True,
        first_published_at=now,
        last_published_at=now,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def create_need_editorial_setup(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from scenes.services.need_editorial import ensure_need_editorial_setup

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    _create_need_index(apps)
    ensure_need_editorial_setup(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("scenes", "0007_needs_units_open_data"),
        ("cms", "0008_calendar_days"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_need_editorial_setup, migrations.RunPython.noop)]
