"""Settings for the test suite: development defaults (DEBUG=1 unless the environment says
otherwise, so static files need no collectstatic), then the real settings module unchanged."""

import os

os.environ.setdefault("DEBUG", "1")

import tempfile  # noqa: E402

from portal.settings import *  # noqa: E402,F403

# Downloads built during tests go to a folder of their own, removed with the temp folder.
STORAGES["exports"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="qingdan-exports-")  # noqa: F405
# A second alias on the same database, for the replica router's tests (tests/test_replicas.py
# turns DATABASE_REPLICAS on); no other test reads from it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# One process plays every worker: no local copy of the generation.
PUBLIC_GENERATION_LOCAL_SECONDS = 0.0
