from django.core.management import call_command

from lists.models import Event, Item, ListVersion, ReviewComment


def snapshot():
    return {
        "versions": sorted(
            ListVersion.objects.values_list(
                "list__agency__code", "list__list_type__code", "number", "status"
            )
        ),
        "items": sorted(
            Item.objects.values_list("version__list__agency__code", "seq", "matter", "key")
        ),
        "events": Event.objects.count(),
        "comments": ReviewComment.objects.count(),
    }


def test_load_demo_twice_leaves_the_same_data(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first


def test_demo_holds_the_states_the_product_needs(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    sthj = ListVersion.objects.filter(list__agency__code="sthj", list__list_type__code="no-penalty")
    assert list(sthj.order_by("number").values_list("status", flat=True)) == [
        "superseded",
        "published",
    ]
    assert sthj.get(number=2).items.count() == 40
    published_types = set(
        ListVersion.objects.current().values_list("list__list_type__code", flat=True)
    )
    assert published_types == {"no-penalty", "lighter-penalty", "mitigated-penalty", "no-coercion"}
    assert ListVersion.objects.filter(status="submitted").exists()
    returned = ListVersion.objects.get(status="returned")
    assert returned.comments.exists() and returned.review_opinion
