"""The database itself refuses duplicates and impossible values, on SQLite and PostgreSQL alike."""

import pytest
from django.db import IntegrityError, transaction

from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, Roundtable, RoundtableRole

from . import factories

pytestmark = pytest.mark.django_db


def refuses(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_second_roundtable_code_in_one_summit_is_refused():
    first = factories.roundtable("3.1")
    refuses(lambda: Roundtable.objects.create(session=first.session, code="3.1", slug="other", title="Dup"))


def test_same_code_in_another_summit_is_allowed():
    factories.roundtable("3.1")
    other = factories.session(factories.summit(2017))
    assert factories.roundtable("3.1", session_obj=other).summit.year == 2017


def test_roundtable_takes_its_summit_from_its_session():
    rt = factories.roundtable("3.1")
    assert rt.summit_id == rt.session.summit_id


def test_second_role_for_a_country_in_one_roundtable_is_refused():
    rt = factories.roundtable()
    factories.role(rt, "PHL", RoundtableRole.Role.CO_CHAIR)
    refuses(lambda: factories.role(rt, "PHL", RoundtableRole.Role.RAPPORTEUR))
    refuses(lambda: factories.role(rt, "PHL", RoundtableRole.Role.CO_CHAIR))


def test_role_needs_exactly_one_holder():
    rt = factories.roundtable()
    refuses(lambda: RoundtableRole.objects.create(roundtable=rt, role="co_chair"))


def test_duplicate_numbers_are_refused():
    rt = factories.roundtable()
    factories.recommendation(rt, number=1)
    refuses(lambda: factories.recommendation(rt, number=1))
    KeyPoint.objects.create(roundtable=rt, number=1, heading="h", text="t", source_excerpt="s")
    refuses(lambda: KeyPoint.objects.create(roundtable=rt, number=1, heading="h", text="t", source_excerpt="s"))
    Practice.objects.create(roundtable=rt, number=1, country=factories.country("ARG"), title="t", description="d")
    refuses(
        lambda: Practice.objects.create(
            roundtable=rt, number=1, country=factories.country("ARG"), title="t", description="d"
        )
    )


def test_zero_number_and_empty_text_are_refused():
    rt = factories.roundtable()
    refuses(lambda: Recommendation.objects.create(roundtable=rt, number=0, text="x"))
    refuses(lambda: Recommendation.objects.create(roundtable=rt, number=5, text=""))
    refuses(lambda: KeyPoint.objects.create(roundtable=rt, number=0, heading="h", text="t", source_excerpt="s"))


def test_country_code_must_be_three_capitals():
    refuses(lambda: factories.country("ph", "Lowercase"))


def test_new_records_start_as_drafts():
    rt = Roundtable.objects.create(session=factories.session(), code="3.9", slug="x-3-9", title="New")
    rec = Recommendation.objects.create(roundtable=rt, number=1, text="New")
    assert rt.status == rec.status == "draft"
