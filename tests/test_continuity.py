"""Continuity links: a roundtable or a recommendation building on, following up or repeating an earlier one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from continuity.models import RecommendationLink, Relation, RoundtableLink
from gfmd_portal.publishing import Status
from roundtables.models import Roundtable, SourceDocument
from tests import factories
from tests.admin_support import make_user

SEED_PASSAGE = "This Roundtable built on the outcomes and recommendations of RT 3.1 in Istanbul."


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def istanbul_roundtable(status=Status.PUBLISHED):
    session = factories.session(factories.summit(2015), number=3)
    return factories.roundtable("3.1", session, status=status, title="Migrants in crisis, Istanbul")


# ---------------------------------------------------------------- the seed


@pytest.mark.django_db
def test_the_seed_link_is_tied_to_its_passage_in_the_summary(portal_data):
    link = RoundtableLink.objects.get()
    assert (link.roundtable.slug, link.relation, link.earlier_id) == ("2016-3-1", Relation.BUILDS_ON, None)
    assert (link.earlier_year, link.earlier_code) == (2015, "3.1")
    text = SourceDocument.objects.get(pk=link.source_document_id).text
    assert text[link.source_start : link.source_end] == SEED_PASSAGE


@pytest.mark.django_db
def test_the_roundtable_page_says_what_it_builds_on_with_the_passage(client, portal_data):
    html = page(client, "/en/roundtables/2016-3-1/")
    assert "Builds on" in html
    assert "Roundtable 3.1 (2015)" in html
    assert "its summary is not in the portal yet" in html
    assert SEED_PASSAGE in html


@pytest.mark.django_db
def test_the_seed_link_reads_in_french_and_spanish(client, portal_data):
    assert "S\u2019appuie sur" in page(client, "/fr/roundtables/2016-3-1/")
    assert "Se basa en" in page(client, "/es/roundtables/2016-3-1/")


@pytest.mark.django_db
def test_a_roundtable_without_links_has_no_continuity_section(client, portal_data):
    assert 'class="continuity"' not in page(client, "/en/roundtables/2016-3-2/")


# ---------------------------------------------------------------- both ways


@pytest.mark.django_db
def test_the_earlier_roundtable_once_held_is_linked_both_ways(client, portal_data):
    earlier = istanbul_roundtable()
    later_html = page(client, "/en/roundtables/2016-3-1/")
    assert f'href="{earlier.get_absolute_url()}"' in later_html
    assert "its summary is not in the portal yet" not in later_html
    earlier_html = page(client, earlier.get_absolute_url())
    assert "Built on by" in earlier_html
    assert 'href="/en/roundtables/2016-3-1/"' in earlier_html
    assert SEED_PASSAGE in earlier_html


@pytest.mark.django_db
def test_a_draft_earlier_roundtable_is_not_linked(client, portal_data):
    earlier = istanbul_roundtable(status=Status.DRAFT)
    html = page(client, "/en/roundtables/2016-3-1/")
    assert earlier.get_absolute_url() not in html
    assert "its summary is not in the portal yet" in html


@pytest.mark.django_db
def test_an_unpublished_later_roundtable_is_not_shown_on_the_earlier_one(client, portal_data):
    earlier = istanbul_roundtable()
    Roundtable.objects.filter(slug="2016-3-1").update(status=Status.DRAFT)
    assert 'class="continuity"' not in page(client, earlier.get_absolute_url())


@pytest.mark.django_db
def test_recommendation_links_show_both_ways_and_hide_drafts(client):
    earlier_rt = istanbul_roundtable()
    earlier = factories.recommendation(earlier_rt, number=1, text="Protect migrants caught in crises abroad.")
    later = factories.recommendation(factories.roundtable("3.1"), number=4, text="Build on the MICIC guidelines.")
    RecommendationLink.objects.create(recommendation=later, earlier=earlier, relation=Relation.FOLLOWS_UP)
    later_html = page(client, later.get_absolute_url())
    assert "Follows up" in later_html
    assert f'href="{earlier.get_absolute_url()}"' in later_html
    assert "Roundtable 3.1, recommendation 1 (2015)" in later_html
    earlier_html = page(client, earlier.get_absolute_url())
    assert "Followed up by" in earlier_html
    assert f'href="{later.get_absolute_url()}"' in earlier_html
    later.status = Status.DRAFT
    later.save()
    assert 'class="continuity"' not in page(client, earlier.get_absolute_url())


@pytest.mark.django_db
def test_continuity_costs_the_same_queries_however_many_links(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    later_rt = factories.roundtable("3.1")
    earlier_rt = istanbul_roundtable()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page(client, later_rt.get_absolute_url())
        return len(captured)

    RoundtableLink.objects.create(roundtable=later_rt, earlier=earlier_rt)
    RoundtableLink.objects.create(roundtable=later_rt, earlier_year=2014, earlier_code="3.3")
    one = queries()
    for code in ("1.1", "1.2", "2.1"):
        RoundtableLink.objects.create(roundtable=later_rt, earlier_year=2014, earlier_code=code)
    RoundtableLink.objects.create(roundtable=later_rt, earlier=earlier_rt, relation=Relation.REPEATS)
    assert queries() == one


# ---------------------------------------------------------------- the rules


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_the_database_refuses_bad_links():
    later = factories.roundtable("3.1")
    earlier = istanbul_roundtable()
    refused(lambda: RoundtableLink.objects.create(roundtable=later, earlier=later))
    refused(lambda: RoundtableLink.objects.create(roundtable=later))
    refused(
        lambda: RoundtableLink.objects.create(roundtable=later, earlier=earlier, earlier_year=2015, earlier_code="3.1")
    )
    refused(lambda: RoundtableLink.objects.create(roundtable=later, earlier=earlier, relation="inspired"))
    RoundtableLink.objects.create(roundtable=later, earlier=earlier)
    refused(lambda: RoundtableLink.objects.create(roundtable=later, earlier=earlier))
    RoundtableLink.objects.create(roundtable=later, earlier_year=2010, earlier_code="1.1")
    refused(lambda: RoundtableLink.objects.create(roundtable=later, earlier_year=2010, earlier_code="1.1"))
    rec = factories.recommendation(later)
    refused(lambda: RecommendationLink.objects.create(recommendation=rec, earlier=rec))
    other = factories.recommendation(earlier)
    RecommendationLink.objects.create(recommendation=rec, earlier=other)
    refused(lambda: RecommendationLink.objects.create(recommendation=rec, earlier=other))
    refused(
        lambda: RoundtableLink.objects.create(roundtable=later, earlier_year=2011, earlier_code="2.2", source_start=3)
    )


def message(error):
    return " ".join(error.messages)


@pytest.mark.django_db
def test_a_typed_passage_is_found_in_the_document_across_its_line_breaks(portal_data):
    later = Roundtable.objects.get(slug="2016-3-1")
    typed = "A lot of progress has been achieved since 2015."
    link = RoundtableLink(roundtable=later, relation=Relation.FOLLOWS_UP, earlier_year=2015, earlier_code="3.1")
    link.source_excerpt = typed
    link.full_clean()
    document = SourceDocument.objects.get(pk=later.source_document_id)
    assert document.text[link.source_start : link.source_end] == link.source_excerpt
    assert "\n" in link.source_excerpt  # kept as the document has it, across its line break
    assert " ".join(link.source_excerpt.split()) == typed


@pytest.mark.django_db
def test_a_passage_not_in_the_source_is_refused(portal_data):
    later = Roundtable.objects.get(slug="2016-3-1")
    link = RoundtableLink(roundtable=later, earlier_year=2015, earlier_code="3.2", source_excerpt="Words never said.")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "is not in" in message(error.value)


@pytest.mark.django_db
def test_a_record_without_a_document_keeps_its_passage_without_a_span():
    later = factories.roundtable("3.1")
    link = RoundtableLink(roundtable=later, earlier_year=2015, earlier_code="3.1", source_excerpt="  Said on the day. ")
    link.full_clean()
    assert (link.source_excerpt, link.source_document_id, link.source_start) == ("Said on the day.", None, None)


@pytest.mark.django_db
def test_clean_refuses_a_later_summit_a_held_roundtable_named_by_code_and_half_an_earlier():
    later = istanbul_roundtable()
    newer = factories.roundtable("3.1")
    with pytest.raises(ValidationError) as error:
        RoundtableLink(roundtable=later, earlier=newer).full_clean()
    assert "later summit" in message(error.value)
    with pytest.raises(ValidationError) as error:
        RoundtableLink(roundtable=newer, earlier_year=2015, earlier_code="3.1").full_clean()
    assert "choose it as the earlier roundtable" in message(error.value)
    with pytest.raises(ValidationError) as error:
        RoundtableLink(roundtable=newer, earlier_year=2015).full_clean()
    assert "Choose the earlier roundtable" in message(error.value)
    old_rec, new_rec = factories.recommendation(later), factories.recommendation(newer)
    with pytest.raises(ValidationError) as error:
        RecommendationLink(recommendation=old_rec, earlier=new_rec).full_clean()
    assert "later summit" in message(error.value)


# ---------------------------------------------------------------- the admin


@pytest.mark.django_db
def test_an_editor_adds_a_link_in_the_admin_with_a_history_version(client, portal_data):
    editor = make_user("editor")
    client.force_login(editor)
    later = Roundtable.objects.get(slug="2016-3-2")
    earlier = Roundtable.objects.get(slug="2016-3-1")
    response = client.post(
        "/admin/continuity/roundtablelink/add/",
        {
            "roundtable": later.pk,
            "relation": Relation.FOLLOWS_UP,
            "earlier": earlier.pk,
            "earlier_year": "",
            "earlier_code": "",
            "source_excerpt": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link = RoundtableLink.objects.get(roundtable=later)
    assert (link.earlier_id, link.relation) == (earlier.pk, Relation.FOLLOWS_UP)
    assert link.history.count() == 1
    assert "Followed up by" in page(client, "/en/roundtables/2016-3-1/")


@pytest.mark.django_db
def test_a_viewer_reads_links_in_the_admin_but_cannot_add_one(client, portal_data):
    client.force_login(make_user("viewer"))
    assert client.get("/admin/continuity/roundtablelink/").status_code == 200
    assert client.get("/admin/continuity/roundtablelink/add/").status_code == 403
