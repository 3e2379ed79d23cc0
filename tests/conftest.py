import pytest
from django.core.management import call_command


@pytest.fixture
def portal_data(db):
    """The portal's real fixtures, loaded as `make data` loads them."""
    call_command("load_initial_data", verbosity=0)


# Production-server fixtures (gunicorn with production settings, collected static files).
from tests.portal_server import collected_static  # noqa: E402, F401
