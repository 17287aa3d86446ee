"""The "大赛组织者" group: organisers run contests in the Wagtail admin.

They set up contests, tracks and rounds, correct teams, and read members, invitations, entries
and the audit trail. Entries and audit events are read-only here: they change only through the
services, which keep revisions and audit records.
"""

from django.db import migrations

GROUP = "大赛组织者"
PERMISSIONS = {
    "contest": ["add", "change", "view"],
    "track": ["add", "change", "delete", "view"],
    "round": ["add", "change", "delete", "view"],
    "team": ["change", "view"],
    "teammembership": ["view"],
    "teaminvitation": ["view"],
    "entry": ["view"],
    "auditevent": ["view"],
}


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label="contests", content_type__model=model, codename=f"{action}_{model}")
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]
    wanted.append(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    group.permissions.add(*wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0002_contest_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
