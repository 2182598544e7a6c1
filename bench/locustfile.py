"""Locust users for bench/loadtest.py: policy officers clicking through facet selections.

The URL mix comes from the JSON file named by BENCH_URLS (written by bench/loadtest.py from the
bench database, so every slug exists). Each user requests URLs back to back, with no think time:
32 users then measure what the server sustains, not how patient the users are.
"""

import json
import os
import random

from locust import HttpUser, constant, task

with open(os.environ["BENCH_URLS"], encoding="utf-8") as urls_file:
    URLS = json.load(urls_file)


class PolicyOfficer(HttpUser):
    wait_time = constant(0)

    @task
    def browse(self):
        item = random.choice(URLS)
        headers = {"HX-Request": "true"} if item["htmx"] else {}
        self.client.get(item["url"], name=item["name"], headers=headers)
