from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundtablesConfig(AppConfig):
    name = "roundtables"
    verbose_name = _("Roundtables")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import recreate_missing_groups

        post_migrate.connect(recreate_missing_groups, sender=self, dispatch_uid="roundtables.secretariat_groups")
