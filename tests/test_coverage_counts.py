"""The coverage matrix counts what the ORM counts, right after writes, from the facet index at a constant cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alignment.models import Alignment, GcmObjective
from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable

from . import factories

pytestmark = pytest.mark.django_db


def shown(client):
    """{(roundtable slug, objective number): count} of the matrix's cells, and the uncovered objectives' numbers."""
    response = client.get("/en/coverage/")
    assert response.status_code == 200
    html = response.content.decode()
    cells = {
        (slug, int(number)): int(n)
        for slug, number, n in re.findall(
            r'href="/en/recommendations/\?roundtable=([\w-]+)&amp;gcm=(\d+)"[^>]*>(\d+)</a>', html
        )
    }
    left_aside = html.split("Objectives left aside", 1)[1]
    uncovered = {int(n) for n in re.findall(r'href="/en/gcm/(\d+)/"', left_aside)}
    return cells, uncovered


def orm_counts():
    """The same, written out: distinct public recommendations per published roundtable and objective."""
    cells = {}
    for roundtable in Roundtable.objects.filter(status=Status.PUBLISHED):
        for objective in GcmObjective.objects.all():
            n = (
                Recommendation.objects.filter(
                    status=Status.PUBLISHED, roundtable=roundtable, alignments__gcm_objective=objective
                )
                .distinct()
                .count()
            )
            if n:
                cells[(roundtable.slug, objective.number)] = n
    covered = {number for _slug, number in cells}
    return cells, set(GcmObjective.objects.exclude(number__in=covered).values_list("number", flat=True))


def test_the_matrix_counts_what_the_orm_counts_after_writes(client, portal_data):
    assert shown(client) == orm_counts()
    assert shown(client)[0]  # the fixtures align some recommendations
    # A new alignment toward an objective no recommendation of 3.1 supports yet.
    roundtable = Roundtable.objects.get(slug="2016-3-1")
    taken = set(Alignment.objects.filter(recommendation__roundtable=roundtable).values_list("gcm_objective", flat=True))
    objective = GcmObjective.objects.exclude(pk__in=[pk for pk in taken if pk]).order_by("number").first()
    recommendation = Recommendation.objects.filter(roundtable=roundtable, status=Status.PUBLISHED).first()
    Alignment.objects.create(recommendation=recommendation, gcm_objective=objective, rationale="Why", aligned_by="Ed")
    cells, _uncovered = shown(client)
    assert cells[(roundtable.slug, objective.number)] == 1
    assert (cells, _uncovered) == orm_counts()
    # Unpublished: it no longer counts anywhere.
    aligned = Recommendation.objects.filter(status=Status.PUBLISHED, alignments__gcm_objective__isnull=False).first()
    aligned.status = Status.DRAFT
    aligned.save()
    assert shown(client) == orm_counts()
    Roundtable.objects.filter(slug="2016-3-2").update(status=Status.DRAFT)
    cells, uncovered = shown(client)
    assert (cells, uncovered) == orm_counts()
    assert not any(slug == "2016-3-2" for slug, _number in cells)


def test_the_matrix_costs_the_same_queries_with_3_and_with_30_recommendations(client):
    objective = GcmObjective.objects.create(number=5, short_title="Five", title="Objective five", source_reference="x")
    session = factories.session(factories.summit(2030), number=1)
    roundtables = [factories.roundtable(code, session) for code in ("1.1", "1.2", "1.3")]

    def add(count):
        for i in range(count):
            recommendation = factories.recommendation(roundtables[i % 3])
            Alignment.objects.create(
                recommendation=recommendation, gcm_objective=objective, rationale="Why", aligned_by="Ed"
            )

    def queries():
        client.get("/en/coverage/")  # the index is built for the current data, then read from
        with CaptureQueriesContext(connection) as captured:
            cells, _uncovered = shown(client)
        return len(captured), cells

    add(3)
    few, cells = queries()
    assert sum(cells.values()) == 3
    add(27)
    many, cells = queries()
    assert (many, sum(cells.values())) == (few, 30)
