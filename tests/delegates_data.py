"""The real fixtures loaded once per test module, inside a transaction rolled back at its end.

Each test still runs in its own savepoint (the `db` fixture), so a test that unpublishes a
roundtable leaves the next one the fixtures as loaded.
"""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def portal_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_initial_data", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def portal(portal_module, db):
    """The real fixtures, for one test."""
