"""The continuity a roundtable's or a recommendation's page shows: what it builds on, and what builds on it."""

from dataclasses import dataclass

from django import template
from django.db.models import Q

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable

from ..models import RecommendationLink, RoundtableLink

register = template.Library()


@dataclass(frozen=True)
class Shown:
    """One link as a page shows it: how it reads from this side, the other record, and the passage."""

    label: str
    record: object  # the other record, or None when the portal does not hold it yet
    passage: str
    stated_here: bool  # the passage is from this record's own source
    year: int = None  # the year and code of an earlier roundtable the portal does not hold
    code: str = ""


def _held(pairs):
    """{(year, code): roundtable} of the published roundtables among the pairs, in one query."""
    if not pairs:
        return {}
    match = Q()
    for year, code in pairs:
        match |= Q(summit__year=year, code=code)
    found = Roundtable.objects.published().filter(match).select_related("summit")
    return {(rt.summit.year, rt.code): rt for rt in found}


@register.inclusion_tag("continuity/_links.html")
def roundtable_continuity(roundtable):
    links = list(roundtable.links.select_related("earlier__summit").order_by("relation", "id"))
    held = _held({(link.earlier_year, link.earlier_code) for link in links if not link.earlier_id})
    shown = []
    for link in links:
        other = link.earlier if link.earlier_id else held.get((link.earlier_year, link.earlier_code))
        if other is not None and other.status != Status.PUBLISHED:
            continue
        shown.append(
            Shown(link.get_relation_display(), other, link.source_excerpt, True, link.earlier_year, link.earlier_code)
        )
    later = (
        RoundtableLink.objects.filter(
            Q(earlier=roundtable)
            | Q(earlier__isnull=True, earlier_year=roundtable.summit.year, earlier_code=roundtable.code)
        )
        .filter(roundtable__status=Status.PUBLISHED)
        .select_related("roundtable__summit")
        .order_by("relation", "roundtable__summit__year", "roundtable__code")
    )
    for link in later:
        shown.append(Shown(link.reverse_label, link.roundtable, link.source_excerpt, False))
    return {"links": shown, "kind": "roundtable"}


@register.inclusion_tag("continuity/_links.html")
def recommendation_continuity(recommendation):
    public = Recommendation.objects.public().values("pk")
    related = ("roundtable__summit",)
    links = (
        RecommendationLink.objects.filter(recommendation=recommendation, earlier__in=public)
        .select_related(*(f"earlier__{name}" for name in related))
        .order_by("relation", "id")
    )
    shown = [Shown(link.get_relation_display(), link.earlier, link.source_excerpt, True) for link in links]
    later = (
        RecommendationLink.objects.filter(earlier=recommendation, recommendation__in=public)
        .select_related(*(f"recommendation__{name}" for name in related))
        .order_by("relation", "id")
    )
    shown += [Shown(link.reverse_label, link.recommendation, link.source_excerpt, False) for link in later]
    return {"links": shown, "kind": "recommendation"}
