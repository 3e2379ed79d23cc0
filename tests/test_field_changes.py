"""What changed, shown field by field and word by word: history, revert confirmation and import preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gfmd_portal.diff import ADDED, REMOVED, SAME, Segment, field_changes, list_diff, word_diff
from recommendations.models import Recommendation
from tests import factories
from tests.admin_support import form_data, history_url, post_change, revert_url

OLD_TEXT = "Reduce the costs of migration and fight trafficking and smuggling."
NEW_TEXT = "Reduce the costs of regular migration and fight trafficking."


def test_word_diff_marks_exactly_the_changed_words():
    before, after = word_diff(OLD_TEXT, NEW_TEXT)
    assert before == [
        Segment(SAME, "Reduce the costs of migration and fight trafficking"),
        Segment(REMOVED, " and smuggling"),
        Segment(SAME, "."),
    ]
    assert after == [
        Segment(SAME, "Reduce the costs of "),
        Segment(ADDED, "regular "),
        Segment(SAME, "migration and fight trafficking."),
    ]


def test_word_diff_replaces_a_word_not_its_letters():
    before, after = word_diff("Protect migrnats in crisis", "Protect migrants in crisis")
    assert before == [Segment(SAME, "Protect "), Segment(REMOVED, "migrnats"), Segment(SAME, " in crisis")]
    assert after == [Segment(SAME, "Protect "), Segment(ADDED, "migrants"), Segment(SAME, " in crisis")]


def test_each_side_joins_back_to_its_text_exactly():
    old = "Première ligne,\r\n  deuxième   ligne —\tfin"
    new = "Première ligne;\ndeuxième ligne — fin !"
    before, after = word_diff(old, new)
    assert "".join(s.text for s in before) == old
    assert "".join(s.text for s in after) == new
    assert {s.op for s in before} <= {SAME, REMOVED}
    assert {s.op for s in after} <= {SAME, ADDED}


def test_identical_texts_have_nothing_marked_and_empty_sides_are_empty():
    assert word_diff("Same text.", "Same text.") == ([Segment(SAME, "Same text.")], [Segment(SAME, "Same text.")])
    assert word_diff("", "New") == ([], [Segment(ADDED, "New")])


def test_list_diff_marks_removed_and_added_names():
    before, after = list_diff(["Labour mobility", "Climate"], ["climate", "Climate", "Governance"])
    assert before == [Segment(SAME, "Climate"), Segment(REMOVED, "Labour mobility")]
    assert after == [Segment(SAME, "Climate"), Segment(ADDED, "climate"), Segment(ADDED, "Governance")]


@pytest.mark.django_db
def test_only_changed_fields_are_listed_with_relation_names():
    roundtable = factories.roundtable()
    before = Recommendation(roundtable=roundtable, number=1, text=OLD_TEXT, source_excerpt="Same", status="draft")
    after = Recommendation(roundtable=roundtable, number=1, text=NEW_TEXT, source_excerpt="Same", status="published")
    changes = field_changes(
        Recommendation,
        before,
        after,
        before_links={"themes": {1: "Labour mobility"}, "frameworks": {4: "SDGs"}, "actors": {}},
        after_links={"themes": {2: "Climate change"}, "frameworks": {4: "SDGs"}, "actors": {}},
    )
    assert [(c.name, c.label) for c in changes] == [("text", "text"), ("status", "status"), ("themes", "themes")]
    status, themes = changes[1], changes[2]
    assert status.before == [Segment(REMOVED, "Draft")] and status.after == [Segment(ADDED, "Published")]
    assert themes.is_list
    assert themes.before == [Segment(REMOVED, "Labour mobility")]
    assert themes.after == [Segment(ADDED, "Climate change")]


@pytest.fixture
def edited(client, editor):
    """A recommendation edited once in the admin: text reworded, theme Labour replaced by Climate."""
    labour, climate = factories.theme("labour", "Labour mobility"), factories.theme("climate", "Climate change")
    rec = factories.recommendation(text=OLD_TEXT, themes=[labour])
    assert post_change(client, rec, text=NEW_TEXT, themes=[str(climate.pk)]).status_code == 302
    return rec


def changes_cell(body, index=0):
    """The HTML of the Changes table of the history's index-th row (newest first)."""
    tables = body.split('<table class="field-changes">')
    return tables[index + 1].split("</table>")[0]


def test_history_page_shows_changed_words_and_themes(client, edited):
    body = client.get(history_url(edited)).content.decode()
    latest = changes_cell(body)
    assert "<del> and smuggling</del>" in latest
    assert "<ins>regular </ins>" in latest
    assert "Reduce the costs of migration and fight trafficking<del>" in latest
    assert "<li><del>Labour mobility</del></li>" in latest
    assert "<li><ins>Climate change</ins></li>" in latest
    assert "Status" not in latest  # unchanged fields are not listed
    assert "[70 chars]" not in body


def test_text_with_markup_is_escaped_in_the_changes(client, editor):
    rec = factories.recommendation(text="Plain words")
    post_change(client, rec, text="Plain <b>bold</b> words")
    body = client.get(history_url(rec)).content.decode()
    assert "<ins>&lt;b&gt;bold&lt;/b&gt; </ins>" in body
    assert "<b>bold</b>" not in body


def test_a_change_of_line_breaks_only_is_said_in_words(client, editor):
    rec = factories.recommendation(text="First line. Second line.")
    post_change(client, rec, text="First line.\nSecond line.")
    body = client.get(history_url(rec)).content.decode()
    assert "Only spaces or line breaks changed." in changes_cell(body)


def test_revert_confirmation_shows_what_the_revert_changes(client, edited):
    previous = edited.history.order_by("-history_date", "-history_id")[1]
    assert previous.text == OLD_TEXT and [t.theme.slug for t in previous.themes.all()] == ["labour"]
    response = client.get(revert_url(edited, previous))
    assert response.status_code == 200
    body = response.content.decode()
    assert "What the revert will change in the current record" in body
    cell = changes_cell(body)
    # Before is the current record, after is the version reverted to.
    assert "<del>regular </del>" in cell
    assert "<ins> and smuggling</ins>" in cell
    assert "<li><del>Climate change</del></li>" in cell
    assert "<li><ins>Labour mobility</ins></li>" in cell


def test_revert_confirmation_of_the_current_version_says_nothing_changes(client, edited):
    body = client.get(revert_url(edited, edited.history.latest())).content.decode()
    assert "This version is the same as the current record." in body
    assert '<table class="field-changes">' not in body


def test_import_preview_shows_changed_words_of_an_updated_row(client, editor):
    labour = factories.theme("labour", "Labour mobility")
    factories.theme("climate", "Climate change")
    rec = factories.recommendation(text=OLD_TEXT, themes=[labour])
    body = f"id,roundtable,number,text,themes\r\n{rec.pk},{rec.roundtable.slug},{rec.number},{NEW_TEXT},climate\r\n"
    response = client.post(
        reverse("admin:recommendations_recommendation_import"),
        {"file": SimpleUploadedFile("fix.csv", body.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    cell = response.content.decode().split('id="preview-rows"')[1]
    assert "<del> and smuggling</del>" in cell
    assert "<ins>regular </ins>" in cell
    assert "<li><del>Labour mobility</del></li>" in cell and "<li><ins>Climate change</ins></li>" in cell
    assert ">Number<" not in changes_cell(cell)  # the number did not change
    assert Recommendation.objects.get(pk=rec.pk).text == OLD_TEXT  # a preview writes nothing


def history_queries(client, rec, versions, themes):
    for n in range(versions):
        assert (
            post_change(
                client, rec, text=f"Version {n} of the text", themes=[str(themes[n % len(themes)].pk)]
            ).status_code
            == 302
        )
    client.get(history_url(rec))  # the first page of a process fills caches (content types) once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(history_url(rec))
    assert response.status_code == 200
    assert response.content.decode().count('<table class="field-changes">') >= versions
    return len(queries)


def test_history_page_queries_do_not_grow_with_the_versions(client, editor):
    themes = [factories.theme("labour"), factories.theme("climate"), factories.theme("governance")]
    roundtable = factories.roundtable()
    few = history_queries(client, factories.recommendation(roundtable), 2, themes)
    many = history_queries(client, factories.recommendation(roundtable), 25, themes)
    assert few == many


def test_roundtable_history_shows_a_changed_title(client, editor):
    roundtable = factories.roundtable(title="Governance of migration")
    url = reverse("admin:roundtables_roundtable_change", args=[roundtable.pk])
    data = form_data(client.get(url))
    data["title"] = "Governance of safe migration"
    assert client.post(url, data).status_code == 302
    body = client.get(reverse("admin:roundtables_roundtable_history", args=[roundtable.pk])).content.decode()
    cell = changes_cell(body)
    assert "Governance of <ins>safe </ins>migration" in cell
    assert "<del>" not in cell
