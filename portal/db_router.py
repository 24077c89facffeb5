"""Read replicas: public reads go to a replica, everything else to the primary.

`portal.middleware.ReplicaMiddleware` opens the replicas for a request only when it is a
GET/HEAD outside /admin/ from a client that has not written anything in the last
REPLICA_PIN_SECONDS (read-your-writes: the clerk who just published sees the publication at
once, whatever the replication lag). Management commands, the workflow, the admin and tests
read from the primary. Writes always go to the primary; migrations run there only.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
_replicas_open: ContextVar[bool] = ContextVar("replicas_open", default=False)


@contextmanager
def reading_from_replicas():
    token = _replicas_open.set(True)
    try:
        yield
    finally:
        _replicas_open.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICAS
        if replicas and _replicas_open.get():
            return random.choice(replicas)
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
