"""gunicorn settings; every value can be overridden on the command line or with GUNICORN_CMD_ARGS.

`kill -HUP <master pid>` reloads gracefully: the master keeps the listening socket, starts new
workers that import the code afresh (no preload), and lets the old ones finish their requests
before they exit, so a deploy drops no request.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Sync workers: the portal's requests are short database reads, and a sync worker closes each
# connection after its response, so a reload never races a client reusing a keep-alive
# connection that an old worker is closing. Slow clients are the proxy's job: it buffers.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# A worker silent for `timeout` seconds is killed and replaced; a full CSV export of a large
# database streams for a while, hence more than the default 30. The database connect timeout
# (DJANGO_DB_CONNECT_TIMEOUT in the settings) is kept far below it, so an unreachable database
# is a 503 rather than a killed worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so slow memory growth never accumulates; jitter keeps them from
# restarting all at once.
max_requests = 2000
max_requests_jitter = 200

# Code is imported by each worker, so HUP picks up a new release.
preload_app = False


def post_worker_init(worker):
    """Before a new worker takes its first request: the facet index, its labels and the main pages'
    templates (gfmd_portal/warmup.py), so no delegate's page is the one to read them."""
    from gfmd_portal import warmup

    warmup.run()


# Access log and errors on stdout/stderr; the portal's own JSON request line is on stdout too.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'

# Signals manage the server; a control socket at a fixed default path would collide when two
# instances share a host.
control_socket_disable = True
