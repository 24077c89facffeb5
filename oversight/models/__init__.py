"""The bureau's oversight data: laws and citations, campaigns, 备案, adjustment tasks, usage."""

from oversight.models.coverage import BureauSettings, Campaign, Exemption
from oversight.models.filings import AdjustmentTask, FilingRecord
from oversight.models.laws import Citation, Law, LawAlias
from oversight.models.usage import ApplicationCount

__all__ = [
    "AdjustmentTask",
    "ApplicationCount",
    "BureauSettings",
    "Campaign",
    "Citation",
    "Exemption",
    "FilingRecord",
    "Law",
    "LawAlias",
]
