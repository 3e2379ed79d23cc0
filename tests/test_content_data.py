"""build_fixtures builds the committed fixtures from content/data/ and refuses a malformed data file."""

import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

DATA = settings.BASE_DIR / "content" / "data"
FIXTURES = settings.BASE_DIR / "fixtures"


def test_fixtures_built_from_the_data_files_are_byte_for_byte_the_committed_ones(tmp_path):
    call_command("build_fixtures", "--output", str(tmp_path), verbosity=0)
    for name in ("initial_data.json", "reference.json"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_every_subject_has_an_english_a_french_and_a_spanish_file():
    subjects = ("alignments", "reference", "roundtables", "vocabulary")
    expected = {f"{subject}{language}.toml" for subject in subjects for language in ("", ".fr", ".es")}
    assert {path.name for path in DATA.iterdir()} == expected


@pytest.fixture
def edited(tmp_path):
    """A copy of the data files, with one replacement made in one of them."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)

    def edit(name, old, new):
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return data

    return edit


def refusal(data, output):
    output.mkdir()
    with pytest.raises(CommandError) as refused:
        call_command("build_fixtures", "--data", str(data), "--output", str(output), verbosity=0)
    assert list(output.iterdir()) == [], "a refused build wrote a fixture"
    return str(refused.value)


MALFORMED = {
    "bad TOML": (
        "vocabulary.toml",
        "\n[themes.labour-mobility]\n",
        "\n[themes.labour-mobility\n",
        ["vocabulary.toml: not valid TOML", "line"],
    ),
    "translation of a theme that does not exist": (
        "vocabulary.fr.toml",
        "[themes.labour-mobility]",
        "[themes.labour-mobilty]",
        ["vocabulary.fr.toml, themes.labour-mobilty.name", "translates nothing", "no “themes.labour-mobilty”"],
    ),
    "translation of an alignment that does not exist": (
        "alignments.es.toml",
        '[alignments."3.2/13".gcm]\n23 =',
        '[alignments."3.2/13".gcm]\n22 =',
        ['alignments.es.toml, alignments."3.2/13".gcm.22', "translates nothing"],
    ),
    "translation of a field that is not translated": (
        "roundtables.fr.toml",
        '[summit]\ntitle = "Neuvième sommet du FMMD"',
        '[summit]\ntitle = "Neuvième sommet du FMMD"\nyear = "2016"',
        ["roundtables.fr.toml, summit.year", "is not one of the texts that are translated"],
    ),
    "missing required field": (
        "roundtables.toml",
        'themes = ["labour-mobility"]\n',
        "",
        ["roundtables.toml, roundtables.2016-3-2.recommendations #1", "missing required field “themes”"],
    ),
    "missing translation": (
        "roundtables.es.toml",
        'city = "Daca"\n',
        "",
        ["roundtables.es.toml, summit.city", "the Spanish translation is missing"],
    ),
    "unknown field": (
        "reference.toml",
        '[gcm_objectives.3]\nshort_title = "Information"',
        '[gcm_objectives.3]\nshort_titel = "Information"',
        ["reference.toml, gcm_objectives.3", "unknown field “short_titel”"],
    ),
    "theme that does not exist": (
        "roundtables.toml",
        'themes = ["labour-mobility"]\n',
        'themes = ["labour"]\n',
        ["roundtables.toml, roundtables.2016-3-2.recommendations #1", "no theme “labour”"],
    ),
    "roundtable code used twice": (
        "roundtables.toml",
        'code = "3.2"',
        'code = "3.1"',
        ["roundtables.toml, roundtables.2016-3-2", "another roundtable has the code “3.1”"],
    ),
    "alignment of a recommendation that does not exist": (
        "alignments.toml",
        '[alignments."3.2/16".gcm]',
        '[alignments."3.2/17".gcm]',
        ['alignments.toml, alignments."3.2/17"', "no recommendation “3.2/17”"],
    ),
    "choice that does not exist": (
        "roundtables.toml",
        'role = "rapporteur"\norder = 1\nsource_excerpt = "Canada',
        'role = "reporter"\norder = 1\nsource_excerpt = "Canada',
        ["roundtables.toml, roundtables.2016-3-2.roles #3.role", "“rapporteur”", "not 'reporter'"],
    ),
    "line break in a display text": (
        "vocabulary.toml",
        'name = "Trafficking and smuggling"',
        'name = """\nTrafficking and\nsmuggling"""',
        ["vocabulary.toml, themes.trafficking-and-smuggling.name", "end each line with a backslash"],
    ),
    "date that is a text": (
        "alignments.toml",
        "aligned_on = 2026-11-28",
        'aligned_on = "28 November 2026"',
        ["alignments.toml, aligned_on", "should be a date"],
    ),
}


@pytest.mark.parametrize("case", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_data_file_is_refused_naming_the_file_and_the_entry(case, edited, tmp_path):
    name, old, new, expected = case
    message = refusal(edited(name, old, new), tmp_path / "out")
    assert message.startswith("Refused, no fixture written: ")
    for fragment in expected:
        assert fragment in message, (fragment, message)


def test_an_excerpt_that_is_not_in_the_summary_is_refused(edited, tmp_path):
    data = edited(
        "roundtables.toml",
        'source_excerpt = "Research: need to further conduct research to develop the evidence-base."',
        'source_excerpt = "Research: need to conduct more research."',
    )
    message = refusal(data, tmp_path / "out")
    assert "not in the source document" in message
    assert "roundtables.keypoint #4" in message


def test_a_corrected_display_text_reaches_the_fixture_and_nothing_else_changes(edited, tmp_path):
    data = edited(
        "roundtables.toml",
        'text = "Conduct further research to develop the evidence base."',
        'text = """\nConduct further research \\\n  to build the evidence base."""',
    )
    call_command("build_fixtures", "--data", str(data), "--output", str(tmp_path), verbosity=0)
    built = (tmp_path / "initial_data.json").read_text(encoding="utf-8")
    committed = (FIXTURES / "initial_data.json").read_text(encoding="utf-8")
    assert "Conduct further research to build the evidence base." in built
    assert built.replace("to build the", "to develop the") == committed
