"""How to cite a recommendation: APA-like and plain text, with its permalink and the date accessed."""

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CITATION_AUTHOR = gettext_lazy("Global Forum on Migration and Development")


def citation(recommendation, permalink, accessed):
    """APA-like and plain-text citations of a recommendation, with its permalink and date accessed."""
    roundtable = recommendation.roundtable
    summit = roundtable.session.summit
    fields = {
        "author": CITATION_AUTHOR,
        "year": summit.year,
        "code": roundtable.code,
        "number": recommendation.number,
        "title": roundtable.localized("title"),
        "summit": summit.localized("title"),
        "city": summit.localized("city"),
        "text": recommendation.localized("text"),
        "short": Truncator(recommendation.localized("text")).words(20),
        "portal": _("GFMD Roundtable Portal"),
        "url": permalink,
        "accessed_long": date_format(accessed, "j F Y"),
        "accessed_iso": accessed.isoformat(),
    }
    apa = (
        _(
            "%(author)s. (%(year)s). Roundtable %(code)s, recommendation %(number)s: %(short)s [Recommendation]."
            " In %(title)s, %(summit)s, %(city)s. %(portal)s. Retrieved %(accessed_long)s, from %(url)s"
        )
        % fields
    )
    plain = (
        _(
            "“%(text)s” GFMD Roundtable %(code)s (%(summit)s, %(city)s, %(year)s), recommendation %(number)s."
            " %(url)s (accessed %(accessed_iso)s)"
        )
        % fields
    )
    return {"apa": apa, "plain": plain, "accessed": accessed}
