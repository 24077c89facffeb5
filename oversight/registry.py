"""The law registry and the citation index: names → laws, items in force → the laws they cite.

A citation is resolved by its `law_key` against the laws' own keys and their aliases; a name no
law answers to is registered as a new, unverified law (the bureau verifies, renames or merges
it in the admin). Citations are written when a version is published (`index_version`), since a
published version never changes; which of them count is decided at read time by
`lists.selectors.current_items()` (in force is a date, not a status).
"""

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from lists.models import Item, ListVersion
from lists.selectors import current_items
from oversight.citations import law_key, parse_citations
from oversight.models import Citation, Law, LawAlias

FIELDS = (Citation.Field.LEGAL_BASIS, Citation.Field.LENIENCY_BASIS)


class LawResolver:
    """Names → laws, with two queries up front and one insert per new name."""

    def __init__(self):
        self.by_key = {law.key: law for law in Law.objects.all()}
        for alias in LawAlias.objects.select_related("law"):
            self.by_key.setdefault(alias.key, alias.law)

    def known(self, name: str) -> Law | None:
        return self.by_key.get(law_key(name))

    def resolve(self, name: str) -> Law:
        law = self.known(name)
        if law is None:
            law = Law.objects.create(name=name)
            self.by_key[law.key] = law
        elif not law.verified and len(name) > len(law.name) and law.key == law_key(name):
            # 《行政处罚法》 was seen first; 《中华人民共和国行政处罚法》 is its full name.
            law.name = name
            law.save(update_fields=["name"])
        return law


def citations_for(items, resolver: LawResolver) -> list[Citation]:
    rows = []
    for item in items:
        for field in FIELDS:
            for cited in parse_citations(getattr(item, field)):
                rows.append(
                    Citation(
                        item=item,
                        law=resolver.resolve(cited.name),
                        field=field,
                        cited_name=cited.name[:200],
                        edition=cited.edition[:200],
                        articles=cited.articles_text[:500],
                    )
                )
    return rows


def index_version(version: ListVersion, resolver: LawResolver | None = None) -> int:
    """Write the citations of a published version's items (again: replaces what was there)."""
    resolver = resolver or LawResolver()
    items = list(version.items.all())
    Citation.objects.filter(item__version=version).delete()
    created = Citation.objects.bulk_create(citations_for(items, resolver), ignore_conflicts=True)
    return len(created)


@transaction.atomic
def rebuild_index() -> int:
    """Re-read every published version (after aliases changed, or on an existing database)."""
    resolver = LawResolver()
    total = 0
    for version in ListVersion.objects.published():
        total += index_version(version, resolver)
    Law.objects.filter(verified=False, citations=None, tasks=None).delete()
    return total


@transaction.atomic
def merge_into(law: Law, alias: LawAlias) -> Law | None:
    """A new alias of `law` may name another (auto-registered) law: fold that one into `law`."""
    other = Law.objects.filter(key=alias.key).exclude(pk=law.pk).first()
    if other is None:
        return None
    for citation in other.citations.all():
        if not Citation.objects.filter(item=citation.item, law=law, field=citation.field).exists():
            citation.law = law
            citation.save(update_fields=["law"])
    other.tasks.update(law=law)
    other.citations.all().delete()
    other.delete()
    return other


def in_force_citations() -> QuerySet[Citation]:
    return Citation.objects.filter(item__in=current_items())


def cited_laws() -> QuerySet[Law]:
    """Every law cited by items in force, with `item_count` and `agency_count`."""
    in_force = Q(citations__item__in=current_items())
    return (
        Law.objects.annotate(
            item_count=Count("citations__item", filter=in_force, distinct=True),
            agency_count=Count(
                "citations__item__version__list__agency", filter=in_force, distinct=True
            ),
        )
        .filter(item_count__gt=0)
        .order_by("-item_count", "key")
    )


def citing_items(law: Law) -> QuerySet[Item]:
    """Items in force citing `law`, with their list, agency and list type, in directory order."""
    return (
        current_items()
        .filter(citations__law=law)
        .distinct()
        .select_related("version__list__agency", "version__list__list_type")
        .order_by(
            "version__list__agency__order",
            "version__list__agency__code",
            "version__list__list_type__order",
            "seq",
        )
    )


def articles_by_item(law: Law, items) -> dict[int, str]:
    """The articles of `law` each item cites (both columns together)."""
    found: dict[int, list[str]] = {}
    rows = Citation.objects.filter(law=law, item__in=[item.pk for item in items])
    for item_id, articles in rows.values_list("item_id", "articles"):
        for article in articles.split("、"):
            if article and article not in found.setdefault(item_id, []):
                found[item_id].append(article)
    return {item_id: "、".join(parts) for item_id, parts in found.items()}
