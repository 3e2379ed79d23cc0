import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts in English: a request to /fr/ leaves French active in the thread."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def portal_data(db):
    """The portal's real fixtures, loaded as `make data` loads them."""
    call_command("load_initial_data", verbosity=0)


# Production-server fixtures (gunicorn with production settings, collected static files).
from tests.portal_server import collected_static  # noqa: E402, F401
