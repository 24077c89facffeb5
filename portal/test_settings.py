"""Settings for the test suite: development defaults (DEBUG=1 unless the environment says
otherwise, so static files need no collectstatic), then the real settings module unchanged."""

import os

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402,F403
