"""Reviewer aids on the review page (lists.review_views renders them through an include).

- citations in the version's 法律依据 / 从宽依据 that name no law in the registry, or a law marked
  已废止 or 已修订;
- other agencies' items in force about the same act with other conditions (oversight.consistency).
The version under review is not published, so its text is parsed here, not read from the index.
"""

from dataclasses import dataclass

from lists.models import ListVersion
from oversight.citations import parse_citations
from oversight.consistency import near_items
from oversight.registry import FIELDS, LawResolver


@dataclass
class CitationFlag:
    seq: int
    name: str
    articles: str
    problem: str
    law: object = None


def citation_flags(version: ListVersion) -> list[CitationFlag]:
    resolver = LawResolver()
    flags = []
    for item in version.items.order_by("seq"):
        for field in FIELDS:
            for cited in parse_citations(getattr(item, field)):
                law = resolver.known(cited.name)
                if law is None:
                    problem = "法规库中没有该法规，请核对名称"
                elif not law.is_in_force:
                    problem = f"该法规{law.get_status_display()}" + (
                        f"（{law.changed_on:%Y-%m-%d}）" if law.changed_on else ""
                    )
                else:
                    continue
                flags.append(CitationFlag(item.seq, cited.name, cited.articles_text, problem, law))
    return flags


def review_aids(version: ListVersion) -> dict:
    return {"citations": citation_flags(version), "near": near_items(version)}
