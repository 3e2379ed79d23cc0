from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import progress

        post_migrate.connect(progress.reinstall_after_migrate, sender=self, dispatch_uid="followup.progress.install")
