"""The follow-up timeline a recommendation's page shows, from the follow-up app."""

from django import template

from ..models import FollowUp

register = template.Library()


@register.inclusion_tag("followup/_timeline.html")
def follow_up_timeline(recommendation):
    """The published follow-up entries of a recommendation, oldest first."""
    entries = (
        FollowUp.objects.published()
        .filter(recommendation=recommendation)
        .select_related("country", "organisation")
        .order_by("date", "id")
    )
    return {"entries": list(entries), "recommendation": recommendation}
