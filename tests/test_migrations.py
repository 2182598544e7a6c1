import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_no_model_changes_without_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_migrations_apply_from_scratch_and_roll_back():
    executor = MigrationExecutor(connection)
    apps_to_reset = ["debate", "analysis", "sources", "people"]
    call_command("migrate", "debate", "zero", verbosity=0)
    for app in apps_to_reset[1:]:
        call_command("migrate", app, "zero", verbosity=0)
    executor.loader.build_graph()
    assert not any(app in apps_to_reset for app, _ in executor.loader.applied_migrations)
    call_command("migrate", verbosity=0)
    executor.loader.build_graph()
    applied = {app for app, _ in executor.loader.applied_migrations}
    assert set(apps_to_reset) <= applied
    assert "people_expert" in connection.introspection.table_names()
