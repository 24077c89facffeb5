"""What every open-data endpoint shares: anonymous, read-only, throttled, cacheable.

Conditional GET: every successful GET carries an ETag and a Last-Modified and answers 304 to a
matching If-None-Match / If-Modified-Since. Endpoints over immutable data (a published version)
know their validators before the heavy query and may answer 304 early (`not_modified`); the
others hash the rendered body, which is always right whatever changed (an agency renamed in the
admin changes the ETag even though no publication happened).
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from lists import generation, in_force, public_cache
from lists.models import Event
from portal.network import client_ip

logger = logging.getLogger(__name__)

READ_ONLY = (
    "开放数据接口只读，不接受 {method} 请求。This API is read-only: {method} is not allowed."
)
TOO_MANY = "请求过于频繁，请稍后再试。Too many requests, please slow down."
RETRY_AFTER = "请在 {wait} 秒后重试。Retry after {wait} seconds."

# Seconds a browser or CDN may keep a response. A published version never changes.
SHORT_MAX_AGE = 60
LONG_MAX_AGE = 30 * 24 * 3600

API_TTL = 24 * 3600


class CachedDocument(Exception):
    """A cache hit, raised out of `initial()` so that the handler does not run."""

    def __init__(self, response):
        super().__init__("cached")
        self.response = response


@dataclass(frozen=True)
class CachedBody:
    content: bytes
    etag: str
    last_modified: datetime | None

    @property
    def size(self) -> int:
        return len(self.content)


# The actions that change what the public sees.
PUBLIC_ACTIONS = (
    Event.Action.PUBLISH,
    Event.Action.IN_FORCE,
    Event.Action.SUPERSEDE,
    Event.Action.ABOLISH,
)


def public_events():
    """Public changes whose time has come: 施行 and 被新版本替代 are dated by the 施行日期,
    which may be ahead (lists.succession); they appear on that day, no scheduler needed."""
    return Event.objects.filter(action__in=PUBLIC_ACTIONS, at__lte=timezone.now())


class RateLimited(exceptions.Throttled):
    default_detail = TOO_MANY
    extra_detail_singular = RETRY_AFTER
    extra_detail_plural = RETRY_AFTER


class ApiAnonThrottle(AnonRateThrottle):
    """AnonRateThrottle reading its rate at request time, so settings overrides apply, and
    counting per client address as portal.network sees it (DRF's own reading trusts any
    X-Forwarded-For a client sends)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        # The throttle counts in the shared cache; with the cache down the API keeps answering
        # (uncounted) rather than failing every request.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("API throttle not counted: cache unavailable", exc_info=True)
            return True


def public_data_stamp() -> datetime | None:
    """When the published data last changed: the latest publication, entry into force or
    abolition."""
    return public_events().aggregate(at=Max("at"))["at"]


def body_etag(content: bytes) -> str:
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


class OpenDataMixin:
    """Mixed into every API view, before the DRF view class."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ApiAnonThrottle]
    renderer_classes = [JSONRenderer]
    max_age = SHORT_MAX_AGE
    cache_documents = True  # JSON bodies go to the shared cache (file views stream files)

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(
            request.method, detail=READ_ONLY.format(method=request.method)
        )

    def throttled(self, request, wait):
        raise RateLimited(wait)

    def get_validators(self) -> tuple[str | None, datetime | None]:
        """(ETag, Last-Modified); a None ETag means: hash the body."""
        return None, public_data_stamp()

    def validators(self) -> tuple[str | None, datetime | None]:
        if not hasattr(self, "_validators"):
            self._validators = self.get_validators()
        return self._validators

    def not_modified(self, request) -> HttpResponse | None:
        """A 304 when the client's copy is current, decided before building the body."""
        etag, last_modified = self.validators()
        answer = self._conditional(request, HttpResponse(), etag, last_modified)
        return answer if answer.status_code == 304 else None

    def initial(self, request, *args, **kwargs):
        """After throttling: JSON documents from the shared cache, under the publication
        generation and the day (what is in force); published data changes only with those."""
        super().initial(request, *args, **kwargs)
        if request.method != "GET" or not self.cache_documents:
            return
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha1(address.encode(), usedforsecurity=False).hexdigest()
        key = f"api:{generation.current()}:{in_force.today().isoformat()}:{digest}"
        body = public_cache.get(key, immutable=True)
        if body is not None:
            # Its validators were stored with it: no query for Last-Modified, no hashing.
            self._validators = (body.etag, body.last_modified)
            raise CachedDocument(HttpResponse(body.content, content_type="application/json"))
        request._api_cache_key = key

    def handle_exception(self, exc):
        if isinstance(exc, CachedDocument):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if key := getattr(request, "_api_cache_key", None):
            response.render()
            etag, last_modified = self.validators()
            body = CachedBody(response.content, etag or body_etag(response.content), last_modified)
            public_cache.set(key, body, API_TTL, immutable=True)
            self._validators = (body.etag, last_modified)
        etag, last_modified = self.validators()
        if etag is None:
            if hasattr(response, "render"):
                response.render()
            etag = body_etag(response.content)
        return self._conditional(request, response, etag, last_modified)

    def _conditional(self, request, response, etag, last_modified):
        response["ETag"] = etag
        stamp = None
        if last_modified is not None:
            stamp = int(last_modified.timestamp())
            response["Last-Modified"] = http_date(stamp)
        patch_cache_control(response, public=True, max_age=self.max_age)
        answer = get_conditional_response(
            request, etag=etag, last_modified=stamp, response=response
        )
        answer["Access-Control-Allow-Origin"] = "*"
        return answer
