"""Organisers ("大赛组织者") configure the entry form's questions (作品表单字段) in the admin: add,
change and view. Deleting is for superusers: a question with answers is switched off instead."""

from django.db import migrations

GROUP = "大赛组织者"
CODENAMES = ["add_entryformfield", "change_entryformfield", "view_entryformfield"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="contests", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="contests", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("contests", "0023_division_rounds")]

    operations = [migrations.RunPython(grant, revoke)]
