"""Who sees and does what in oversight (roles from agencies.Membership, one place).

Bureau staff are the leads and reviewers of a justice bureau (and superusers, for every bureau):
they see the coverage, 备案 and reports of the agencies their bureau reviews. Leads (and
superusers) change the bureau's data: campaigns, exemptions, settings, the law registry.
"""

from django.db.models import QuerySet

from agencies.models import Agency, Membership

Role = Membership.Role
STAFF_ROLES = (Role.LEAD, Role.REVIEWER)


def bureaus_of(user, roles=STAFF_ROLES) -> QuerySet[Agency]:
    """The justice bureaus whose oversight pages the user may open."""
    bureaus = Agency.objects.filter(kind=Agency.Kind.JUSTICE)
    if not user.is_authenticated or not user.is_active:
        return bureaus.none()
    if user.is_superuser:
        return bureaus
    return bureaus.filter(memberships__user=user, memberships__role__in=roles).distinct()


def led_bureaus(user) -> QuerySet[Agency]:
    return bureaus_of(user, roles=(Role.LEAD,))


def is_bureau_staff(user) -> bool:
    return bureaus_of(user).exists()


def is_bureau_lead(user) -> bool:
    return led_bureaus(user).exists()


def overseen_agencies(bureau: Agency) -> QuerySet[Agency]:
    """The active agencies a bureau reviews (never another justice bureau)."""
    return Agency.objects.filter(review_bureau=bureau, active=True).exclude(
        kind=Agency.Kind.JUSTICE
    )
