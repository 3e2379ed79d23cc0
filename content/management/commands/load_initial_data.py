"""Load the portal's fixtures, but only into an empty database, so edits are never overwritten."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from alignment.models import Alignment, GcmObjective
from gfmd_portal.history import record_versions
from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, Roundtable, Summit

HISTORY_MODELS = (Roundtable, KeyPoint, Practice, Recommendation, Alignment)


class Command(BaseCommand):
    help = "Load fixtures/initial_data.json into an empty database; do nothing if content exists."

    def handle(self, *args, **options):
        # Reference lists (GCM objectives, SDG targets) load on their own, so a database that
        # already holds content still gets them.
        if not GcmObjective.objects.exists():
            call_command("loaddata", "reference", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Loaded the GCM objectives and SDG targets."))
        if Summit.objects.exists() or Roundtable.objects.exists() or Recommendation.objects.exists():
            self.stdout.write("The database already holds content; fixtures not loaded (edits are kept).")
            return
        with transaction.atomic():
            # loaddata would record a history entry per M2M field; record one complete first version
            # instead, themes, frameworks and actors included, so reverting to it loses nothing.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", "initial_data", verbosity=0)
            for model in HISTORY_MODELS:
                record_versions(
                    model=model,
                    pks=model.objects.values_list("pk", flat=True),
                    history_type="+",
                    reason="Loaded from the portal's fixtures",
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {Roundtable.objects.count()} roundtables and {Recommendation.objects.count()} recommendations."
            )
        )
