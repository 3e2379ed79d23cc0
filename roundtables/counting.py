"""Public recommendations counted for the pages of this app, by roundtable and by theme, and listed by value.

This app imports no later one, so the counts come from a counter a later app registers (the
recommendations app registers its facet index's, which counts without a query per count).
The numbers are those of Recommendation.objects.public(). The pages of a theme or a framework
list its recommendations a page at a time through a lister registered the same way.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicCounts:
    """Public recommendations: how many, per published roundtable, and per theme (values with none left out)."""

    total: int
    roundtables: dict
    themes: dict

    def of_roundtables(self, roundtable_ids):
        """Public recommendations of these roundtables: each recommendation belongs to one roundtable."""
        return sum(self.roundtables.get(pk, 0) for pk in set(roundtable_ids))


_counter = None


def register(counter):
    """Count with `counter(using)` -> PublicCounts from now on."""
    global _counter
    _counter = counter


def public_counts(using="default"):
    if _counter is None:
        raise RuntimeError("No counter is registered: the recommendations app registers its facet index's.")
    return _counter(using)


_lister = None


def register_lister(lister):
    """List with `lister(facet, value, using)` -> a Listing (None when the value is unknown) from now on.

    A Listing holds the public recommendations with one value of a list's facet (`theme`,
    `framework`, named as the list's URL names it): `total()` is how many, `rows(offset, size)`
    the list rows of offset..offset+size in the list's roundtable order.
    """
    global _lister
    _lister = lister


def public_listing(facet, value, using="default"):
    if _lister is None:
        raise RuntimeError("No lister is registered: the recommendations app registers its facet index's.")
    return _lister(facet, value, using)
