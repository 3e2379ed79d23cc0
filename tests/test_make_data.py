"""`make data` loads the fixtures once and never overwrites edits."""

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation
from roundtables.models import Country, Roundtable, Summit

pytestmark = pytest.mark.django_db


def test_second_load_keeps_one_copy_and_the_edit():
    call_command("load_initial_data", verbosity=0)
    counts = (
        Summit.objects.count(),
        Roundtable.objects.count(),
        Recommendation.objects.count(),
        Country.objects.count(),
    )
    rec = Recommendation.objects.order_by("pk").first()
    rec.text = "Edited by the secretariat"
    rec.save()
    call_command("load_initial_data", verbosity=0)
    assert (
        Summit.objects.count(),
        Roundtable.objects.count(),
        Recommendation.objects.count(),
        Country.objects.count(),
    ) == counts
    rec.refresh_from_db()
    assert rec.text == "Edited by the secretariat"


def test_loaded_records_have_a_first_history_version():
    call_command("load_initial_data", verbosity=0)
    rec = Recommendation.objects.first()
    assert rec.history.count() == 1
    assert rec.history.first().history_type == "+"
