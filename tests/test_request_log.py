"""One structured log line per request: method, path, status and duration."""

import json
import logging

import pytest

from gfmd_portal.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [record for record in caplog.records if record.name == "gfmd_portal.requests"]


def test_each_request_logs_one_line_with_method_path_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="gfmd_portal.requests"):
        client.get("/healthz")
        client.get("/no-such-page/?q=x")
    first, second = request_records(caplog)
    assert (first.method, first.path, first.status) == ("GET", "/healthz", 200)
    assert (second.method, second.path, second.status, second.query) == ("GET", "/no-such-page/", 404, "q=x")
    assert first.duration_ms >= 0 and first.client == "127.0.0.1"


def test_a_streamed_export_logs_once_when_the_stream_ends(client, caplog):
    with caplog.at_level(logging.INFO, logger="gfmd_portal.requests"):
        response = client.get("/recommendations/export.csv")
        assert request_records(caplog) == []
        b"".join(response.streaming_content)
        response.close()
    [record] = request_records(caplog)
    assert (record.path, record.status) == ("/recommendations/export.csv", 200)


def test_log_lines_are_json_objects_with_the_request_fields(client, caplog):
    with caplog.at_level(logging.INFO, logger="gfmd_portal.requests"):
        client.get("/healthz")
    line = JsonFormatter().format(request_records(caplog)[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["logger"] == "gfmd_portal.requests" and entry["level"] == "INFO"
    assert {"time", "method", "path", "status", "duration_ms"} <= entry.keys()
    assert entry["status"] == 200


def test_server_errors_are_logged_at_error_level(client, caplog, settings):
    settings.ROOT_URLCONF = "tests.urls_errors"
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO, logger="gfmd_portal.requests"):
        client.get("/boom/")
    [record] = request_records(caplog)
    assert record.status == 500 and record.levelno == logging.ERROR
