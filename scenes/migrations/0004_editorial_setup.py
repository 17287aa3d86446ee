"""The editorial set-up, so that ``migrate`` alone gives a working moderation flow (no load_demo):
the 省级审核员 group, one 城市编辑-<city> group per city node, their admin, taxonomy and media
permissions, and the workflow 场景与方案审核 with its task approved by the moderators.

The migrations create no pages: the page permissions and the workflow are attached to the scene and
solution index pages that exist now (an install that already has them) and, for pages created
later, by scenes.services.editorial.attach_new_index_page when the page is created.

Reversing keeps the groups: they may have members by then, and deleting them would drop those
memberships silently.
"""

from django.db import migrations


def create_editorial_setup(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from scenes.services.editorial import ensure_editorial_setup

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    ensure_editorial_setup(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("scenes", "0003_model_name_plurals"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_editorial_setup, migrations.RunPython.noop)]
