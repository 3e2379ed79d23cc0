import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tests.admin_support import make_user


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


@pytest.fixture
def editor(client, db):
    """A member of the editors' group, logged in on `client`."""
    user = make_user("editor")
    client.force_login(user)
    return user


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction open for the whole test module and rolled back at its end.

    Data built in it once serves every test of the module; each test still runs in its own
    savepoint (the `db` fixture), so what one test writes is gone for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def portal_module(module_transaction):
    """The real fixtures, loaded once per test module."""
    call_command("load_initial_data", verbosity=0)


@pytest.fixture
def portal(portal_module, db):
    """The real fixtures, for one test."""


# The parts of the facet index a page reads (test_facet_cache, test_facet_snapshot).
from tests.facet_loads import loads  # noqa: E402, F401

# Production-server fixtures (gunicorn with production settings, collected static files).
from tests.portal_server import collected_static  # noqa: E402, F401
