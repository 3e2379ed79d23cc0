"""Local development and `make run`: the embedded SQLite database, the portal's own error pages.

DEBUG is off unless DJANGO_DEBUG=1: a visitor of `make run` meets the branded 404 and 500
pages, never Django's debug page with its list of every URL pattern.
"""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Plain names, no manifest: `manage.py runserver` works without collectstatic, and an edited
# stylesheet shows on the next request. Production keeps the hashed, cached-forever names.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
