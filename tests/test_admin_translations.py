"""The secretariat enters French and Spanish texts in the admin, and finds what is not translated yet."""

import re

import pytest

from recommendations.models import Recommendation
from roundtables.models import Roundtable, Theme

from .admin_support import form_data, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal")]


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor"))
    return client


def fieldsets(response):
    return [
        (str(name), list(fieldset.fields)) for name, fieldset in [(f.name, f) for f in response.context["adminform"]]
    ]


def test_each_language_has_its_own_fieldset_after_the_english_fields(editor_client):
    recommendation = Recommendation.objects.public().first()
    response = editor_client.get(f"/admin/recommendations/recommendation/{recommendation.pk}/change/")
    assert response.status_code == 200
    names = [name for name, _fields in fieldsets(response)]
    assert names[-2:] == ["French", "Spanish"]
    fields = dict(fieldsets(response))
    assert fields["French"] == ["text_fr"]
    assert fields["Spanish"] == ["text_es"]
    first = fieldsets(response)[0][1]
    assert "text" in first and "text_fr" not in first
    body = response.content.decode()
    assert 'id="id_text_fr"' in body and "not yet translated" in body


def test_roundtable_translations_sit_with_the_unofficial_flag(editor_client):
    roundtable = Roundtable.objects.get(slug="2016-3-1")
    response = editor_client.get(f"/admin/roundtables/roundtable/{roundtable.pk}/change/")
    fields = dict(fieldsets(response))
    assert fields["Translations"] == ["unofficial_translation"]
    assert fields["French"] == ["title_fr", "summary_fr"]
    assert fields["Spanish"] == ["title_es", "summary_es"]


def test_an_editor_enters_a_french_text_and_delegates_read_it(editor_client, client):
    recommendation = Recommendation.objects.public().first()
    url = f"/admin/recommendations/recommendation/{recommendation.pk}/change/"
    data = form_data(editor_client.get(url))
    data["text_fr"] = "Intégrer pleinement les principes de l'Initiative MICIC dans le Pacte mondial."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    recommendation.refresh_from_db()
    assert recommendation.text_fr.startswith("Intégrer")
    assert recommendation.history.first().text_fr == recommendation.text_fr, "the change is in the history"
    page = client.get(f"/fr/recommendations/{recommendation.pk}/").content.decode()
    assert "Intégrer pleinement" in page


def test_the_list_says_which_languages_a_record_has_and_filters_what_is_missing(editor_client):
    Theme.objects.filter(slug="labour-mobility").update(name_es="")
    response = editor_client.get("/admin/roundtables/theme/?translation=es-missing")
    assert response.status_code == 200
    shown = [theme.slug for theme in response.context["cl"].result_list]
    assert shown == ["labour-mobility"]
    everything = editor_client.get("/admin/roundtables/theme/").content.decode()
    assert "French, Spanish" in everything and re.search(r">French<", everything)
    complete = editor_client.get("/admin/roundtables/theme/?translation=complete")
    assert "labour-mobility" not in [t.slug for t in complete.context["cl"].result_list]


def test_admin_search_reads_the_translations(editor_client):
    theme = Theme.objects.get(slug="labour-mobility")
    word = theme.name_fr.split()[0]
    response = editor_client.get("/admin/roundtables/theme/", {"q": word})
    assert theme in response.context["cl"].result_list


def test_the_admin_speaks_the_editors_language(editor_client):
    response = editor_client.get("/admin/recommendations/recommendation/", headers={"Accept-Language": "fr"})
    body = response.content.decode()
    assert "recommandations" in body.lower()
    assert "Select recommendation to change" not in body
