"""The shared cache as an optimisation, never a dependency.

Every public page reads and writes the cache through these functions: when the backend fails
(Redis stopped, unreachable, timing out), they answer as if the key were missing and the page
is built from the database. After a failure the cache is left alone for RETRY_SECONDS in this
process, so an outage costs one failed call per worker every few seconds, not one per lookup.
"""

import logging
import time
from functools import lru_cache

from django.core.cache import cache
from django.templatetags.static import static

RETRY_SECONDS = 5.0
log = logging.getLogger(__name__)
_state = {"down_until": 0.0}


def _available() -> bool:
    return time.monotonic() >= _state["down_until"]


def _failed(error: Exception) -> None:
    if _available():
        log.warning("cache unavailable, serving from the database: %s", error)
    _state["down_until"] = time.monotonic() + RETRY_SECONDS


def get(key: str, default=None):
    if not _available():
        return default
    try:
        return cache.get(key, default)
    except Exception as error:  # any backend error: the cache is optional
        _failed(error)
        return default


def set(key: str, value, timeout: int | None = None) -> None:  # noqa: A001
    if not _available():
        return
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _failed(error)


def delete(key: str) -> None:
    if not _available():
        return
    try:
        cache.delete(key)
    except Exception as error:
        _failed(error)


def reset() -> None:
    """Forget a recorded failure (tests, and after configuration changes)."""
    _state["down_until"] = 0.0


@lru_cache(maxsize=1)
def static_build() -> str:
    """A short name of the deployed static files: their hashed names change with each build
    (ManifestStaticFilesStorage), and a page cached under an old build links dead files."""
    names = [static("portal/site.css"), static("portal/site.js")]
    return "-".join(name.rsplit("/", 1)[-1].split(".")[-2] for name in names)
