"""An index of Wagtail's pages shown in menus, by (depth, path), for the main menu on every page.

The menu is the site root's children marked "show in menus" (cms/templatetags/site_tags.py):
``depth = 3 AND path BETWEEN …`` (treebeard). With only the path index the database reads every
page under the root and drops the deeper ones: all 22,000 pages at 20,000 scenes, ~20 ms on
SQLite for every page served. This partial index holds only the pages shown in menus, so it is
tiny and used only by queries that ask for ``show_in_menus`` (a full (depth, path) index misled
SQLite into scanning a depth for the listings' fetch by primary key). Wagtail defines no such
index; it is added to Wagtail's table here, by name (SQLite and PostgreSQL both have partial
indexes).
"""

from django.db import migrations

INDEX = "cms_page_in_menu_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_english_wording"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailcore_page" ("depth", "path") WHERE "show_in_menus"',
            reverse_sql=f'DROP INDEX IF EXISTS "{INDEX}"',
        )
    ]
