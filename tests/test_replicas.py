"""The replica router (portal/db_router.py, portal.middleware.ReplicaMiddleware): public reads
from a replica, the admin, the workflow and writers from the primary. `replica` is a second
alias on the test database (portal/test_settings.py), so both see the same rows."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lists import workflow
from lists.models import ListVersion
from portal.db_router import ReplicaRouter, reading_from_replicas
from portal.middleware import PIN_COOKIE
from tests.conftest import published_version

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)
LIST_URL = "/agencies/scjg/no-penalty/"


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica"]


def selects(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]


def test_reads_go_to_the_replica_only_inside_a_public_read(replicas):
    router = ReplicaRouter()
    assert router.db_for_read(ListVersion) == "default"
    with reading_from_replicas():
        assert router.db_for_read(ListVersion) == "replica"
        assert router.db_for_write(ListVersion) == "default"
    assert router.allow_migrate("replica", "lists") is False
    assert router.allow_migrate("default", "lists") is True


def test_a_public_page_reads_from_the_replica(replicas, agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = Client().get(LIST_URL)
    assert response.status_code == 200
    assert any("lists_item" in sql for sql in selects(replica))
    # The primary answers one question only: the publication generation (lists/generation.py).
    assert [sql for sql in selects(primary) if "lists_sitegeneration" not in sql] == []


def test_the_admin_reads_from_the_primary(replicas, client, clerk):
    client.force_login(clerk)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/admin/").status_code == 200
    assert selects(replica) == []


def test_whoever_just_wrote_reads_their_write_from_the_primary(replicas, agency, clerk, reviewer):
    version = published_version(agency, clerk, reviewer)
    client = Client()
    client.force_login(clerk)
    revision = workflow.start_revision(version.list, acting_user=clerk)
    response = client.post(
        f"/admin/lists/listversion/{revision.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.cookies[PIN_COOKIE].value == "1"
    assert response.cookies[PIN_COOKIE]["max-age"] == 30
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(LIST_URL).status_code == 200
    assert selects(replica) == []


def test_without_replicas_everything_uses_the_primary(agency, clerk, reviewer):
    published_version(agency, clerk, reviewer)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert Client().get(LIST_URL).status_code == 200
    assert selects(replica) == []
