"""Wagtail's migrations create the tree's root page titled “Root”, which editors meet in the page
chooser and the explorer's breadcrumbs; name it in Chinese. Reversing restores Wagtail's name."""

from django.db import migrations

ROOT_TITLE = "根目录"


def rename(apps, old, new):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    rename(apps, "Root", ROOT_TITLE)


def backwards(apps, schema_editor):
    rename(apps, ROOT_TITLE, "Root")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_model_name_plurals"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
