"""A kept search brought up to date after an edit (recommendations/search_matches.py).

After an editor's save of what a search reads, only the recommendations the log of changes names
are searched again and put back where their scores place them; any other write (a status, a
new recommendation) has every match searched again. These tests commit their writes, as a
search is only brought up to date from the log outside a transaction.
"""

import random

import pytest
from django.db import connection, transaction

from gfmd_portal.publishing import Status
from recommendations import facet_index, recent_searches, search, search_matches
from recommendations.models import Recommendation
from roundtables.models import Theme

from . import factories
from .responses import listed

committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    facet_index.clear()
    recent_searches.clear()
    rt1 = factories.roundtable("3.1", factories.session(factories.summit(2016), number=3))
    rt2 = factories.roundtable("1.1", factories.session(factories.summit(2017), number=1))
    tides = factories.theme("tides")
    texts = [
        (rt1, "Remittances to families at home"),
        (rt1, "Remittances and the diaspora's savings, remittances sent home"),
        (rt2, "Remittances in crises"),
        (rt2, "Labour mobility"),
        (rt2, "Remittance costs under three per cent"),
        (rt2, "Diaspora bonds and remittances for development"),
    ]
    made = [
        factories.recommendation(roundtable, number, text, themes=[tides] if number == 3 else ())
        for number, (roundtable, text) in enumerate(texts, start=1)
    ]
    yield {"made": made, "rt1": rt1, "rt2": rt2, "tides": tides}
    recent_searches.clear()


@pytest.fixture
def searched(monkeypatch):
    """The `among` of each search.ranking() a page made: None when it ranked every match."""
    made = []
    real = search.ranking

    def spied(*args, **kwargs):
        made.append(kwargs.get("among"))
        return real(*args, **kwargs)

    monkeypatch.setattr(search, "ranking", spied)
    return made


def page(client, query="q=remittances"):
    return [r.pk for r in listed(client, query).context["recommendations"]]


def afresh(client, query="q=remittances"):
    """The page a process that kept no search lists."""
    recent_searches.clear()
    return page(client, query)


def scores_in_order(query="remittances"):
    """The kept ranking's scores are in order, best first."""
    (kept,) = [entry for key, entry in recent_searches._recent.items() if key[3] == query and key[4]]
    return list(kept.scores) == sorted(kept.scores)


def same_as_afresh(client, kept_page, query="q=remittances"):
    """PostgreSQL's ts_rank reads each row alone: the page is the one a new search lists. SQLite's
    bm25 keeps the other rows' scores of the last ranking: the same rows, in the order of the kept scores."""
    fresh = afresh(client, query)
    if connection.vendor == "postgresql":
        return kept_page == fresh
    return sorted(kept_page) == sorted(fresh)


@committed
def test_a_text_edited_is_searched_again_alone(client, world, searched):
    first = page(client)
    edited = world["made"][3]
    Recommendation.objects.filter(pk=edited.pk).update(text="Remittances, remittances and remittances")
    after = page(client)
    assert searched == [None, {edited.pk}], "every match ranked once, then the edited row alone"
    assert edited.pk in after and edited.pk not in first
    assert scores_in_order()
    assert same_as_afresh(client, after)


@committed
def test_a_text_edited_out_of_the_search_leaves_it(client, world, searched):
    gone = world["made"][0]
    assert gone.pk in page(client)
    Recommendation.objects.filter(pk=gone.pk).update(text="Labour mobility schemes")
    after = page(client)
    assert gone.pk not in after
    assert searched == [None, {gone.pk}]
    assert client.get("/en/recommendations/?q=remittances").context["total"] == 4
    assert same_as_afresh(client, after)


@committed
def test_a_translation_edited_is_searched_again_alone(client, world, searched):
    assert client.get("/fr/recommendations/?q=algues").context["total"] == 0
    edited = world["made"][3]
    Recommendation.objects.filter(pk=edited.pk).update(text_fr="Culture des algues")
    assert client.get("/fr/recommendations/?q=algues").context["total"] == 1
    assert searched == [None, {edited.pk}]


@committed
def test_a_theme_renamed_puts_back_the_rows_about_it(client, world, searched):
    """Renaming a theme rewrites the names of what its recommendations are about (topics.py):
    those rows are searched again, no others."""
    assert page(client, "q=moonlight") == []
    Theme.objects.filter(pk=world["tides"].pk).update(name="Moonlight")
    assert page(client, "q=moonlight") == [world["made"][2].pk]
    assert searched == [None, {world["made"][2].pk}]


@committed
def test_a_number_changed_moves_it_among_equal_scores(client, world, searched):
    """Equal scores are listed as a new search lists them: in roundtable order on PostgreSQL,
    by id on SQLite."""
    twins = world["made"][:2]
    Recommendation.objects.filter(pk__in=[r.pk for r in twins]).update(text="Remittances at home")
    before = page(client)[:2]
    assert sorted(before) == sorted(r.pk for r in twins)
    Recommendation.objects.filter(pk=before[0]).update(number=9)
    after = page(client)[:2]
    assert searched[-1] == {before[0]}
    assert after == (before[::-1] if connection.vendor == "postgresql" else sorted(before))
    assert same_as_afresh(client, page(client))


@committed
def test_sorted_by_date_the_search_is_brought_up_to_date_too(client, world, searched):
    query = "q=remittances&sort=-updated"
    assert client.get(f"/en/recommendations/?{query}").context["total"] == 5
    Recommendation.objects.filter(pk=world["made"][3].pk).update(text="Remittance corridors")
    Recommendation.objects.filter(pk=world["made"][0].pk).update(text="Labour mobility schemes")
    assert client.get(f"/en/recommendations/?{query}").context["total"] == 5
    assert sorted(page(client, query)) == sorted(afresh(client, query))
    assert searched == [{world["made"][3].pk, world["made"][0].pk}], "the ids alone, then gathered afresh"


@committed
@pytest.mark.parametrize(
    "write",
    [
        lambda world: Recommendation.objects.filter(pk=world["made"][1].pk).update(status=Status.DRAFT),
        lambda world: factories.recommendation(world["rt2"], 9, "Remittances by mobile phone"),
        lambda world: Recommendation.objects.filter(pk=world["made"][1].pk).delete(),
    ],
    ids=["status", "insert", "delete"],
)
def test_a_write_to_the_list_rows_searches_every_match_again(client, world, searched, write):
    page(client)
    write(world)
    after = page(client)
    assert searched == [None, None]
    assert after == afresh(client)


@committed
def test_inside_a_transaction_every_match_is_searched_again(client, world, searched):
    page(client)
    with transaction.atomic():
        Recommendation.objects.filter(pk=world["made"][3].pk).update(text="Remittances home")
        page(client)
    assert searched == [None, None], "a write that could still be rolled back is not read from the log"


@committed
def test_more_writes_than_the_patch_takes_search_every_match_again(client, world, searched, monkeypatch):
    monkeypatch.setattr(search_matches, "PATCH_LIMIT", 1)
    page(client)
    Recommendation.objects.filter(pk__in=[r.pk for r in world["made"][:2]]).update(text="Remittances anew")
    page(client)
    assert searched == [None, None]


@committed
def test_sqlite_ranks_every_match_again_once_enough_rows_were_put_back(client, world, searched, monkeypatch):
    """bm25's counts of rows per word move with each edit: past DRIFT rows put back, SQLite ranks
    every match again. PostgreSQL's ranks read the row alone and are never ranked again for it."""
    monkeypatch.setattr(search_matches, "DRIFT", 2)
    page(client)
    for n in range(3):
        Recommendation.objects.filter(pk=world["made"][0].pk).update(text=f"Remittances at home {n}")
        page(client)
    edited = {world["made"][0].pk}
    if connection.vendor == "postgresql":
        assert searched == [None, edited, edited, edited]
    else:
        assert searched == [None, edited, edited, None]


# ---------------------------------------------------------------- placing rows again


def ranking_of(rows, place):
    """[(id, score)] sorted as search.ranking() lists them: by score, equal scores by `place`."""
    return sorted(rows, key=lambda row: (row[1], place[row[0]]))


@pytest.mark.parametrize("changed_count", [1, 5, 40])
def test_rows_put_back_sit_where_a_full_sort_puts_them(changed_count):
    rng = random.Random(changed_count)
    ids = list(range(1, 301))
    # Few distinct scores: many equal ones, ordered by a place unrelated to the id.
    scores = {pk: float(rng.randint(0, 12)) for pk in ids}
    place = dict(zip(ids, rng.sample(range(1000), len(ids)), strict=True))
    before = ranking_of([(pk, scores[pk]) for pk in ids if pk % 7], place)
    changed = set(rng.sample(ids, changed_count))
    fresh = [(pk, float(rng.randint(0, 12))) for pk in sorted(changed) if pk % 3]
    now = {**{pk: s for pk, s in before if pk not in changed}, **dict(fresh)}
    asked = []

    def tie_order(tied):
        asked.append(set(tied))
        return {pk: place[pk] for pk in tied}

    placed = search_matches.replaced([pk for pk, _ in before], [s for _, s in before], changed, fresh, tie_order)
    assert placed is not None
    ids_after, scores_after = placed
    assert list(zip(ids_after, scores_after, strict=True)) == ranking_of(list(now.items()), place)
    assert len(asked) == 1, "one query orders every row of equal score"


def test_too_many_equal_scores_give_up_placing(monkeypatch):
    monkeypatch.setattr(search_matches, "TIE_LIMIT", 10)
    ids = list(range(1, 51))
    placed = search_matches.replaced(ids, [1.0] * 50, {3}, [(3, 1.0)], lambda tied: {pk: pk for pk in tied})
    assert placed is None
    assert search_matches.replaced(ids, [float(pk) for pk in ids], {3}, [(3, 2.5)], lambda t: {pk: pk for pk in t})
