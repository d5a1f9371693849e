"""Controlled vocabularies of NAP-IV monitoring.

The stored value is the English code; labels in both languages come from the
translation catalogue (`vocab.<kind>.<code>`), and `ALIASES` lists every word a
signatory may type in a return for it.
"""

from __future__ import annotations

from enum import StrEnum


class OrgType(StrEnum):
    MINISTRY = "ministry"
    # A government party that is not a ministry, such as the police (politie).
    GOVERNMENT = "government"
    CSO = "cso"
    KNOWLEDGE = "knowledge"
    OTHER = "other"


class Focus(StrEnum):
    NATIONAL = "national"
    FOREIGN = "foreign"
    BOTH = "both"


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Progress(StrEnum):
    """Progress levels of the WPS-HA Compact self-reporting."""

    EXCEEDED = "exceeded"
    MET = "met"
    LIMITED = "limited"
    NO_PROGRESS = "no_progress"


class TargetGroup(StrEnum):
    WOMEN = "women"
    GIRLS = "girls"
    MEN = "men"
    BOYS = "boys"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    TOTAL = "total"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class ReviewStatus(StrEnum):
    """Where a return version is in the review workflow."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class DataScope(StrEnum):
    """Which return versions the dashboards count."""

    SUBMITTED_AND_APPROVED = "submitted"
    APPROVED_ONLY = "approved"


SCOPE_STATUSES: dict[DataScope, tuple[ReviewStatus, ...]] = {
    DataScope.SUBMITTED_AND_APPROVED: (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED),
    DataScope.APPROVED_ONLY: (ReviewStatus.APPROVED,),
}

# What a signatory may type in a return, lower-cased; the English and Dutch
# labels are always accepted as well.
ALIASES: dict[type[StrEnum], dict[str, tuple[str, ...]]] = {
    OrgType: {
        "ministry": ("ministry", "ministerie"),
        "government": (
            "government",
            "overheid",
            "government party",
            "overheidspartij",
            "government organisation",
            "government organization",
            "overheidsorganisatie",
        ),
        "cso": (
            "cso",
            "civil-society organisation",
            "civil society organisation",
            "civil-society organization",
            "civil society organization",
            "ngo",
            "maatschappelijke organisatie",
            "maatschappelijk middenveld",
        ),
        "knowledge": (
            "knowledge",
            "knowledge institution",
            "kennisinstelling",
            "university",
            "universiteit",
            "research institute",
            "onderzoeksinstituut",
        ),
        "other": ("other", "overig", "overige", "anders"),
    },
    Focus: {
        "national": ("national", "nationaal", "binnenland"),
        "foreign": ("foreign", "buitenland", "international", "internationaal"),
        "both": ("both", "beide", "national and foreign", "nationaal en buitenland"),
    },
    ActivityStatus: {
        "planned": ("planned", "gepland"),
        "ongoing": ("ongoing", "lopend", "in uitvoering"),
        "completed": ("completed", "afgerond", "voltooid"),
        "cancelled": ("cancelled", "canceled", "geannuleerd"),
    },
    Progress: {
        "exceeded": ("exceeded", "overtroffen"),
        "met": ("met", "behaald"),
        "limited": ("limited", "beperkt"),
        "no_progress": ("no progress", "no_progress", "geen voortgang"),
    },
    TargetGroup: {
        "women": ("women", "vrouwen"),
        "girls": ("girls", "meisjes"),
        "men": ("men", "mannen"),
        "boys": ("boys", "jongens"),
    },
    Sex: {
        "female": ("female", "vrouw", "f", "v"),
        "male": ("male", "man", "m"),
        "total": ("total", "totaal"),
    },
}


def parse_term(kind: type[StrEnum], text: str) -> StrEnum | None:
    """The vocabulary member that `text` names (any alias, either language), else None."""
    wanted = " ".join(str(text).strip().lower().split())
    for code, words in ALIASES[kind].items():
        if wanted in words:
            return kind(code)
    return None
