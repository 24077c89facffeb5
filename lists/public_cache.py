"""The shared cache as an optimisation, never a dependency.

Every public page reads and writes the cache through these functions: when the backend fails
(Redis stopped, unreachable, timing out), they answer as if the key were missing and the page
is built from the database. After a failure the cache is left alone for RETRY_SECONDS in this
process, so an outage costs one failed call per worker every few seconds, not one per lookup.
"""

import logging
import threading
import time
from collections import OrderedDict
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


class LocalCopies:
    """Entries under keys whose value can never change (the key names the content: a version's
    signature, a generation), kept in this process too, up to `limit` bytes, least recently
    used first out: a hit costs no round trip to the shared cache and no unpickling."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                return entry[0]
        return None

    def put(self, key: str, value, size: int) -> None:
        if size > self.limit // 8:
            return
        with self.lock:
            if key in self.entries:
                self.size -= self.entries.pop(key)[1]
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.limit:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


LOCAL = LocalCopies(limit=64 * 2**20)


def get(key: str, default=None, *, immutable: bool = False):
    if immutable and (value := LOCAL.get(key)) is not None:
        return value
    if not _available():
        return default
    try:
        value = cache.get(key, default)
    except Exception as error:  # any backend error: the cache is optional
        _failed(error)
        return default
    if immutable and value is not default:
        LOCAL.put(key, value, _size(value))
    return value


def set(key: str, value, timeout: int | None = None, *, immutable: bool = False) -> None:  # noqa: A001
    if immutable:
        LOCAL.put(key, value, _size(value))
    if not _available():
        return
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _failed(error)


def _size(value) -> int:
    return int(getattr(value, "size", 0)) or 512


def add(key: str, value, timeout: int) -> bool | None:
    """Set `key` only if it is absent: True if set, False if present, None if the cache is
    unavailable (callers then go ahead as if they had the key)."""
    if not _available():
        return None
    try:
        return cache.add(key, value, timeout)
    except Exception as error:
        _failed(error)
        return None


def delete(key: str) -> None:
    if not _available():
        return
    try:
        cache.delete(key)
    except Exception as error:
        _failed(error)


def reset() -> None:
    """Forget a recorded failure and the local copies (tests, configuration changes)."""
    from lists import generation

    _state["down_until"] = 0.0
    LOCAL.clear()
    generation.forget_local()


@lru_cache(maxsize=1)
def static_build() -> str:
    """A short name of the deployed static files: their hashed names change with each build
    (ManifestStaticFilesStorage), and a page cached under an old build links dead files."""
    names = [static("portal/site.css"), static("portal/site.js")]
    return "-".join(name.rsplit("/", 1)[-1].split(".")[-2] for name in names)
