"""An Atom feed of any filtered list of recommendations, with the list's own query parameters."""

import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .filters import RecommendationFilter, facet_label, refused_values
from .models import Recommendation
from .views import CITATION_AUTHOR, QUERY_PARAMETERS

FEED_SIZE = 50
# Characters XML 1.0 cannot hold; a search or a pasted text may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return _NOT_XML.sub("", str(text))


class RecommendationFeed(Feed):
    """The most recently updated recommendations of a filtered list, newest first."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        filterset = RecommendationFilter(request.GET, queryset=Recommendation.objects.public(), request=request)
        if not filterset.is_valid():
            lines = [f"{name}: {message}" for name, message, _value in refused_values(filterset)]
            return HttpResponseBadRequest(
                "\n".join([_("This feed's address has values that do not exist:"), *lines]) + "\n",
                content_type="text/plain; charset=utf-8",
            )
        request.recommendation_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.recommendation_filterset

    def _query(self, filterset):
        query = filterset.data.copy()
        for name in list(query):
            if name not in QUERY_PARAMETERS or name == "sort":
                query.pop(name)
        return query.urlencode()

    def title(self, filterset):
        described = self.description_of(filterset)
        if not described:
            return _("GFMD roundtable recommendations")
        return xml_safe(_("GFMD roundtable recommendations: %(filters)s") % {"filters": described})

    def description_of(self, filterset):
        data = filterset.form.cleaned_data
        parts = []
        if data.get("q"):
            parts.append(_("search “%(q)s”") % {"q": data["q"]})
        for name in RecommendationFilter.FACETS:
            chosen = data.get(name)
            if not chosen:
                continue
            names = [str(chosen)] if name == "year" else [_name(o) for o in chosen]
            parts.append(f"{facet_label(name)}: {_(' or ').join(names)}")
        return "; ".join(parts)

    def subtitle(self, filterset):
        return _("The %(count)s most recently updated recommendations of this list, newest first.") % {
            "count": FEED_SIZE
        }

    def link(self, filterset):
        query = self._query(filterset)
        return reverse("recommendations:list") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        query = self._query(filterset)
        return reverse("recommendations:feed") + (f"?{query}" if query else "")

    def author_name(self, filterset):
        return str(CITATION_AUTHOR)

    def items(self, filterset):
        return filterset.qs.for_listing().order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return _("Roundtable %(code)s (%(year)s), recommendation %(number)s") % {
            "code": item.roundtable.code,
            "year": item.roundtable.session.summit.year,
            "number": item.number,
        }

    def item_description(self, item):
        text = item.translation("text")
        if text.is_fallback:
            return xml_safe(_("%(text)s (in English: not yet translated)") % {"text": text.value})
        return xml_safe(text.value)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_categories(self, item):
        return [xml_safe(theme.localized("name")) for theme in item.themes.all()]

    def item_author_name(self, item):
        return _("GFMD Roundtable %(code)s") % {"code": item.roundtable.code}


def _name(obj):
    """How a chosen filter value is named in the feed's title, in the feed's language."""
    if hasattr(obj, "code") and hasattr(obj, "summit"):
        return _("%(code)s (%(year)s)") % {"code": obj.code, "year": obj.summit.year}
    for field in ("short_name", "short_title", "name"):
        if hasattr(obj, field):
            return obj.localized(field)
    return str(obj)
