"""The publication generation: one number that changes whenever what the public sees changes
by a write (a publication, a supersession, an abolition, an agency or list type edited).

Entry into force needs no write (lists.in_force): cache keys carry the effective-date state
instead (lists.list_state). The number lives in the database, written in the same transaction
as the change (lists.workflow), so it is never lost; the shared cache keeps a copy for
GENERATION_TTL seconds so that most requests read it without touching the database. The copy
is dropped at once and again after commit, so the publishing request and every request after
the commit see the new number; if the cache is down at that moment, the copy expires by itself.
Each process also keeps the number for PUBLIC_GENERATION_LOCAL_SECONDS (1 s) without asking the
cache: the process that published forgets it at once, the others within that second.
"""

import time

from django.conf import settings
from django.db import DatabaseError, models, router, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from lists import public_cache

KEY = "public:generation"
GENERATION_TTL = 30


class SiteGeneration(models.Model):
    value = models.BigIntegerField(_("公开数据版本"), default=0)

    class Meta:
        verbose_name = _("公开数据版本")
        verbose_name_plural = _("公开数据版本")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.value)


_local = {"value": None, "until": 0.0}


def current() -> int:
    """The generation now: from this process's copy (PUBLIC_GENERATION_LOCAL_SECONDS old at
    most), else from the shared cache, else from the primary database."""
    now = time.monotonic()
    if _local["value"] is not None and now < _local["until"]:
        return _local["value"]
    value = _shared()
    _local["value"], _local["until"] = value, now + settings.PUBLIC_GENERATION_LOCAL_SECONDS
    return value


def forget_local() -> None:
    _local["value"] = None


def _shared() -> int:
    value = public_cache.get(KEY)
    if value is None:
        # The primary, never a replica: a lagging replica would cache an old number.
        primary = router.db_for_write(SiteGeneration)
        try:
            value = (
                SiteGeneration.objects.using(primary)
                .filter(pk=1)
                .values_list("value", flat=True)
                .first()
            ) or 0
        except DatabaseError:
            # The database is restarting: pages already cached keep being served under the
            # last number this process knew (nothing can be published meanwhile).
            if _local["value"] is None:
                raise
            return _local["value"]
        public_cache.set(KEY, value, GENERATION_TTL)
    return value


def bump() -> None:
    """Call inside the transaction that changes public data."""
    if not SiteGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        # A new database starts from the clock, not from 1, so that a cache still holding
        # entries of an older database (restored, rebuilt) never matches its numbers.
        SiteGeneration.objects.get_or_create(pk=1, defaults={"value": time.time_ns()})
    forget_local()
    public_cache.delete(KEY)
    transaction.on_commit(lambda: (forget_local(), public_cache.delete(KEY)))
