"""A new server process reads the facet index and compiles the main templates before its first request."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gfmd_portal import warmup
from tests.portal_server import Gunicorn
from tests.test_make_run import dev_env

from . import factories


@pytest.mark.django_db
def test_the_warm_up_reads_the_facet_index_and_its_labels_in_every_language():
    from recommendations import facet_index

    factories.recommendation(factories.roundtable(), 1, "Protect migrant workers")
    facet_index.clear()
    assert warmup.run() == []
    with CaptureQueriesContext(connection) as queries:
        index = facet_index.index_for("default")
        for language in ("en", "fr", "es"):
            index.labels("default", language)
    assert len(queries) == 1  # the versions, to see that nothing changed; no part and no label is read
    assert "recommendations_facet_version" in queries.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_a_failing_step_is_logged_and_skipped(caplog):
    ran = []

    def broken():
        raise RuntimeError("the database is down")

    def after():
        ran.append(True)

    warmup.register(broken)
    warmup.register(after)
    try:
        failed = warmup.run()
    finally:
        warmup._steps.remove(broken)
        warmup._steps.remove(after)
    assert failed == [broken.__qualname__]
    assert ran == [True]
    assert "warm-up step" in caplog.text and "the database is down" in caplog.text


def test_a_new_gunicorn_worker_warms_up_before_its_first_request(tmp_path):
    server = Gunicorn(dev_env(tmp_path), tmp_path / "gunicorn.log")
    try:
        assert server.get("/en/recommendations/").status == 200
        lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    finally:
        server.stop()
    events = [line.get("event") for line in lines]
    assert "warmed_up" in events and "request" in events
    assert events.index("warmed_up") < events.index("request")
    assert lines[events.index("warmed_up")]["failed"] == []
