"""Run by tests/durability/test_backup.py in a process of its own against DATABASE_URL: the
sha256 of each public page's body and of the dataset download, as JSON on stdout. Not a test
module itself (the test runner would point Django at its own test database)."""

import hashlib
import json
import os
import sys

import django
import django.test.utils

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinadebate.settings")
django.setup()
django.test.utils.setup_test_environment()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from apps.analysis.models import Chapter  # noqa: E402
from apps.people.models import Expert  # noqa: E402
from apps.sources.models import Publication  # noqa: E402


def addresses() -> list[str]:
    chapter = Chapter.objects.select_related("analysis").order_by("pk").first()
    return [
        "/",
        "/viewpoints/",
        "/viewpoints/?stance=supports",
        "/viewpoints/export.csv",
        "/viewpoints/export.json",
        "/themes/",
        "/experts/",
        f"/experts/{Expert.objects.order_by('slug').first().slug}/",
        "/publications/",
        f"/publications/{Publication.objects.order_by('slug').first().slug}/",
        chapter.get_absolute_url(),
        "/search/?q=数据",
        "/feeds/sources/",
    ]


def main() -> int:
    client = Client()
    pages = {}
    for address in addresses():
        response = client.get(address)
        pages[address] = [response.status_code, hashlib.sha256(response.content).hexdigest()]
    download = client.get(f"/downloads/chinadebate-{settings.DATASET_VERSION}.zip")
    pages["download"] = [download.status_code, hashlib.sha256(download.content).hexdigest()]
    json.dump(pages, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
