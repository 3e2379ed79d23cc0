"""What delegates see of the recommendations: the filterable list and one recommendation in context."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from alignment.models import Alignment, SdgTarget
from gfmd_portal.i18n import DEFAULT_LANGUAGE, column, current_language, text_in
from gfmd_portal.pagination import lenient_page, page_numbers
from gfmd_portal.templatetags.portal_i18n import marked
from roundtables import source
from roundtables.models import Framework

from . import search
from .filters import RecommendationFilter, Sort, facet_label, refused_values
from .models import Recommendation

# Facet options beyond this many (by count) are left out of the panel, but still filter by URL,
# and `show=<facet>` lists them all.
FACET_LIMIT = 30
# A facet with more options than FACET_FEW + 2 shows its first FACET_FEW and folds the rest
# under a "Show all" control (a <details>, so it works without JavaScript).
FACET_FEW = 6


def show_all_label(name, count):
    """ "Show all 13 themes": the control that unfolds the rest of a facet's options."""
    labels = {
        "roundtable": ngettext("Show all %(count)s roundtable", "Show all %(count)s roundtables", count),
        "theme": ngettext("Show all %(count)s theme", "Show all %(count)s themes", count),
        "country": ngettext("Show all %(count)s country", "Show all %(count)s countries", count),
        "framework": ngettext("Show all %(count)s framework", "Show all %(count)s frameworks", count),
        "actor": ngettext("Show all %(count)s addressee", "Show all %(count)s addressees", count),
        "gcm": ngettext("Show all %(count)s objective", "Show all %(count)s objectives", count),
        "sdg": ngettext("Show all %(count)s target", "Show all %(count)s targets", count),
        "year": ngettext("Show all %(count)s year", "Show all %(count)s years", count),
    }
    return labels[name] % {"count": count}


class Links:
    """URLs for many objects from one reverse() per view: a list page links hundreds of names."""

    MARKER = "4242424242"

    def __init__(self):
        self._patterns = {}

    def __call__(self, viewname, value):
        pattern = self._patterns.get(viewname)
        if pattern is None:
            pattern = self._patterns[viewname] = reverse(viewname, args=[self.MARKER])
        return pattern.replace(self.MARKER, str(value))


@dataclass
class ListItem:
    """What one row of the list shows, prepared so the template only prints it."""

    pk: int
    text: str
    url: str
    title: str
    html: str
    roundtable_title: str  # HTML: the title, marked when it is English standing in for a translation
    roundtable_url: str
    year: int
    made_by: str
    themes: list
    frameworks: list


def _with_translations(*fields, language):
    """The fields, and beside each translated one its column in `language` (none for English)."""
    if language == DEFAULT_LANGUAGE:
        return list(fields)
    return [name for field in fields for name in (field, column(field, language))]


def _alphabetical(named):
    return named[0].value.casefold()


def list_items(ids, terms=""):
    """ListItems for these recommendation ids, in this order, from plain rows (no model instances).

    Texts are in the page's language where translated; elsewhere the English text is shown,
    marked as not yet translated.
    """
    if not ids:
        return []
    language = current_language()
    rows = Recommendation.objects.filter(id__in=ids)
    if terms:
        rows = search.with_headline(rows, terms, language)
    fields = ["id", "number", "made_by", "roundtable__code", "roundtable__slug"]
    fields += _with_translations("text", "roundtable__title", language=language)
    fields += ["roundtable__session__summit__year", *rows.query.annotations]
    by_id = {row["id"]: row for row in rows.values(*fields)}
    names = {"themes": {}, "frameworks": {}}
    # The reports it cites: who made a recommendation "made by a report".
    reports = {}
    for relation, label in (("themes", "name"), ("frameworks", "short_name")):
        model = getattr(Recommendation, relation).field.related_model
        through = getattr(Recommendation, relation).through
        name = model._meta.model_name
        links = through.objects.filter(recommendation_id__in=ids).order_by(f"{name}__{label}")
        labels = _with_translations(f"{name}__{label}", language=language)
        kind = ["framework__kind"] if relation == "frameworks" else []
        for row in links.values("recommendation_id", f"{name}__slug", *labels, *kind):
            text = text_in(row, f"{name}__{label}", language)
            names[relation].setdefault(row["recommendation_id"], []).append((text, row[f"{name}__slug"]))
            if row.get("framework__kind") == Framework.Kind.REPORT:
                reports.setdefault(row["recommendation_id"], []).append(marked(text))
    for by_recommendation in names.values():
        for pk, named in by_recommendation.items():
            # In the page's language's alphabetical order, as the English list is in English order.
            by_recommendation[pk] = [(marked(text), slug) for text, slug in sorted(named, key=_alphabetical)]
    links, made_by = Links(), dict(Recommendation.MadeBy.choices)
    items = []
    for pk in ids:
        row = by_id.get(pk)
        if row is None:
            continue
        text = text_in(row, "text", language)
        items.append(
            ListItem(
                pk=pk,
                text=text.value,
                url=links("recommendations:detail", pk),
                title=_("Roundtable %(code)s, recommendation %(number)s")
                % {"code": row["roundtable__code"], "number": row["number"]},
                html=marked(text, search.highlight(text.value, terms, row.get("headline"))),
                roundtable_title=marked(text_in(row, "roundtable__title", language)),
                roundtable_url=links("roundtables:detail", row["roundtable__slug"]),
                year=row["roundtable__session__summit__year"],
                made_by=(
                    format_html_join(", ", "{}", ((name,) for name in reports[pk]))
                    if row["made_by"] == Recommendation.MadeBy.REPORT and pk in reports
                    else made_by.get(row["made_by"], row["made_by"])
                ),
                themes=[(name, links("roundtables:theme", slug)) for name, slug in names["themes"].get(pk, ())],
                frameworks=[
                    (name, links("roundtables:framework", slug)) for name, slug in names["frameworks"].get(pk, ())
                ],
            )
        )
    return items


@dataclass
class Problem:
    parameter: str
    message: str


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""

    @property
    def checked(self):
        return mark_safe(" checked") if self.selected else ""


# One option of the filter panel. Built in Python because a panel holds well over a hundred
# options and the template engine costs far more per option than format_html() does.
OPTION_HTML = (
    '<li class="facet-option"><input type="{}" name="{}" value="{}" id="{}"{}>'
    '<label for="{}"><span class="facet-label">{}</span> <span class="facet-count">'
    '<span class="visually-hidden">(</span>{}<span class="visually-hidden">)</span></span></label></li>'
)


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)
    hidden: int = 0
    multiple: bool = True
    position: int = 0
    show_all: bool = False  # every option listed (`show=<facet>`), none left out by FACET_LIMIT
    show_all_url: str = ""  # the list with `show=<facet>` added, when options are left out

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
    def rest_open(self):
        """The folded options start unfolded when one of them is chosen, or all were asked for."""
        return self.show_all or any(o.selected for o in self.options[FACET_FEW:])

    @property
    def show_all_label(self):
        return show_all_label(self.name, self.total)

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

    @property
    def options_html(self):
        """Every option listed; the first FACET_FEW only when the facet is folded."""
        return self._html(self.options[:FACET_FEW] if self.folded else self.options)

    @property
    def rest_html(self):
        """The options under "Show all" of a folded facet."""
        return self._html(self.options[FACET_FEW:] if self.folded else [])

    def _html(self, options):
        # Only the value and the label come from the data; the input's type, the facet's name and
        # the ids are the view's own, the count a number and `checked` safe. Escaping those two
        # alone, rather than format_html() escaping all eight, takes a quarter of the time (some
        # 150 options a page).
        kind = self.input_type
        return mark_safe(  # noqa: S308 - value and label escaped, the rest is the view's own
            "\n".join(
                OPTION_HTML.format(
                    kind, self.name, escape(o.value), o.input_id, o.checked, o.input_id, escape(o.label), o.count
                )
                for o in options
            )
        )


QUERY_PARAMETERS = ("q", "roundtable", "theme", "country", "framework", "actor", "gcm", "sdg", "year", "sort")


def bind_filterset(data, queryset, request=None, *, public=False):
    """Bind the FilterSet, dropping only the values it refuses.

    Returns the valid FilterSet, a Problem per refused value, and the query that reopens the
    page without them (known parameters only, no blanks, no page). `public` says the queryset
    is exactly Recommendation.objects.public().
    """
    query = QueryDict(mutable=True)
    for name in QUERY_PARAMETERS:
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            query.setlist(name, values)
    problems = []
    for _attempt in range(3):
        filterset = RecommendationFilter(query, queryset=queryset, request=request)
        filterset.over_public = public
        if filterset.is_valid():
            break
        fields = filterset.form.fields
        for name, message, value in refused_values(filterset):
            problems.append(Problem(name, message))
            if value is None:
                query.pop(name, None)
            else:
                normalise = getattr(fields[name], "normalise", str)
                query.setlist(name, [v for v in query.getlist(name) if normalise(v.strip()) != value])
                if not query.getlist(name):
                    query.pop(name)
    return filterset, problems, query


def _url(query, **changes):
    query = query.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, value)
    encoded = query.urlencode()
    return reverse("recommendations:list") + (f"?{encoded}" if encoded else "")


def _roundtable_label(code, year):
    return _("%(code)s (%(year)s)") % {"code": code, "year": year}


class RecommendationListView(FilterView):
    """The filterable list of public recommendations; every state is a URL."""

    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return Recommendation.objects.public()

    def get(self, request, *args, **kwargs):
        self.filterset, self.problems, self.query = bind_filterset(
            request.GET, Recommendation.objects.public(), request, public=True
        )
        self.object_list = self.filterset.qs
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def paginate_queryset(self, queryset, page_size):
        """A page of the list: counted from the facet counts, its ids located, then its rows fetched.

        Only the page's ids are sorted and sliced in the database; the rows with everything a
        list item shows are then fetched by id, so wide rows are never sorted.
        """
        filterset = self.filterset
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        paginator.count = filterset.total()
        page, self.page_problems = lenient_page(paginator, self.request.GET.get(self.page_kwarg))
        offset = page.start_index() - 1 if paginator.count else 0
        if filterset.sort_order == Sort.ROUNDTABLE:
            ids = self._ids_in_roundtable_order(queryset, offset, page_size)
        else:
            ids = list(queryset.values_list("id", flat=True)[offset : offset + page_size])
        page.object_list = list_items(ids, filterset.terms)
        return paginator, page, page.object_list, page.has_other_pages()

    def _ids_in_roundtable_order(self, queryset, offset, size):
        """The page's ids, reading only the roundtables the page falls in.

        Recommendations are listed roundtable by roundtable, so the per-roundtable counts say
        which roundtables hold rows offset..offset+size and where the page starts in the first.
        """
        counts = self.filterset.roundtable_counts()
        roundtables, _countries = self.filterset.catalog
        position, start, spans = 0, None, []
        for pk, *_rest in roundtables:
            n = counts.get(pk, 0)
            if n and position + n > offset and position < offset + size:
                spans.append(pk)
                start = position if start is None else start
            position += n
        if not spans:
            return []
        return self.filterset.ids_in_roundtables(spans, offset - start, size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, query, terms = self.filterset, self.query, self.filterset.terms
        total = context["paginator"].count
        facets = self.facets()
        context.update(
            query=query,
            terms=terms,
            total=total,
            problems=self.problems + [Problem("page", p) for p in self.page_problems],
            facets=facets,
            active_filters=sum(facet.selected_count for facet in facets),
            shown_in_full=self.shown_in_full(),
            chips=self.chips(),
            sort=filterset.sort_order,
            sort_choices=filterset.sort_options,
            feed_url=reverse("recommendations:feed") + (f"?{query.urlencode()}" if query else ""),
            clear_url=reverse("recommendations:list"),
            loosen=self.loosen() if total == 0 and query else [],
            only_common_words=bool(total == 0 and terms and search.only_common_words(terms, self.filterset.qs.db)),
            page_query=query,
            page_numbers=page_numbers(context["page_obj"]),
        )
        return context

    def _selected(self):
        return getattr(self.filterset.form, "cleaned_data", {})

    def shown_in_full(self):
        """The facets that `show=` asks to list in full; names it does not know are ignored."""
        return [name for name in RecommendationFilter.FACETS if name in self.request.GET.getlist("show")]

    def facets(self):
        """Every facet with its options, counted over the other active filters."""
        selected = self._selected()
        in_full = self.shown_in_full()
        facets = []
        for name in RecommendationFilter.FACETS:
            chosen = selected.get(name)
            chosen = ([chosen] if chosen else []) if name == "year" else list(chosen or [])
            chosen_values = {self._value(name, obj) for obj in chosen}
            # Sorted first and labelled after: only the options shown need a label (30 of the
            # 500 roundtables at 100,000 recommendations).
            options = {}
            for value, extra, count in self.filterset.facet_counts(name):
                value = str(value)
                options[value] = (self._sort_key(name, value, extra, count), value, extra, count)
            for obj in chosen:
                value = self._value(name, obj)
                if value not in options:
                    extra = self._extra(name, obj)
                    options[value] = (self._sort_key(name, value, extra, 0), value, extra, 0)
            ordered = sorted(options.values(), key=lambda option: option[0])
            limit = len(ordered) if name in in_full else FACET_LIMIT
            shown = [
                FacetOption(value, self._option_label(name, value, extra), count, value in chosen_values)
                for i, (_key, value, extra, count) in enumerate(ordered)
                if i < limit or value in chosen_values
            ]
            hidden = len(ordered) - len(shown)
            facets.append(
                Facet(
                    name,
                    facet_label(name),
                    shown,
                    hidden=hidden,
                    multiple=name != "year",
                    position=len(facets),
                    show_all=name in in_full,
                    show_all_url=_url(self.query, show=[*in_full, name]) + f"#facet-{name}" if hidden else "",
                )
            )
        return facets

    @staticmethod
    def _value(name, obj):
        if name == "year":
            return str(obj)
        if name == "gcm":
            return str(obj.number)
        if name == "sdg":
            return obj.code
        return obj.iso3 if name == "country" else obj.slug

    @staticmethod
    def _extra(name, obj):
        """What a facet's grouped query returns beside the value, for an object chosen by URL."""
        if name == "roundtable":
            return (obj.code, obj.summit.year)
        if name == "framework":
            return (obj.localized("short_name"),)
        if name == "gcm":
            return (obj.localized("short_title"),)
        if name == "sdg":
            return (obj.code,)
        return () if name == "year" else (obj.localized("name"),)

    @staticmethod
    def _sort_key(name, value, extra, count):
        """Years newest first, roundtables by summit then code, objectives and targets in order, others by count."""
        if name == "year":
            return (-int(value),)
        if name == "roundtable":
            code, year = extra
            return (-year, [int(p) for p in code.split(".") if p.isdigit()])
        if name == "gcm":
            return (int(value),)
        if name == "sdg":
            return (SdgTarget.make_sort_key(value),)
        return (-count, extra[0].casefold())

    @staticmethod
    def _option_label(name, value, extra):
        if name == "year":
            return value
        if name == "roundtable":
            return _roundtable_label(*extra)
        if name == "gcm":
            return _("%(number)s. %(title)s") % {"number": value, "title": extra[0]}
        if name == "sdg":
            return _("Target %(code)s") % {"code": value}
        return extra[0]

    def _label(self, name, obj):
        return self._option_label(name, self._value(name, obj), self._extra(name, obj))

    def chips(self):
        """The active filters, each with the address of the list without it."""
        query, selected = self.query, self._selected()
        chips = []
        if selected.get("q"):
            chips.append(
                Chip(
                    pgettext("the label of an active search, shown as a filter", "Search"),
                    selected["q"],
                    _url(query, q=None),
                )
            )
        for name in RecommendationFilter.FACETS:
            chosen = selected.get(name)
            if not chosen:
                continue
            if name == "year":
                chips.append(Chip(facet_label(name), str(chosen), _url(query, year=None)))
                continue
            field = self.filterset.form.fields[name]
            for obj in chosen:
                value = self._value(name, obj)
                rest = [v for v in query.getlist(name) if field.normalise(v.strip()) != value]
                chips.append(Chip(facet_label(name), self._label(name, obj), _url(query, **{name: rest or None})))
        return chips

    def loosen(self):
        """For an empty result: how many recommendations each active filter, removed, would give."""
        selected = self._selected()
        hints = []
        for name in ("q", *RecommendationFilter.FACETS):
            if selected.get(name):
                count = sum(self.filterset.roundtable_counts(without=name).values())
                label = _("the search") if name == "q" else _("the “%(facet)s” filter") % {"facet": facet_label(name)}
                hints.append({"label": label, "count": count, "url": _url(self.query, **{name: None})})
        return hints


class RecommendationDetailView(DetailView):
    """One recommendation: its text, classification, source passage, permalink and citation."""

    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return (
            Recommendation.objects.public()
            .for_listing()
            .prefetch_related(
                Prefetch(
                    "alignments",
                    # Objectives first, by number, then targets in their natural order.
                    queryset=Alignment.objects.select_related("gcm_objective", "sdg_target").order_by(
                        F("gcm_objective__number").asc(nulls_last=True), "sdg_target__sort_key"
                    ),
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.object
        permalink = self.request.build_absolute_uri(recommendation.get_absolute_url())
        context.update(
            passage=source.passage(recommendation.source_excerpt) if recommendation.source_excerpt else None,
            permalink=permalink,
            citation=citation(recommendation, permalink, timezone.localdate()),
        )
        return context


CITATION_AUTHOR = gettext_lazy("Global Forum on Migration and Development")


def citation(recommendation, permalink, accessed):
    """APA-like and plain-text citations of a recommendation, with its permalink and date accessed."""
    roundtable = recommendation.roundtable
    summit = roundtable.session.summit
    parts = {
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
        % parts
    )
    plain = (
        _(
            "“%(text)s” GFMD Roundtable %(code)s (%(summit)s, %(city)s, %(year)s), recommendation %(number)s."
            " %(url)s (accessed %(accessed_iso)s)"
        )
        % parts
    )
    return {"apa": apa, "plain": plain, "accessed": accessed}
