"""Organisers keep the working-day calendar (cms.CalendarDay, 设置 › 节假日安排) that the data desk's
answer clock counts on."""

from django.db import migrations

GROUP = "大赛组织者"
ACTIONS = ("add", "change", "delete", "view")


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
        *Permission.objects.filter(
            content_type__app_label="cms", codename__in=[f"{action}_calendarday" for action in ACTIONS]
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="cms", codename__in=[f"{action}_calendarday" for action in ACTIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0014_challenges_data_desk"),
        ("cms", "0009_calendar_days_2026"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
