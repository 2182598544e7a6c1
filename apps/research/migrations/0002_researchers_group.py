"""Create the `researchers` group with its permissions (see apps/research/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from apps.research.roles import RESEARCHERS, grant


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=RESEARCHERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_taggit_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_initial"),
        ("sources", "0001_initial"),
        ("analysis", "0002_initial"),
        ("debate", "0002_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
