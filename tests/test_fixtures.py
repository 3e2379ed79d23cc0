"""The fixtures are complete and every quote in them is traceable to the source summary."""

import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from recommendations.models import Recommendation
from roundtables.models import Country, Framework, KeyPoint, Practice, Roundtable, RoundtableRole, Summit, Theme
from roundtables.source import fold, locate

SOURCE = settings.SOURCE_DOCUMENT.read_text(encoding="utf-8")
FIXTURE = json.loads((settings.BASE_DIR / "fixtures" / "initial_data.json").read_text(encoding="utf-8"))
# The source's bullet lines start with a space: one per member-state recommendation of 3.2.
SOURCE_BULLETS_3_2 = [
    line
    for line in SOURCE.split("Several recommendations were made by member states:")[1]
    .split("In addition")[0]
    .splitlines()
    if line.startswith(" ") and line.strip()
]

pytestmark = pytest.mark.django_db


def test_source_copy_is_the_shared_document():
    shared = settings.BASE_DIR.parent / "shared" / "source" / settings.SOURCE_DOCUMENT.name
    if not shared.exists():
        pytest.skip("no ../shared beside this checkout")
    assert shared.read_text(encoding="utf-8") == SOURCE


def test_every_fixture_excerpt_is_found_in_the_summary():
    excerpts = [
        (r["model"], r["pk"], r["fields"]["source_excerpt"]) for r in FIXTURE if r["fields"].get("source_excerpt")
    ]
    assert len(excerpts) > 30
    for model, pk, excerpt in excerpts:
        assert fold(excerpt) in fold(SOURCE), f"{model} #{pk} excerpt not in source: {excerpt[:60]!r}"


def test_every_loaded_record_excerpt_is_found_in_the_summary(portal_data):
    for model in (Recommendation, KeyPoint, Practice):
        for obj in model.objects.all():
            assert obj.source_excerpt, f"{model.__name__} #{obj.pk} has no source excerpt"
            assert locate(obj.source_excerpt) is not None, f"{model.__name__} #{obj.pk}"


def test_counts_match_the_summary(portal_data):
    assert Roundtable.objects.count() == 2
    assert RoundtableRole.objects.filter(role="co_chair").count() == 4
    assert RoundtableRole.objects.filter(role="rapporteur").count() == 2
    assert KeyPoint.objects.count() == len(re.findall(r"^\d\. ", SOURCE, flags=re.M)) == 5
    assert Practice.objects.count() == 4
    member_states = Recommendation.objects.filter(roundtable__code="3.2", made_by="member_states")
    assert member_states.count() == len(SOURCE_BULLETS_3_2) == 7
    assert Recommendation.objects.filter(roundtable__code="3.1").count() >= 1
    assert Recommendation.objects.filter(roundtable__code="3.2").count() >= 7 + 7  # plus the prose's recommendations


def test_member_state_recommendations_follow_the_bullets_in_order(portal_data):
    texts = list(
        Recommendation.objects.filter(roundtable__code="3.2", made_by="member_states")
        .order_by("number")
        .values_list("source_excerpt", "number")
    )
    assert [n for _, n in texts] == list(range(1, 8))
    for (excerpt, _), bullet in zip(texts, SOURCE_BULLETS_3_2, strict=False):
        assert fold(excerpt).startswith(fold(bullet)[:40])


def test_roles_are_the_summary_roles(portal_data):
    def holders(code, role):
        return set(
            RoundtableRole.objects.filter(roundtable__code=code, role=role).values_list("country__name", flat=True)
        )

    assert holders("3.1", "co_chair") == {"Philippines", "Ethiopia"}
    assert holders("3.1", "rapporteur") == {"Morocco"}
    assert holders("3.2", "co_chair") == {"Mexico", "Sweden"}
    assert holders("3.2", "rapporteur") == {"Canada"}
    for role in RoundtableRole.objects.all():
        assert locate(role.source_excerpt), role


def test_practices_have_their_countries(portal_data):
    assert set(Practice.objects.values_list("country__name", flat=True)) == {
        "Argentina",
        "Portugal",
        "Iraq",
        "Philippines",
    }
    for practice in Practice.objects.select_related("country"):
        assert practice.country.name.lower() in fold(practice.source_excerpt).lower()


def test_every_recommendation_has_a_theme_and_known_codes(portal_data):
    for rec in Recommendation.objects.prefetch_related("themes"):
        assert rec.themes.exists(), f"recommendation {rec.pk} has no theme"
    assert set(Roundtable.objects.values_list("code", flat=True)) == {"3.1", "3.2"}
    for country in Country.objects.all():
        assert re.fullmatch(r"[A-Z]{3}", country.iso3)
    assert Theme.objects.filter(description="").count() == 0


def test_every_framework_the_summary_cites_is_there(portal_data):
    cited = {
        "sdgs": "SDGS",
        "new-york-declaration": "NY declaration",
        "hld-2013-declaration": "HLD declaration of 2013",
        "iom-migof": "Migration Governance Framwork",
        "iom-mcof": "Migration Crisis operational framework",
        "berne-initiative": "Bern Initiative",
        "micic-guidelines": "Migrants in Countries in crisis guidelines",
        "nansen-protection-agenda": "NaNsen initiative protection agenda",
        "migrant-workers-convention": "migrant workers convention",
        "global-compact-migration": "Global Compact on Migration",
        "srsg-sutherland-report": "SRSG Sutherland",
        "platform-on-disaster-displacement": "Platform for Disaster Displacement",
    }
    for slug, phrase in cited.items():
        assert phrase in fold(SOURCE), phrase
        framework = Framework.objects.get(slug=slug)
        assert locate(framework.source_excerpt), slug


def test_summit_facts_not_in_the_summary_are_marked_editorial(portal_data):
    summit = Summit.objects.get()
    assert summit.city not in SOURCE and "Dhaka" not in SOURCE
    assert summit.provenance == "editorial"
    assert "editorial" in summit.editorial_note.lower()


def test_fixture_is_reproducible_from_the_content_module():
    call_command("build_fixtures", "--check", verbosity=0)
