"""What a new server process does before its first request, so no delegate's page pays for it.

The portal's URL resolvers and templates are always read; apps register their own steps (the
recommendations app reads the facet index) when they are ready. gunicorn.conf.py runs them in
each new worker before it accepts a request (`post_worker_init`). A step that fails, for
instance while the database is down, is logged and skipped: the first page then does the work
itself, as it would without a warm-up.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger("gfmd_portal.warmup")


def urls():
    """Import every view and build the URL resolvers of each language, as the first reverse() would."""
    resolver = get_resolver()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            resolver.resolve(f"/{language}/")
            for namespace in resolver.namespace_dict:
                resolver.namespace_dict[namespace][1].app_dict  # noqa: B018 - built on first use


def register(step):
    """Add a step (a callable without arguments) to every new process's warm-up."""
    if step not in _steps:
        _steps.append(step)


def templates():
    """Compile every template of the portal's own (settings.TEMPLATES' DIRS), which the cached
    loader then keeps: pages, and the parts they include, which Django compiles on first render."""
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())


_steps = [urls, templates]


def run():
    """Run every step; return the names of those that failed."""
    started, failed = time.perf_counter(), []
    for step in _steps:
        try:
            step()
        except Exception:
            failed.append(step.__qualname__)
            logger.warning("warm-up step %s failed", step.__qualname__, exc_info=True)
    # The worker's requests open their own connections (one still in a transaction is left be).
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
    logger.info(
        "warmed up in %d ms",
        (time.perf_counter() - started) * 1000,
        extra={"event": "warmed_up", "steps": len(_steps), "failed": failed},
    )
    return failed
