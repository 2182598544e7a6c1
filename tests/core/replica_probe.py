"""Run by tests/core/test_replicas.py in a process of its own, against a real primary and a
real streaming standby (DATABASE_URL, DATABASE_REPLICA_URLS): what each request read from and
saw, as JSON on stdout. Not a test module itself (the test runner's mirrors would hide the
standby); it uses Django's test client on the real databases."""

import json
import os
import sys
import time

import django
import django.test.utils

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinadebate.settings")
django.setup()
django.test.utils.setup_test_environment()  # responses carry their template context

from django.contrib.auth.models import User  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from apps.people.models import Expert  # noqa: E402

ALIASES = ("default", "replica_1")


class QueryLog:
    """Which database alias ran each query of a request."""

    def __init__(self):
        self.used: list[str] = []

    def __enter__(self):
        self.wrappers = []
        for alias in ALIASES:

            def wrapper(execute, sql, params, many, context, alias=alias):
                self.used.append(alias)
                return execute(sql, params, many, context)

            connections[alias].execute_wrappers.append(wrapper)
            self.wrappers.append((alias, wrapper))
        return self

    def __exit__(self, *exc):
        for alias, wrapper in self.wrappers:
            connections[alias].execute_wrappers.remove(wrapper)


def visit(client: Client, path: str, **extra) -> dict:
    with QueryLog() as log:
        response = client.get(path, **extra)
    return {
        "status": response.status_code,
        "read_from": response.get("X-Read-From"),
        "aliases": sorted(set(log.used)),
        "body": response.content.decode(),
    }


def admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged: the form, its inlines and
    their management forms."""
    data: dict = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                value = [str(v) for v in value]
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def replay(paused: bool) -> None:
    with connections["replica_1"].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")


def main() -> None:
    expert = Expert.objects.using("default").order_by("pk").first()
    page = expert.get_absolute_url()
    results: dict = {"page": page}
    visitor, researcher = Client(), Client()

    results["visitor"] = visit(visitor, page)
    results["healthz"] = visit(visitor, "/healthz")

    User.objects.db_manager("default").create_superuser("rita", password="a-long-password-1")
    time.sleep(1)  # the new user reaches the standby
    with QueryLog() as log:
        signed_in = researcher.post(
            "/admin/login/?next=/admin/", {"username": "rita", "password": "a-long-password-1"}
        )
    results["login"] = {
        "status": signed_in.status_code,
        "aliases": sorted(set(log.used)),
        "pin_cookie": "primary_until" in signed_in.cookies,
    }
    results["admin"] = {k: v for k, v in visit(researcher, "/admin/").items() if k != "body"}

    # The standby stops replaying: what the primary writes now, it does not have yet.
    change = f"/admin/people/expert/{expert.pk}/change/"
    data = admin_form_data(researcher.get(change))
    data["name"] = f"{expert.name} (renamed)"
    replay(paused=True)
    try:
        with QueryLog() as log:
            saved = researcher.post(change, data)
        results["save"] = {
            "status": saved.status_code,
            "aliases": sorted(set(log.used)),
            "pins": "primary_until" in saved.cookies,
        }
        results["author_after_save"] = visit(researcher, page)
        results["visitor_while_replica_lags"] = visit(visitor, page)
    finally:
        replay(paused=False)
    for _ in range(50):
        seen = visit(visitor, page)
        if "(renamed)" in seen["body"]:
            break
        time.sleep(0.1)
    results["visitor_after_replay"] = seen
    for value in results.values():
        if isinstance(value, dict) and "body" in value:
            value["has_new_name"] = "(renamed)" in value.pop("body")
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
