"""Short forms of long texts never cut a word."""

import pytest

from gfmd_portal.text import excerpt


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Protect migrants in crisis", 40, "Protect migrants in crisis"),
        ("Protect migrants in crisis", 20, "Protect migrants in…"),
        ("Protect migrants in crisis", 19, "Protect migrants…"),
        ("Protect migrants, in crisis", 19, "Protect migrants…"),
        ("Reduce  the\r\ncosts of   recruitment", 100, "Reduce the costs of recruitment"),
        ("Internationalisation", 8, "Internationalisation"),
        ("Internationalisation of labour", 8, "Internationalisation…"),
        ("Protect migrants", 16, "Protect migrants"),
        ("Protect migrants", 15, "Protect…"),
    ],
)
def test_excerpt_ends_at_a_word_boundary(text, limit, expected):
    assert excerpt(text, limit) == expected


def test_a_recommendation_is_named_by_whole_words():
    from recommendations.models import Recommendation
    from roundtables.models import Roundtable

    rec = Recommendation(roundtable=Roundtable(code="3.1"), number=2, text="Reduce the costs of recruitment " * 4)
    name = str(rec)
    assert name == "3.1/2: Reduce the costs of recruitment Reduce the costs of…"
    assert len(name) <= len("3.1/2: ") + 60
