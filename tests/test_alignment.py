"""Editorial alignment with the Global Compact objectives and SDG targets."""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from alignment.models import Alignment, GcmObjective, SdgTarget
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

REQUIRED_TARGETS = {"10.7", "10.c", "8.8", "16.2", "17.18", "5.2", "8.7", "3.c", "4.b", "16.9"}


def test_reference_data_is_complete(portal_data):
    assert list(GcmObjective.objects.values_list("number", flat=True)) == list(range(1, 24))
    assert set(SdgTarget.objects.values_list("code", flat=True)) >= REQUIRED_TARGETS
    for objective in GcmObjective.objects.all():
        assert objective.title and objective.short_title and "A/RES/73/195" in objective.source_reference
    for target in SdgTarget.objects.select_related("goal"):
        assert target.text and "A/RES/70/1" in target.source_reference
        assert target.goal.number == int(target.code.split(".")[0])


def test_official_wording_of_key_entries(portal_data):
    assert GcmObjective.objects.get(number=10).title == (
        "Prevent, combat and eradicate trafficking in persons in the context of international migration"
    )
    assert SdgTarget.objects.get(code="10.7").text.startswith(
        "Facilitate orderly, safe, regular and responsible migration and mobility of people"
    )


def test_every_recommendation_is_aligned_with_a_rationale(portal_data):
    for rec in Recommendation.objects.prefetch_related("alignments"):
        alignments = list(rec.alignments.all())
        assert alignments, f"recommendation {rec.pk} has no alignment"
        for alignment in alignments:
            assert alignment.rationale.strip() and alignment.aligned_by and alignment.aligned_on
            assert "\n" not in alignment.rationale


def test_alignment_is_kept_apart_from_cited_frameworks(portal_data):
    # Recommendation 3.2/1 cites only the compact, yet supports several objectives and targets.
    rec = Recommendation.objects.get(roundtable__code="3.2", number=1)
    assert rec.alignments.count() > rec.frameworks.count()


def test_alignment_targets_exactly_one_objective_or_target(portal_data):
    rec = Recommendation.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Alignment.objects.create(
            recommendation=rec,
            rationale="Both",
            aligned_by="x",
            gcm_objective_id=1,
            sdg_target=SdgTarget.objects.first(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Alignment.objects.create(recommendation=rec, rationale="Neither", aligned_by="x")
    existing = rec.alignments.filter(gcm_objective__isnull=False).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Alignment.objects.create(
            recommendation=rec, rationale="Twice", aligned_by="x", gcm_objective=existing.gcm_objective
        )


def test_sdg_targets_sort_naturally(portal_data):
    codes = list(SdgTarget.objects.values_list("code", flat=True))
    assert codes.index("8.8") < codes.index("10.2") < codes.index("10.7") < codes.index("10.c")


def test_objective_page_lists_recommendations_by_roundtable(client, portal_data):
    body = client.get("/en/gcm/10/").content.decode()
    assert "Prevent, combat and eradicate trafficking" in body
    aligned = Alignment.objects.filter(gcm_objective__number=10).select_related("recommendation__roundtable")
    assert {a.recommendation.roundtable.code for a in aligned} == {"3.1", "3.2"}
    for alignment in aligned:
        assert alignment.recommendation.get_absolute_url() in body
        assert alignment.rationale in body.replace("&#x27;", "'")


def test_target_page_and_lists(client, portal_data):
    assert client.get("/en/sdg/10.7/").status_code == 200
    assert client.get("/en/sdg/").status_code == 200
    assert client.get("/en/gcm/").status_code == 200
    assert client.get("/en/gcm/24/").status_code == 404
    assert client.get("/en/gcm/99999999999999999999/").status_code == 404
    assert client.get("/en/sdg/99.z/").status_code == 404


def test_coverage_matrix_counts_match_the_alignments(client, portal_data):
    body = client.get("/en/coverage/").content.decode()
    for code in ("3.1", "3.2"):
        for objective in GcmObjective.objects.all():
            expected = (
                Recommendation.objects.public()
                .filter(roundtable__code=code, alignments__gcm_objective=objective)
                .distinct()
                .count()
            )
            slug = f"2016-{code.replace('.', '-')}"
            link = re.search(
                rf'href="/en/recommendations/\?roundtable={slug}&amp;gcm={objective.number}"[^>]*>(\d+)</a>', body
            )
            if expected:
                assert link and int(link.group(1)) == expected, (code, objective.number)
            else:
                assert link is None, (code, objective.number)


def test_drafts_are_not_counted(client, portal_data):
    rec = Recommendation.objects.get(roundtable__code="3.1", number=1)
    rec.status = "draft"
    rec.save()
    body = client.get("/en/gcm/14/").content.decode()
    assert rec.get_absolute_url() not in body


def test_editor_adds_an_alignment_on_the_recommendation_page_and_is_recorded(client, portal_data):
    from django.urls import reverse

    from .admin_support import form_data, make_user

    editor = make_user("editor")
    editor.first_name, editor.last_name = "Ana", "Editor"
    editor.save()
    client.force_login(editor)
    rec = Recommendation.objects.get(roundtable__code="3.2", number=1)
    url = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    prefix = "alignments"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-gcm_objective"] = str(GcmObjective.objects.get(number=6).pk)
    data[f"{prefix}-{total}-rationale"] = "Labour migration depends on fair recruitment."
    data[f"{prefix}-{total}-aligned_on"] = "2026-11-28"
    assert client.post(url, data).status_code == 302
    added = rec.alignments.get(gcm_objective__number=6)
    assert added.aligned_by == "Ana Editor"
    assert added.rationale == "Labour migration depends on fair recruitment."


def test_viewer_may_see_alignments_but_not_change_them(client, portal_data):
    from django.urls import reverse

    from .admin_support import make_user

    client.force_login(make_user("viewer"))
    alignment = Alignment.objects.first()
    assert client.get(reverse("admin:alignment_alignment_changelist")).status_code == 200
    change = reverse("admin:alignment_alignment_change", args=[alignment.pk])
    assert client.post(change, {"rationale": "Changed"}).status_code == 403
    alignment.refresh_from_db()
    assert alignment.rationale != "Changed"


def list_total(client, query):
    """The total the list page shows for a query, read from its result count."""
    body = client.get(f"/en/recommendations/?{query}").content.decode()
    match = re.search(r'class="result-count"[^>]*>\s*(\d+) recommendation', body)
    assert match, query
    return int(match.group(1))


def test_gcm_and_sdg_filters_select_the_aligned_recommendations(client, portal_data):
    def aligned(**kwargs):
        return set(Alignment.objects.filter(**kwargs).values_list("recommendation_id", flat=True))

    assert list_total(client, "gcm=10") == len(aligned(gcm_objective__number=10)) == 3
    assert list_total(client, "sdg=10.7") == len(aligned(sdg_target__code="10.7"))
    # OR within a facet, AND across facets, and with the existing filters.
    assert list_total(client, "gcm=10&gcm=9") == len(aligned(gcm_objective__number__in=[9, 10]))
    both = aligned(gcm_objective__number=10) & aligned(sdg_target__code="8.7")
    assert list_total(client, "gcm=10&sdg=8.7") == len(both) == 2
    human_rights = set(Recommendation.objects.filter(themes__slug="human-rights").values_list("id", flat=True))
    assert list_total(client, "gcm=10&theme=human-rights") == len(aligned(gcm_objective__number=10) & human_rights)
    assert list_total(client, "sdg=10.C") == len(aligned(sdg_target__code="10.c"))


def test_bad_gcm_and_sdg_values_get_a_clear_message(client, portal_data):
    for query, message in [
        ("gcm=abc", "No Global Compact objective numbered “abc”"),
        ("gcm=24", "No Global Compact objective numbered “24”"),
        ("gcm=99999999999999999999999999", "No Global Compact objective numbered"),
        ("sdg=99.9", "No SDG target “99.9”"),
    ]:
        response = client.get(f"/en/recommendations/?{query}")
        assert response.status_code == 200
        assert message in response.content.decode(), query


def test_list_shows_gcm_and_sdg_facets_with_counts(client, portal_data):
    body = client.get("/en/recommendations/?theme=human-rights").content.decode()
    assert 'name="gcm" value="10"' in body and 'name="sdg" value="10.7"' in body


def test_matrix_cells_equal_the_filtered_list_counts(client, portal_data):
    body = client.get("/en/coverage/").content.decode()
    cells = re.findall(r'href="/en/recommendations/\?(roundtable=[\w-]+&amp;gcm=\d+)"[^>]*>(\d+)</a>', body)
    assert len(cells) >= 10
    for query, count in cells:
        assert list_total(client, query.replace("&amp;", "&")) == int(count), query


def test_detail_page_shows_alignments_apart_from_cited_frameworks(client, portal_data):
    rec = Recommendation.objects.get(roundtable__code="3.2", number=2)
    body = client.get(rec.get_absolute_url()).content.decode()
    assert "Supports" in body and "/en/gcm/10/" in body and "/en/sdg/10.7/" in body
    for alignment in rec.alignments.all():
        assert alignment.rationale in body.replace("&#x27;", "'")


def test_exports_carry_the_alignment_columns_after_the_contract(client, portal_data):
    import csv
    import io
    import json

    response = client.get("/recommendations/export.csv?gcm=10&sdg=10.7")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0])[15:17] == ["gcm_objectives", "sdg_targets"]
    assert [int(r["id"]) for r in rows] == [
        rec.pk
        for rec in Recommendation.objects.public()
        .filter(alignments__gcm_objective__number=10)
        .filter(alignments__sdg_target__code="10.7")
        .order_by("roundtable__code", "number")
    ]
    for row in rows:
        rec = Recommendation.objects.get(pk=row["id"])
        gcm = sorted(rec.alignments.filter(gcm_objective__isnull=False).values_list("gcm_objective__number", flat=True))
        assert row["gcm_objectives"] == "; ".join(str(n) for n in gcm)
        assert "10.7" in row["sdg_targets"].split("; ")
    data = json.loads(b"".join(client.get("/recommendations/export.json?gcm=10").streaming_content))
    assert all("10" in item["gcm_objectives"] and isinstance(item["sdg_targets"], list) for item in data)


def test_objective_and_target_counts_stand_apart_from_the_official_wording(client, portal_data):
    """The count is its own element, read as "(n recommendations)" after the wording, not run on."""
    body = client.get("/en/gcm/").content.decode()
    count = Alignment.objects.filter(gcm_objective__number=10, recommendation__status="published").count()
    title = GcmObjective.objects.get(number=10).title
    expected = (
        f"{title}</a>\n        "
        f'<span class="count"><span class="visually-hidden">(</span>{count} recommendation'
        f'{"" if count == 1 else "s"}<span class="visually-hidden">)</span></span>'
    )
    assert expected in body
    body = client.get("/en/sdg/").content.decode()
    assert re.search(
        r'Target 10\.7</strong></a>: [^<]+</span>\s*<span class="count"><span class="visually-hidden">\(</span>'
        r'\d+ recommendations?<span class="visually-hidden">\)</span></span>',
        body,
    )


def test_objective_page_shows_its_recommendations_a_page_at_a_time_with_their_rationales(client, portal_data, settings):
    settings.PAGE_SIZE = 2
    aligned = list(
        Alignment.objects.filter(gcm_objective__number=10, recommendation__in=Recommendation.objects.public())
        .order_by(
            "recommendation__roundtable__summit__year", "recommendation__roundtable__code", "recommendation__number"
        )
        .select_related("recommendation")
    )
    assert len(aligned) > 2  # the fixtures align enough for two pages
    pages = -(-len(aligned) // 2)
    shown = []
    for page in range(1, pages + 1):
        html = client.get(f"/en/gcm/10/?page={page}").content.decode().replace("&#x27;", "'")
        on_page = [a for a in aligned if f'href="{a.recommendation.get_absolute_url()}"' in html]
        assert len(on_page) == (2 if page < pages else len(aligned) - 2 * (pages - 1)), page
        for alignment in on_page:
            assert alignment.rationale in html
        shown += on_page
    assert shown == aligned, "every aligned recommendation once, in the list's order"
    html = client.get("/en/gcm/10/?page=abc").content.decode()
    assert f"{len(aligned)} recommendations support it" in html


def test_objective_and_target_counts_come_from_the_index_not_a_count_per_request(client, portal_data):
    client.get("/en/gcm/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/en/gcm/").content.decode()
    assert not any('FROM "alignment_alignment"' in query["sql"] for query in captured), "no count over the alignments"
    counted = Alignment.objects.filter(gcm_objective__number=10, recommendation__in=Recommendation.objects.public())
    count = r'<span class="count"><span class="visually-hidden">\(</span>(\d+) recommendation'
    found = re.search(r'href="/en/gcm/10/">[^<]*</a>\s*' + count, html)
    assert found and int(found.group(1)) == counted.count()


def test_the_coverage_is_rendered_again_only_when_what_it_counts_changed(client, portal_data):
    first = client.get("/en/coverage/").content
    rec = Recommendation.objects.public().filter(alignments__gcm_objective__number=10).first()
    Recommendation.objects.filter(pk=rec.pk).update(text="An edited text")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/coverage/").content == first
    assert not any('FROM "roundtables_roundtable"' in query["sql"] for query in captured), "served as it was rendered"
    assert client.get("/fr/coverage/").content != first, "each language its own"
    Recommendation.objects.filter(pk=rec.pk).update(status="draft")
    assert client.get("/en/coverage/").content != first, "a recommendation unpublished is counted again"
