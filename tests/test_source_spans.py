"""A record's excerpt is the [start, end) span of its source document's text: checked by clean(), the database,
the admin and the import; the recommendation page highlights that span."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from recommendations.importer import recommendation_import_file
from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, Roundtable, RoundtableRole, SourceDocument
from tests import factories
from tests.admin_support import form_data, make_user

pytestmark = pytest.mark.django_db

TEXT = "Preamble.\nThe roundtable said: act now.\nLater, the roundtable said: act now.\nEnd.\n"


def document(text=TEXT, name="doc.txt"):
    data = text.encode()
    return SourceDocument.objects.create(file_name=name, data=data, text=text, sha256=hashlib.sha256(data).hexdigest())


def test_the_portal_s_summary_is_a_source_document_every_record_points_into(portal_data):
    (doc,) = SourceDocument.objects.all()
    assert doc.file_name == "gfmd-roundtable-session-3-general-summary.txt"
    assert doc.sha256 == hashlib.sha256(bytes(doc.data)).hexdigest()
    assert doc.summit.year == 2016 and doc.session.number == 3
    for model, expected in ((Roundtable, 2), (RoundtableRole, 6), (KeyPoint, 5), (Practice, 4), (Recommendation, 17)):
        records = model.objects.filter(source_document=doc)
        assert records.count() == expected, model
        for record in records:
            assert doc.text[record.source_start : record.source_end] == record.source_excerpt


def test_clean_refuses_a_span_that_is_not_the_excerpt():
    doc = document()
    start = TEXT.index("act now")
    rec = factories.recommendation(source_excerpt="act now")
    rec.source_document, rec.source_start, rec.source_end = doc, start, start + len("act now")
    rec.full_clean()
    rec.source_excerpt = "act NOW"
    with pytest.raises(ValidationError, match="must be the passage at characters"):
        rec.full_clean()
    rec.source_excerpt, rec.source_end = "act now", None
    with pytest.raises(ValidationError, match="needs its document, its start and its end"):
        rec.full_clean()


@pytest.mark.parametrize(
    "values",
    [
        {"source_start": 0, "source_end": 3},  # shorter than its excerpt
        {"source_document": None},  # a span without its document
        {"source_start": None, "source_end": None},  # a document without a span
    ],
)
def test_the_database_refuses_a_span_that_cannot_be_the_excerpt(values):
    doc = document()
    start = TEXT.index("act now")
    rec = factories.recommendation(
        source_excerpt="act now", source_document=doc, source_start=start, source_end=start + 7
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(**values)


def test_the_admin_refuses_to_change_an_excerpt_tied_to_its_span(client):
    doc = document()
    start = TEXT.index("act now")
    rec = factories.recommendation(
        source_excerpt="act now", source_document=doc, source_start=start, source_end=start + 7
    )
    client.force_login(make_user("editor"))
    url = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    data = form_data(client.get(url))
    data["source_excerpt"] = "act today"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "must be the passage at characters" in response.content.decode()
    rec.refresh_from_db()
    assert rec.source_excerpt == "act now"


def test_an_import_cannot_change_an_excerpt_tied_to_its_span(portal_data):
    rec = Recommendation.objects.get(roundtable__code="3.2", number=1)
    csv = (
        "id,roundtable,number,text,source_excerpt\n"
        f'{rec.pk},{rec.roundtable.slug},1,"{rec.text}","A different passage"\n'
    ).encode()
    report = recommendation_import_file(data=csv, dry_run=False, name="edit.csv")
    assert not report.applied
    assert any("cannot be changed by an import" in str(problem) for problem in report.all_problems())
    rec.refresh_from_db()
    assert rec.source_start is not None and rec.source_excerpt.startswith("Making it easier")


def test_the_recommendation_page_highlights_the_span_not_the_first_occurrence(client):
    text = "First, the roundtable said: act now. " * 3 + "\nBut in the end the roundtable said: act now.\nEnd."
    doc = document(text)
    start = text.rindex("act now")
    rec = factories.recommendation(
        source_excerpt="act now", source_document=doc, source_start=start, source_end=start + 7
    )
    html = client.get(rec.get_absolute_url()).content.decode()
    passage = re.search(r"<blockquote lang=\"en\">\s*<p>(.*?)</p>", html, re.S).group(1)
    assert passage.endswith('But in the end the roundtable said: <mark class="source-excerpt">act now</mark>. End.')
