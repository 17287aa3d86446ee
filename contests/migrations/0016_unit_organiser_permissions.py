"""Organisers ("大赛组织者") register units (出题单位) and their members, and look after 赛题 in the
admin: units are added and edited (deleted by superusers only: challenges and needs PROTECT them),
members are added (by e-mail) and removed, challenges are viewed and their review flag changed
(the units create them in their workspace)."""

from django.db import migrations

GROUP = "大赛组织者"
PERMISSIONS = {
    ("scenes", "unit"): ["add", "change", "view"],
    ("scenes", "unitmember"): ["add", "delete", "view"],
    ("contests", "challenge"): ["change", "view"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=f"{action}_{model}")
            for (app, model), actions in PERMISSIONS.items()
            for action in actions
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        for (app, model), actions in PERMISSIONS.items():
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app, codename__in=[f"{action}_{model}" for action in actions]
                )
            )


class Migration(migrations.Migration):
    dependencies = [("contests", "0015_organisers_keep_calendar"), ("scenes", "0007_needs_units_open_data")]

    operations = [migrations.RunPython(grant, revoke)]
