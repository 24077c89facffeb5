"""Who may do what, in one place.

Roles are memberships: a clerk or lead of agency A edits A's lists; a lead of a justice bureau
also acts for every agency that bureau reviews; a reviewer of a bureau reviews the agencies whose
`review_bureau` it is. Superusers may do what clerks and leads do, everywhere, but reviewing is
kept to reviewers (the legality review is the bureau's act, not the site admin's).
"""

from django.db.models import Q, QuerySet

from agencies.models import Agency, Membership

Role = Membership.Role


def _ids(condition: Q) -> QuerySet:
    return Agency.objects.filter(condition).values("pk")


def editable_agency_ids(user) -> QuerySet:
    return _ids(
        Q(memberships__user=user, memberships__role__in=[Role.CLERK, Role.LEAD])
        | Q(review_bureau__memberships__user=user, review_bureau__memberships__role=Role.LEAD)
    )


def reviewable_agency_ids(user) -> QuerySet:
    return _ids(
        Q(review_bureau__memberships__user=user, review_bureau__memberships__role=Role.REVIEWER)
    )


def led_agency_ids(user) -> QuerySet:
    """Agencies reviewed by a bureau this user leads (the lead watches and assigns their reviews)."""
    return _ids(
        Q(review_bureau__memberships__user=user, review_bureau__memberships__role=Role.LEAD)
    )


def dual_role_agencies(user) -> QuerySet:
    """Agencies this user edits (clerk or lead) and also reviews: one person, both sides."""
    return Agency.objects.filter(
        Q(memberships__user=user, memberships__role__in=[Role.CLERK, Role.LEAD])
        & Q(review_bureau__memberships__user=user, review_bureau__memberships__role=Role.REVIEWER)
    ).distinct()


def visible_agency_ids(user) -> QuerySet:
    return _ids(
        Q(memberships__user=user)
        | Q(
            review_bureau__memberships__user=user,
            review_bureau__memberships__role__in=[Role.REVIEWER, Role.LEAD],
        )
    )


def can_edit_agency(user, agency: Agency) -> bool:
    """Edit drafts, import, submit, withdraw and publish for this agency."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return editable_agency_ids(user).filter(pk=agency.pk).exists()


def can_review_agency(user, agency: Agency) -> bool:
    """Approve, return and comment on this agency's submitted versions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return reviewable_agency_ids(user).filter(pk=agency.pk).exists()


def has_role(user, role: str) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, role=role).exists()


def can_edit_synonyms(user) -> bool:
    """Keep the search synonyms (检索同义词): site admins and the 司法局's leads and reviewers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, agency__kind=Agency.Kind.JUSTICE, role__in=[Role.LEAD, Role.REVIEWER]
    ).exists()


def can_edit_public_texts(user) -> bool:
    """Keep the explanations of the list types and the holiday table: site admins and the
    leads of a 司法局 (texts the public reads and clocks every agency runs on)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, agency__kind=Agency.Kind.JUSTICE, role=Role.LEAD
    ).exists()
