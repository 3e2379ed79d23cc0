"""An Atom feed of any filtered list of recommendations, with the list's own query parameters."""

import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .citation import CITATION_AUTHOR
from .facets import FACETS
from .filters import RefusedFilters, strict
from .models import Recommendation

FEED_SIZE = 50
# Characters XML 1.0 cannot hold; a search or a pasted text may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return _NOT_XML.sub("", str(text))


class ListFeed(Feed):
    """A feed of a filtered list: a value the list's FilterSet refuses (`filters.strict()`, raised
    from `get_object()`) makes the whole feed a 400 that names it, as the exports do, since a feed
    reader cannot show a message above the list."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except RefusedFilters as refused:
            lines = [_("This feed's address has values that do not exist:"), *(r.line for r in refused.refused)]
            return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class RecommendationFeed(ListFeed):
    """The most recently updated recommendations of a filtered list, newest first; its object is the FilterSet."""

    def get_object(self, request, *args, **kwargs):
        return strict(request.GET, Recommendation.objects.public(), request)

    def _query(self, filterset):
        """The feed's parameters, in the order the address gave them, without the sort."""
        query = filterset.request.GET.copy()
        for name in list(query):
            if name not in filterset.data or name == "sort":
                query.pop(name)
        return query.urlencode()

    def title(self, filterset):
        described = self.description_of(filterset)
        if not described:
            return _("GFMD roundtable recommendations")
        return xml_safe(_("GFMD roundtable recommendations: %(filters)s") % {"filters": described})

    def description_of(self, filterset):
        parts = []
        if filterset.terms:
            parts.append(_("search “%(q)s”") % {"q": filterset.terms})
        for facet in FACETS:
            chosen = filterset.chosen.get(facet.name)
            if not chosen:
                continue
            names = [facet.label_of(value) for value in (chosen if isinstance(chosen, list) else [chosen])]
            parts.append(f"{facet.label}: {_(' or ').join(names)}")
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
