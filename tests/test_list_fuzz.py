"""Whatever the query string, the list and its feed never answer with a server error."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal")]

PARAMETERS = ["q", "roundtable", "theme", "country", "framework", "actor", "year", "sort", "page", "bom", "x"]
KNOWN_VALUES = [
    "2016-3-1",
    "human-rights",
    "trafficking-and-smuggling",
    "PHL",
    "phl",
    "sdgs",
    "states",
    "2016",
    "relevance",
    "-updated",
    "last",
    "0",
    "-1",
    str(10**30),
    "99999999999",
    "1e5",
    "",
    " ",
]
value = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    st.text(max_size=60),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
)
pairs = st.lists(st.tuples(st.sampled_from(PARAMETERS), value), max_size=8)
raw = st.text(alphabet=st.sampled_from("qthemeyarsoctpg=&%0123456789ABCDEF+-_.~;#?/ \x00é"), max_size=80)

HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def answers(client, path, query_string):
    # Each example in its own savepoint, so a database error could not hide behind a broken transaction.
    with transaction.atomic():
        response = client.get(path, QUERY_STRING=query_string)
    assert response.status_code < 500, (path, query_string)
    return response


@HYPOTHESIS
@given(pairs=pairs)
def test_list_never_fails_on_any_parameters(client, pairs):
    from urllib.parse import urlencode

    response = answers(client, "/en/recommendations/", urlencode(pairs))
    assert response.status_code == 200


@HYPOTHESIS
@given(query_string=raw)
def test_list_never_fails_on_a_raw_query_string(client, query_string):
    assert answers(client, "/en/recommendations/", query_string).status_code == 200


@HYPOTHESIS
@given(pairs=pairs)
def test_feed_answers_200_or_400_on_any_parameters(client, pairs):
    from urllib.parse import urlencode

    assert answers(client, "/en/recommendations/feed/", urlencode(pairs)).status_code in (200, 400)
