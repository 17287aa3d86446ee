"""Organisers ("大赛组织者") set up award categories and read the outcome records in the admin.
Advancement, awards, publications, appeals and promotions change only through the outcome
services (which check ``contests.manage_outcomes``-style rules themselves)."""

from django.db import migrations

GROUP = "大赛组织者"
PERMISSIONS = {
    "awardcategory": ["add", "change", "delete", "view"],
    "award": ["view"],
    "advancementdecision": ["view"],
    "resultpublication": ["view"],
    "appeal": ["view"],
    "promotion": ["view"],
    "judgereminder": ["view"],
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
    dependencies = [("contests", "0009_outcomes")]

    operations = [migrations.RunPython(grant, revoke)]
