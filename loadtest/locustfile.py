"""Mixed visitor traffic for `make loadtest`: home, lists with filters, search, details and exports.

Run by loadtest/run.py, which passes the slugs, codes and ids to ask for in LOADTEST_SAMPLE (a
JSON file taken from the database under test), so every request names something that exists.
"""

import json
import os
import random

from locust import HttpUser, constant, task

SAMPLE = json.loads(open(os.environ["LOADTEST_SAMPLE"]).read())  # noqa: SIM115
WORDS = SAMPLE["words"]


def pick(key):
    return random.choice(SAMPLE[key])


def page(path):
    """A public page in one of the portal's languages, as delegates spread across them."""
    return f"/{random.choice(('en', 'fr', 'es'))}{path}"


class Visitor(HttpUser):
    """A delegate or analyst clicking without pause: each user keeps one request in flight."""

    wait_time = constant(0)

    def on_start(self):
        # What the TLS-terminating proxy adds in production.
        self.client.headers["X-Forwarded-Proto"] = "https"

    def get(self, path, name, **params):
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(2)
    def home(self):
        self.get(page("/"), "home")

    @task(1)
    def roundtables(self):
        self.get(page("/roundtables/"), "roundtable list")

    @task(2)
    def roundtable(self):
        self.get(page(f"/roundtables/{pick('roundtables')}/"), "roundtable detail")

    @task(5)
    def filtered_list(self):
        # Not ?roundtable=<slug> yet: the list answers 500 for it (the filter compares the slug with the id).
        params = random.choice(
            [
                {"theme": pick("themes")},
                {"country": pick("countries")},
                {"theme": pick("themes"), "country": pick("countries"), "sort": "-updated"},
                {"framework": pick("frameworks"), "year": pick("years")},
                {"theme": pick("themes"), "page": random.randint(2, 5)},
            ]
        )
        self.get(page("/recommendations/"), "list with filters", **params)

    @task(3)
    def search(self):
        params = {"q": random.choice(WORDS)}
        if random.random() < 0.3:
            params["theme"] = pick("themes")
        self.get(page("/recommendations/"), "search", **params)

    @task(5)
    def recommendation(self):
        self.get(page(f"/recommendations/{pick('recommendations')}/"), "recommendation detail")

    @task(1)
    def country(self):
        self.get(page(f"/countries/{pick('countries')}/"), "country")

    @task(1)
    def export_csv(self):
        self.get("/recommendations/export.csv", "export csv", theme=pick("themes"), country=pick("countries"))

    @task(1)
    def export_json(self):
        self.get("/recommendations/export.json", "export json", theme=pick("themes"), year=pick("years"))
