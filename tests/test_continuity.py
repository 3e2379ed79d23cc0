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
    queries()  # the page's recommendations are counted from the facet index, read by the first page
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


# ---------------------------------------------------------------- the import


def run_import(tmp_path, text, *args):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "links.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_links", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def recommendation_id(code, number):
    from recommendations.models import Recommendation

    return Recommendation.objects.get(roundtable__code=code, number=number).pk


@pytest.mark.django_db
def test_the_import_adds_links_once_with_history_and_a_dry_run_writes_nothing(tmp_path, portal_data):
    rec_a, rec_b = recommendation_id("3.2", 2), recommendation_id("3.1", 1)
    text = (
        "later,relation,earlier,passage\n"
        "2016-3-2,follows_up,2016-3-1,\n"
        f"{rec_a},repeats,{rec_b},\n"
        "2016-3-2,builds_on,2014-2-1,\n"
    )
    out, _err = run_import(tmp_path, text, "--dry-run")
    assert "3 to add" in out
    assert RoundtableLink.objects.count() == 1  # the seed's
    assert RecommendationLink.objects.count() == 0
    out, _err = run_import(tmp_path, text)
    assert "3 added" in out
    later = Roundtable.objects.get(slug="2016-3-2")
    assert set(later.links.values_list("relation", "earlier__slug", "earlier_year", "earlier_code")) == {
        ("follows_up", "2016-3-1", None, ""),
        ("builds_on", None, 2014, "2.1"),
    }
    link = RecommendationLink.objects.get()
    assert (link.recommendation_id, link.relation, link.earlier_id) == (rec_a, "repeats", rec_b)
    assert link.history.count() == 1
    out, _err = run_import(tmp_path, text)
    assert "0 added, 3 already stored" in out
    assert RoundtableLink.objects.count() == 3


@pytest.mark.django_db
def test_the_import_finds_the_passage_in_the_source(tmp_path, portal_data):
    text = (
        "later,relation,earlier,passage\n"
        '2016-3-1,follows_up,2015-3-1,"A lot of progress has been achieved since 2015."\n'
    )
    run_import(tmp_path, text)
    link = RoundtableLink.objects.exclude(pk=1).get()
    document = SourceDocument.objects.get(pk=link.source_document_id)
    assert document.text[link.source_start : link.source_end] == link.source_excerpt


@pytest.mark.django_db
def test_a_file_with_any_bad_row_is_refused_whole_naming_row_and_column(tmp_path, portal_data):
    from django.core.management.base import CommandError

    rec = recommendation_id("3.2", 2)
    text = (
        "later,relation,earlier,passage\n"
        "2016-3-2,follows_up,2016-3-1,\n"  # good
        "2016-3-2,inspired,2016-3-1,\n"
        f"{rec},builds_on,999999,\n"
        f"{rec},builds_on,2016-3-1,\n"
        "2016-3-2,builds_on,2016-9-9,\n"
        "2016-3-2,builds_on,2016-3-1,Words never said.\n"
        "nowhere,builds_on,2016-3-1,\n"
    )
    with pytest.raises(CommandError):
        run_import(tmp_path, text)
    assert RoundtableLink.objects.count() == 1
    assert RecommendationLink.objects.count() == 0
    from continuity.importer import links_import_file

    report = links_import_file(data=text.encode(), dry_run=True)
    named = {(problem.row, problem.column) for problem in report.all_problems()}
    assert named == {(3, "relation"), (4, "earlier"), (5, "earlier"), (6, "earlier"), (7, "passage"), (8, "later")}


@pytest.mark.django_db
def test_an_editor_imports_links_in_the_admin_after_a_preview(client, portal_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("editor"))
    url = "/admin/continuity/roundtablelink/import/"
    upload = SimpleUploadedFile("links.csv", b"later,relation,earlier\n2016-3-2,follows_up,2016-3-1\n")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert RoundtableLink.objects.count() == 1
    token = response.context["token"]
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert RoundtableLink.objects.filter(roundtable__slug="2016-3-2", earlier__slug="2016-3-1").exists()
    client.force_login(make_user("viewer"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_saving_the_seed_link_unchanged_in_the_admin_changes_no_byte(client, portal_data):
    from tests.admin_support import post_change

    client.force_login(make_user("editor"))
    link = RoundtableLink.objects.get()
    before = RoundtableLink.objects.filter(pk=link.pk).values().get()
    response = post_change(client, link)
    assert response.status_code == 302
    assert RoundtableLink.objects.filter(pk=link.pk).values().get() == before
    assert link.history.count() == 0
