"""Organisers ("大赛组织者") manage judges and criteria and read assignments, scores and results
in the admin. Assignments, scores and results change only through the judging services."""

from django.db import migrations

GROUP = "大赛组织者"
PERMISSIONS = {
    "criterion": ["add", "change", "delete", "view"],
    "judgeprofile": ["add", "change", "view"],
    "judgeinvitation": ["view"],
    "assignment": ["view"],
    "score": ["view"],
    "scoreitem": ["view"],
    "roundresult": ["view"],
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
            Permission.objects.get(content_type__app_label="contests", content_type__model=model, codename=f"{action}_{model}")
            for model, actions in PERMISSIONS.items()
            for action in actions
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="contests", content_type__model__in=list(PERMISSIONS))
        )


class Migration(migrations.Migration):
    dependencies = [("contests", "0005_judging"), ("contests", "0003_organiser_group")]

    operations = [migrations.RunPython(grant, revoke)]
