from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so its signal receivers are connected at start-up."""

    name = "gfmd_portal"
    verbose_name = "GFMD Roundtable Portal"

    def ready(self):
        from . import signals  # noqa: F401
