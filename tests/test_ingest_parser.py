"""The summary parser: the session 3 summary against the hand-checked content, and summaries that differ."""

import io
import json
import textwrap

import pytest
from django.conf import settings
from pypdf import PdfWriter

from ingest.extract import Refused, extract_text
from ingest.parser import Vocabulary, parse
from ingest.services import read_file

pytestmark = pytest.mark.django_db

SOURCE = settings.BASE_DIR / "fixtures" / "source" / "gfmd-roundtable-session-3-general-summary.txt"
FIXTURE = settings.BASE_DIR / "fixtures" / "initial_data.json"


def fixture_records(model):
    """The hand-checked records of the content data, with their roundtable's code."""
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    codes = {r["pk"]: r["fields"]["code"] for r in records if r["model"] == "roundtables.roundtable"}
    return [(codes[r["fields"]["roundtable"]], r["fields"]) for r in records if r["model"] == model]


@pytest.fixture
def parsed(portal_data):
    text = extract_text(SOURCE.read_bytes())
    return text, {rt["code"]: rt for rt in parse(text, Vocabulary.from_database())["roundtables"]}


def assert_spans_hold(text, roundtables):
    for roundtable in roundtables.values() if isinstance(roundtables, dict) else roundtables:
        assert text[roundtable["start"] : roundtable["end"]] == roundtable["excerpt"]
        for part in ("roles", "key_points", "practices", "frameworks", "recommendations"):
            for item in roundtable[part]:
                assert text[item["start"] : item["end"]] == item["excerpt"], (part, item["excerpt"])


def test_roundtables_titles_and_roles_of_the_session_3_summary(parsed):
    _text, roundtables = parsed
    assert list(roundtables) == ["3.1", "3.2"]
    assert (
        roundtables["3.1"]["title"]
        == "Migrants in situations of crises: conflict, climate change and natural disasters"
    )
    assert (
        roundtables["3.2"]["title"] == "Principles, institutions and processes for safe, orderly and regular migration"
    )
    roles = {code: [(r["role"], r["country"]) for r in rt["roles"]] for code, rt in roundtables.items()}
    assert roles["3.1"] == [("co_chair", "PHL"), ("co_chair", "ETH"), ("rapporteur", "MAR")]
    assert roles["3.2"] == [("co_chair", "MEX"), ("co_chair", "SWE"), ("rapporteur", "CAN")]
    assert roundtables["3.1"]["co_chairs"] == ["Philippines", "Ethiopia"]
    assert roundtables["3.2"]["rapporteurs"] == ["Canada"]


def test_every_span_is_its_excerpt(parsed):
    text, roundtables = parsed
    assert_spans_hold(text, roundtables)


def test_every_key_point_of_the_content_is_found_with_its_span(parsed):
    _text, roundtables = parsed
    expected = fixture_records("roundtables.keypoint")
    assert len(expected) == 5
    for code, fields in expected:
        found = {item["excerpt"]: item for item in roundtables[code]["key_points"]}
        item = found[fields["source_excerpt"]]
        assert (item["number"], item["start"], item["end"]) == (
            fields["number"],
            fields["source_start"],
            fields["source_end"],
        )
        assert item["heading"] == fields["heading"].replace("Long-term", "Long term")
    assert [item["number"] for item in roundtables["3.1"]["key_points"]] == [1, 2, 3, 4, 5]
    assert roundtables["3.2"]["key_points"] == []


def test_every_practice_of_the_content_is_found_with_its_country_and_span(parsed):
    _text, roundtables = parsed
    expected = fixture_records("roundtables.practice")
    found = [(p["country"], p["excerpt"], p["start"], p["end"]) for p in roundtables["3.1"]["practices"]]
    assert found == [(f["country"], f["source_excerpt"], f["source_start"], f["source_end"]) for _code, f in expected]
    assert roundtables["3.2"]["practices"] == []


def test_the_member_states_bullets_are_found_with_their_spans(parsed):
    _text, roundtables = parsed
    expected = [f for code, f in fixture_records("recommendations.recommendation") if f["made_by"] == "member_states"]
    listed = [r for r in roundtables["3.2"]["recommendations"] if not r["candidate"]]
    assert [(r["excerpt"], r["start"], r["end"], r["made_by"]) for r in listed] == [
        (f["source_excerpt"], f["source_start"], f["source_end"], "member_states") for f in expected
    ]
    assert listed[0]["text"] == (
        "Making it easier for migrants to move inter alia for labour migration at all skills levels, "
        "education and family reunification purposes."
    )


def test_every_prose_recommendation_of_the_content_is_proposed_as_a_candidate(parsed):
    """Paragraph-long ones with their exact span; the others inside a candidate the reviewer trims to them."""
    _text, roundtables = parsed
    exact = 0
    for code, fields in fixture_records("recommendations.recommendation"):
        if fields["made_by"] == "member_states":
            continue
        candidates = [r for r in roundtables[code]["recommendations"] if r["candidate"]]
        same = [r for r in candidates if (r["start"], r["end"]) == (fields["source_start"], fields["source_end"])]
        covering = [r for r in candidates if r["start"] <= fields["source_start"] and fields["source_end"] <= r["end"]]
        assert covering, fields["source_excerpt"]
        exact += bool(same)
    # 3.1/1, 3.2/8, 3.2/14, 3.2/15 and 3.2/16 are whole paragraphs.
    assert exact == 5


def test_a_roundtable_s_own_recommendation_is_said_to_be_made_by_it(parsed):
    _text, roundtables = parsed
    (micic,) = roundtables["3.1"]["recommendations"]
    assert micic["candidate"] is True
    assert micic["made_by"] == "roundtable"
    assert micic["excerpt"].startswith("The MICIC Initiative and the Platform for Disaster Displacement")


def test_frameworks_are_matched_by_their_names_and_citations(parsed):
    _text, roundtables = parsed
    assert [f["slug"] for f in roundtables["3.1"]["frameworks"]] == [
        "platform-on-disaster-displacement",
        "global-compact-migration",
    ]
    cited = {f["slug"]: f["excerpt"] for f in roundtables["3.2"]["frameworks"]}
    assert cited["iom-migof"] == "IOM's Migration Governance Framwork"
    assert cited["nansen-protection-agenda"] == "the NaNsen\ninitiative protection agenda"
    assert cited["srsg-sutherland-report"] == "The report of SRSG Sutherland"
    assert len(cited) == 11


def test_a_framework_alias_is_matched(portal_data):
    from roundtables.models import Framework

    Framework.objects.filter(slug="micic-guidelines").update(aliases="Lignes directrices MICIC\nMICIC guidance")
    text = (
        "Roundtable 3.1 on crises was co-chaired by Ethiopia and Mexico. Canada was the rapporteur.\n"
        "The roundtable drew on the MICIC guidance throughout.\n"
    )
    (roundtable,) = parse(text, Vocabulary.from_database())["roundtables"]
    assert [(f["slug"], f["excerpt"]) for f in roundtable["frameworks"]] == [("micic-guidelines", "MICIC guidance")]


# A summary of another shape, written as paragraphs and wrapped below at several widths.
PARAGRAPHS = [
    "General summary",
    "The fourth set of roundtables was about labour mobility and development.",
    "Roundtable 4.1 on fair recruitment and decent work was co-chaired by Mexico and the Philippines. "
    "Canada was the rapporteur.",
    "Discussions can be summarised under 3 key points:",
    "{1} Recruitment fees: workers should not pay the fees of their recruitment, whatever their skills.",
    "{2} Skills: the recognition of skills and qualifications across borders needs to be improved.",
    "{3} Information: migrants need accurate information on their rights before they depart.",
    "Several examples of practice were highlighted, such as the ethical recruitment programme in Portugal, "
    "the skills partnership in Morocco or the pre-departure orientation in the Philippines.",
    "There was a call to extend the protection of migrants in crisis to every labour migrant, whatever their status.",
    "Roundtable 4.2 focused on the contributions of migrants to development. It was co-chaired by Sweden and "
    "Ethiopia. Argentina was the rapporteur.",
    "Several recommendations were made by member states:",
    "- Reducing the costs of remittances below three per cent of the amount sent;",
    "- Enhancing the role of diaspora organisations in the development of their regions of origin; and",
    "- Including migrants and their organisations in national development plans.",
    "Participants stressed the need to collect better data on migration and development over the coming years.",
]


def summary(width, numbering="{}.", newline="\n"):
    lines = []
    for paragraph in PARAGRAPHS:
        if paragraph.startswith("- "):
            wrapped = textwrap.wrap(paragraph[2:], width - 1)
            lines += [" " + wrapped[0], *wrapped[1:]]  # the bullet's glyph lost, its space kept
            continue
        if paragraph.startswith("{"):
            paragraph = numbering.format(paragraph[1]) + paragraph[3:]
        lines += textwrap.wrap(paragraph, width)
    return newline.join(lines) + newline


def shape(result):
    """What a summary says, whatever its wrapping: the items' texts with whitespace folded."""

    def fold(text):
        return " ".join(text.split())

    return [
        {
            "code": rt["code"],
            "title": rt["title"],
            "roles": [(r["role"], r["country"]) for r in rt["roles"]],
            "key_points": [(k["number"], fold(k["excerpt"])) for k in rt["key_points"]],
            "practices": [(p["country"], fold(p["excerpt"])) for p in rt["practices"]],
            "recommendations": [(r["made_by"], r["candidate"], fold(r["excerpt"])) for r in rt["recommendations"]],
        }
        for rt in result["roundtables"]
    ]


EXPECTED_SHAPE = [
    {
        "code": "4.1",
        "title": "Fair recruitment and decent work",
        "roles": [("co_chair", "MEX"), ("co_chair", "PHL"), ("rapporteur", "CAN")],
        "key_points": [
            (1, "Recruitment fees: workers should not pay the fees of their recruitment, whatever their skills."),
            (2, "Skills: the recognition of skills and qualifications across borders needs to be improved."),
            (3, "Information: migrants need accurate information on their rights before they depart."),
        ],
        "practices": [
            ("PRT", "the ethical recruitment programme in Portugal"),
            ("MAR", "the skills partnership in Morocco"),
            ("PHL", "the pre-departure orientation in the Philippines"),
        ],
        "recommendations": [
            (
                "roundtable",
                True,
                "There was a call to extend the protection of migrants in crisis to every labour migrant, "
                "whatever their status.",
            )
        ],
    },
    {
        "code": "4.2",
        "title": "Contributions of migrants to development",  # "focused on the ...": the article goes
        "roles": [("co_chair", "SWE"), ("co_chair", "ETH"), ("rapporteur", "ARG")],
        "key_points": [],
        "practices": [],
        "recommendations": [
            ("member_states", False, "Reducing the costs of remittances below three per cent of the amount sent;"),
            (
                "member_states",
                False,
                "Enhancing the role of diaspora organisations in the development of their regions of origin;",
            ),
            ("member_states", False, "Including migrants and their organisations in national development plans."),
            (
                "participants",
                True,
                "Participants stressed the need to collect better data on migration and development over the "
                "coming years.",
            ),
        ],
    },
]


@pytest.mark.parametrize("width", [60, 78, 100])
def test_a_summary_wrapped_at_any_width_reads_the_same(portal_data, width):
    text = summary(width)
    result = parse(text, Vocabulary.from_database())
    assert_spans_hold(text, result["roundtables"])
    assert shape(result) == EXPECTED_SHAPE


def test_items_numbered_with_a_parenthesis_are_key_points(portal_data):
    result = parse(summary(78, numbering="{})"), Vocabulary.from_database())
    assert shape(result) == EXPECTED_SHAPE


def test_french_country_names_resolve(portal_data):
    text = summary(78).replace("Mexico and the Philippines", "le Mexique et les Philippines")
    text = text.replace("Sweden and\nEthiopia", "Sweden and\nl'Éthiopie").replace(
        "Sweden and Ethiopia", "Sweden and l'Éthiopie"
    )
    text = text.replace("in Morocco", "au Maroc")
    (first, second) = shape(parse(text, Vocabulary.from_database()))
    assert first["roles"][:2] == [("co_chair", "MEX"), ("co_chair", "PHL")]
    assert second["roles"][:2] == [("co_chair", "SWE"), ("co_chair", "ETH")]
    assert ("MAR", "the skills partnership au Maroc") in first["practices"]


def test_crlf_text_reads_as_lf_with_the_same_spans(portal_data):
    data = summary(78, newline="\r\n").encode("utf-8")
    parsed = read_file(data=data, name="crlf.txt")
    assert "\r" not in parsed.text
    assert parsed.text == summary(78)
    assert shape(parsed.proposals) == EXPECTED_SHAPE


def test_windows_1252_text_is_read_without_garbling(portal_data):
    source = SOURCE.read_text(encoding="utf-8")
    parsed = read_file(data=source.encode("cp1252"), name="cp1252.txt")
    assert parsed.text == source
    assert "migrants\u2019 human rights" in parsed.text
    assert "Ã" not in parsed.text


def test_utf8_with_a_byte_order_mark_loses_only_the_mark(portal_data):
    source = SOURCE.read_text(encoding="utf-8")
    assert read_file(data=b"\xef\xbb\xbf" + source.encode("utf-8"), name="bom.txt").text == source


def make_pdf(lines, password=None):
    """A one-page PDF whose text is the given lines, written with pypdf."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    body = "".join(
        "({}) Tj T* ".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")) for line in lines
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 10 Tf 14 TL 40 750 Td {body}ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(password)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_pdf_summary_is_read(portal_data):
    lines = summary(90).splitlines()
    parsed = read_file(data=make_pdf(lines), name="summary.pdf")
    assert [rt["code"] for rt in parsed.proposals["roundtables"]] == ["4.1", "4.2"]
    assert parsed.proposals["roundtables"][0]["co_chairs"] == ["Mexico", "Philippines"]
    assert_spans_hold(parsed.text, parsed.proposals["roundtables"])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b"  \n\r\n ", "The file is empty."),
        (bytes(range(256)) * 4, "binary data"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary data"),
        (b"%PDF-1.7\nnot really a pdf", "The PDF cannot be read"),
    ],
)
def test_unreadable_files_are_refused_saying_why(portal_data, data, reason):
    with pytest.raises(Refused, match=reason):
        read_file(data=data, name="bad")


def test_an_encrypted_pdf_is_refused(portal_data):
    with pytest.raises(Refused, match="encrypted"):
        read_file(data=make_pdf(summary(90).splitlines(), password="secret"), name="locked.pdf")


def test_a_text_without_a_roundtable_is_refused(portal_data):
    with pytest.raises(Refused, match="No roundtable was found"):
        read_file(data=b"Minutes of a meeting.\nNothing about roundtables here.\n", name="minutes.txt")
