"""废止: a list is marked abolished from the admin; nothing is deleted, history stays public."""

from django.urls import reverse

from lists import workflow
from lists.models import EnforcementList, Event, Item


def abolish_url(version):
    return reverse("admin:lists_listversion_abolish", args=[version.pk])


def test_clerk_abolishes_a_list_and_its_versions_stay_readable(client, clerk, published):
    client.force_login(clerk)
    page = client.get(
        reverse("admin:lists_listversion_change", args=[published.pk])
    ).content.decode()
    assert abolish_url(published) in page
    response = client.post(abolish_url(published), {"note": "所依据的规章已废止"})
    assert response.status_code == 302
    published.list.refresh_from_db()
    assert published.list.is_abolished
    assert Event.objects.get(version=published, action="abolish").note == "所依据的规章已废止"
    assert Item.objects.filter(version=published).count() == 3

    public = client.get(f"/agencies/{published.list.agency.code}/no-penalty/")
    assert public.status_code == 200 and "已废止" in public.content.decode()
    assert (
        "废止清单"
        not in client.get(
            reverse("admin:lists_listversion_change", args=[published.pk])
        ).content.decode()
    )


def test_abolish_needs_a_reason_and_writes_nothing_without_one(client, clerk, published):
    client.force_login(clerk)
    response = client.post(abolish_url(published), {"note": ""})
    assert response.status_code == 200
    assert "请填写废止理由。" in response.content.decode()
    assert not EnforcementList.objects.get(pk=published.list_id).is_abolished
    assert not Event.objects.filter(action="abolish").exists()


def test_reviewer_and_other_agency_cannot_abolish(client, reviewer, other_clerk, published):
    client.force_login(reviewer)
    client.post(abolish_url(published), {"note": "试图废止"})
    client.force_login(other_clerk)
    assert client.post(abolish_url(published), {"note": "试图废止"}).status_code == 404
    assert not EnforcementList.objects.get(pk=published.list_id).is_abolished
    assert not Event.objects.filter(action="abolish").exists()


def test_a_list_with_an_open_revision_cannot_be_abolished(client, clerk, published):
    draft = workflow.start_revision(published.list, acting_user=clerk)
    client.force_login(clerk)
    response = client.post(abolish_url(published), {"note": "所依据的规章已废止"}, follow=True)
    expected = workflow.OPEN_VERSION_EXISTS.format(number=draft.number, status="草稿")
    assert expected in response.content.decode()
    assert not EnforcementList.objects.get(pk=published.list_id).is_abolished
    assert not Event.objects.filter(action="abolish").exists()
