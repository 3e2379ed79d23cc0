"""The list's filter panel, its chips and its hints, from the facet table and the counts.

Everything here is data for templates/recommendations/recommendation_list.html, which renders
it; no HTML is built in Python.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .facets import FACETS, Order, labels

# Facet options beyond this many (by count) are left out of the panel, but still filter by URL,
# and `show=<facet>` lists them all.
FACET_LIMIT = 30
# A facet with more options than FACET_FEW + 2 shows its first FACET_FEW and folds the rest
# under a "Show all" control (a <details>, so it works without JavaScript).
FACET_FEW = 6


def list_url(query, **changes):
    """The list's address with these parameters changed (None removes one)."""
    query = query.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, value)
    encoded = query.urlencode()
    return reverse("recommendations:list") + (f"?{encoded}" if encoded else "")


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""


@dataclass
class PanelFacet:
    """One facet as the panel shows it."""

    name: str
    label: str
    hint: str = ""
    options: list = field(default_factory=list)
    hidden: int = 0  # options left out by FACET_LIMIT
    multiple: bool = True
    position: int = 0
    show_all: bool = False  # every option listed (`show=<facet>`), none left out by FACET_LIMIT
    show_all_url: str = ""  # the list with `show=<facet>` added, when options are left out
    show_all_format: object = None  # the facet's "Show all %(count)s …" (ngettext_lazy)

    def __post_init__(self):
        self.selected_count = sum(1 for o in self.options if o.selected)
        for i, option in enumerate(self.options, 1):
            option.input_id = f"f-{self.name}-{i}"

    @property
    def total(self):
        """How many options the facet has, listed or not."""
        return len(self.options) + self.hidden

    @property
    def folded(self):
        """Whether the rest of the options sit under "Show all" (never just one or two)."""
        return len(self.options) > FACET_FEW + 2

    @property
    def first_options(self):
        """The options listed at once: the first FACET_FEW when the facet is folded, else all."""
        return self.options[:FACET_FEW] if self.folded else self.options

    @property
    def rest_options(self):
        """The options under "Show all" of a folded facet."""
        return self.options[FACET_FEW:] if self.folded else []

    @property
    def rest_open(self):
        """The folded options start unfolded when one of them is chosen, or all were asked for."""
        return self.show_all or any(o.selected for o in self.rest_options)

    @property
    def show_all_label(self):
        return self.show_all_format % {"count": self.total}

    @property
    def unfold_label(self):
        """What the fold's control says: "Show all 13 themes", or "Show 24 more" when some are left out."""
        if self.hidden:
            rest = len(self.options) - FACET_FEW
            return ngettext("Show %(count)s more", "Show %(count)s more", rest) % {"count": rest}
        return self.show_all_label

    @property
    def input_type(self):
        return "checkbox" if self.multiple else "radio"

    @property
    def open(self):
        """Facets in use, asked to show all, and the first two, start open."""
        return bool(self.selected_count) or self.show_all or self.position < 2


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str


@dataclass
class Loosen:
    """For an empty list: what removing one filter would give."""

    label: str
    count: int
    url: str


def _sort_key(facet, key, label, position, count):
    if facet.order is Order.NEWEST:
        return (-key,)
    if facet.order is Order.NATURAL:
        return (position,)
    return (-count, label.casefold())


def panel(filterset, counts, query, in_full=()):
    """Every facet with its options, counted over the other active filters.

    `in_full` names the facets `show=` asks to list whole.
    """
    facets, every_label = [], labels(filterset.queryset.db)
    for facet in FACETS:
        labels_of = every_label.get(facet.name)
        chosen = filterset.chosen.get(facet.name)
        chosen = list(chosen) if isinstance(chosen, list) else ([chosen] if chosen else [])
        chosen_keys = {facet.key(obj) for obj in chosen}
        options = {}
        for key, count in counts.counts(facet.name).items():
            if labels_of is None:
                value = label = str(key)
                position = 0
            elif key in labels_of:
                value, label, position = labels_of[key]
            else:
                continue
            options[key] = (_sort_key(facet, key, label, position, count), value, label, count)
        for obj in chosen:
            key = facet.key(obj)
            if key not in options:
                label, position = facet.label_of(obj), labels_of[key][2] if labels_of and key in labels_of else 0
                options[key] = (_sort_key(facet, key, label, position, 0), facet.url_value(obj), label, 0)
        ordered = sorted(options.items(), key=lambda item: item[1][0])
        limit = len(ordered) if facet.name in in_full else FACET_LIMIT
        shown = [
            Option(value, label, count, key in chosen_keys)
            for i, (key, (_sort, value, label, count)) in enumerate(ordered)
            if i < limit or key in chosen_keys
        ]
        hidden = len(ordered) - len(shown)
        facets.append(
            PanelFacet(
                facet.name,
                facet.label,
                hint=facet.hint,
                options=shown,
                hidden=hidden,
                multiple=facet.multiple,
                position=len(facets),
                show_all=facet.name in in_full,
                show_all_url=list_url(query, show=[*in_full, facet.name]) + f"#facet-{facet.name}" if hidden else "",
                show_all_format=facet.show_all,
            )
        )
    return facets


def chips(filterset, query):
    """The active filters, each with the address of the list without it."""
    found = []
    if filterset.terms:
        label = pgettext("the label of an active search, shown as a filter", "Search")
        found.append(Chip(label, filterset.terms, list_url(query, q=None)))
    for facet in FACETS:
        chosen = filterset.chosen.get(facet.name)
        if not chosen:
            continue
        if not isinstance(chosen, list):
            found.append(Chip(facet.label, facet.label_of(chosen), list_url(query, **{facet.name: None})))
            continue
        normalise = filterset.form.fields[facet.name].normalise
        for obj in chosen:
            value = facet.url_value(obj)
            rest = [v for v in query.getlist(facet.name) if normalise(v.strip()) != value]
            found.append(Chip(facet.label, facet.label_of(obj), list_url(query, **{facet.name: rest or None})))
    return found


def loosen(filterset, counts, query):
    """For an empty result: how many recommendations each active filter, removed, would give."""
    hints = []
    for name in ("q", *(facet.name for facet in FACETS)):
        if filterset.is_active(name):
            if name == "q":
                label = _("the search")
            else:
                label = _("the “%(facet)s” filter") % {"facet": filterset.filters[name].label}
            hints.append(Loosen(label, counts.total(without=name), list_url(query, **{name: None})))
    return hints
