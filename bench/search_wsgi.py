"""gunicorn entry point for bench/search_bench.py: the real site plus /bench-hello/."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "bench.hello_urls"

from portal.wsgi import application  # noqa: E402,F401
