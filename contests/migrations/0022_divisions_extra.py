"""Organisers ("大赛组织者") set divisions (分赛区) up in the admin: the divisions of a contest and
their per-track quotas are added, edited and deleted (a division with teams is PROTECTed by them).
Managers and team moves go through their own pages and services, not these permissions."""

from django.db import migrations

GROUP = "大赛组织者"
PERMISSIONS = {
    ("contests", "division"): ["add", "change", "delete", "view"],
    ("contests", "divisiontrackquota"): ["add", "change", "delete", "view"],
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
    dependencies = [("contests", "0021_provincial_scale")]

    operations = [migrations.RunPython(grant, revoke)]
