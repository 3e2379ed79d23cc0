from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The editors' content data files and the commands that build and load the fixtures from them."""

    name = "content"
