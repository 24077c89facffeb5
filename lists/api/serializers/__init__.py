"""Open-data serializers: published content only, no people, no review internals.

Querysets are prepared by the views (select_related / prefetch_related) so that every field
here reads loaded attributes: the number of SQL queries per endpoint does not grow with rows.

One module per resource: reference (agencies, list types), lists, versions, items, changes;
refs holds the short references they embed. A list's status is lists.api.list_status.
"""

from lists.api.serializers.changes import ChangeSerializer
from lists.api.serializers.items import (
    ItemDetailSerializer,
    ItemResultListSerializer,
    ItemResultSerializer,
    ItemSerializer,
)
from lists.api.serializers.lists import EnforcementListSerializer, VersionSummarySerializer
from lists.api.serializers.reference import AgencySerializer, ListTypeSerializer
from lists.api.serializers.refs import (
    AgencyRefSerializer,
    ListRefSerializer,
    ListTypeRefSerializer,
    SectionSerializer,
    VersionRefSerializer,
)
from lists.api.serializers.versions import VersionDetailSerializer

__all__ = [
    "AgencyRefSerializer",
    "AgencySerializer",
    "ChangeSerializer",
    "EnforcementListSerializer",
    "ItemDetailSerializer",
    "ItemResultListSerializer",
    "ItemResultSerializer",
    "ItemSerializer",
    "ListRefSerializer",
    "ListTypeRefSerializer",
    "ListTypeSerializer",
    "SectionSerializer",
    "VersionDetailSerializer",
    "VersionRefSerializer",
    "VersionSummarySerializer",
]
