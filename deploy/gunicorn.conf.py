"""gunicorn settings for the portal (`gunicorn portal.wsgi -c deploy/gunicorn.conf.py`).

Measured on the 2-core bench machine (README, "Scale"): sync workers, 2 × cores + 1. Pages are
served from the shared cache in about a millisecond, so a worker is busy for very little time
and threads or greenlets add overhead rather than throughput; slow work (a cold 10,000-row
download, a search) stays bounded by `timeout`. Override any of these on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
timeout = 60
graceful_timeout = 30
# gunicorn 27 opens a control socket (~/.gunicorn/gunicorn.ctl) shared by every gunicorn of
# the same user; several sites (or a bench next to the site) would talk to each other's.
control_socket_disable = True
# Behind nginx on the same host: trust its X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
