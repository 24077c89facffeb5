"""The lists app's models, one module per concern; `from lists.models import X` for all of them.

- list_types: ListType, ListSection (the four lists as data), EnforcementList (an agency's list)
- versions: ListVersion (status, dates, the freeze) and FrozenVersionError
- items: Item, the rows of a version (one form of text, search tokens)
- review: ReviewComment, ReviewRound, FlagDecision (the legality review's records)
- events: Event, the audit trail
- workcalendar: CalendarDay, the bureau's holiday table

Models that live beside the code they serve are re-exported here too: SiteGeneration
(lists.generation), SynonymGroup (lists.synonyms) and ImportUpload (lists.uploads).
"""

from lists.generation import SiteGeneration
from lists.models.events import Event
from lists.models.items import CONTENT_FIELDS, Item
from lists.models.list_types import EnforcementList, ListSection, ListType
from lists.models.review import FlagDecision, ReviewComment, ReviewRound
from lists.models.versions import FROZEN_VERSION_MESSAGE, FrozenVersionError, ListVersion
from lists.models.workcalendar import CalendarDay
from lists.synonyms import SynonymGroup
from lists.uploads import ImportUpload

__all__ = [
    "CONTENT_FIELDS",
    "FROZEN_VERSION_MESSAGE",
    "CalendarDay",
    "EnforcementList",
    "Event",
    "FlagDecision",
    "FrozenVersionError",
    "ImportUpload",
    "Item",
    "ListSection",
    "ListType",
    "ListVersion",
    "ReviewComment",
    "ReviewRound",
    "SiteGeneration",
    "SynonymGroup",
]
