"""Fill the database with synthetic, published recommendations for benchmarks and load tests.

Real content is small; performance has to hold at the size of many summits. The generator is
seeded, so two runs with the same arguments produce the same data.

The summits, roundtables and reference records are written in one transaction, then the
recommendations and their links in one transaction per batch of 5,000. Each batch's link
inserts make the triggers write its recommendations again (their topics, see topics.py); on
PostgreSQL a VACUUM of the table after each batch lets the next one reuse the space those writes
left, where one transaction for everything left a table more than twice its size (323 MB
against 140 MB at 100,000 rows) and every full read of it twice as slow.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from recommendations.models import Recommendation
from roundtables.models import (
    Actor,
    Country,
    Framework,
    Roundtable,
    RoundtableRole,
    RoundtableSession,
    Status,
    Summit,
    Theme,
)

WORDS = (  # noqa: SIM905
    "migration migrants labour mobility trafficking smuggling protection rights governance crisis climate "
    "disaster return reintegration diaspora remittances integration inclusion xenophobia partnership "
    "cooperation regional consultative process compact development women children border consular "
    "evacuation research evidence skills education family reunification employers recruitment"
).split()
BATCH = 5000


class Command(BaseCommand):
    help = "Generate N synthetic published recommendations across many summits, roundtables and countries."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="How many recommendations (default 100,000).")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--per-roundtable", type=int, default=200, help="Recommendations per roundtable.")

    def handle(self, *args, count, seed, per_roundtable, **options):
        if count < 1 or per_roundtable < 1:
            raise CommandError("--count and --per-roundtable must be positive.")
        rng = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            roundtables, references = self._references(rng, count, per_roundtable)
        done = 0
        while done < count:
            with transaction.atomic():
                done = self._batch(rng, done, count, per_roundtable, roundtables, references)
            if connection.vendor == "postgresql" and not connection.in_atomic_block:  # VACUUM needs autocommit
                with connection.cursor() as cursor:
                    cursor.execute(f"VACUUM {connection.ops.quote_name(Recommendation._meta.db_table)}")
            self.stdout.write(f"  {done:,} / {count:,}")
        self.stdout.write(
            self.style.SUCCESS(f"Generated {count:,} recommendations in {time.perf_counter() - started:.1f} s.")
        )

    def _references(self, rng, count, per_roundtable):
        """The countries, themes, frameworks and actors (those there are, else synthetic ones) and
        the roundtables the recommendations go in, with their summits, sessions and roles."""
        countries = list(Country.objects.all())
        for i in range(max(0, 60 - len(countries))):
            code = f"Z{i // 26 % 26 + 65:c}{i % 26 + 65:c}"
            countries.append(Country.objects.get_or_create(iso3=code, defaults={"name": f"Synthetic {code}"})[0])
        themes = list(Theme.objects.all()) or [
            Theme.objects.create(slug=f"theme-{i}", name=f"Theme {i}", description="Synthetic") for i in range(12)
        ]
        frameworks = list(Framework.objects.all()) or [
            Framework.objects.create(
                slug=f"fw-{i}", name=f"Framework {i}", short_name=f"FW{i}", kind="framework", description="Synthetic"
            )
            for i in range(10)
        ]
        actors = list(Actor.objects.all()) or [
            Actor.objects.create(slug=f"actor-{i}", name=f"Actor {i}") for i in range(8)
        ]
        host = countries[0]
        roundtable_count = -(-count // per_roundtable)
        per_summit = 12
        summits_needed = -(-roundtable_count // per_summit)
        first_number = (Summit.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        roundtables = []
        for s in range(summits_needed):
            number = first_number + s
            summit = Summit.objects.create(
                number=number,
                year=1990 + number,
                title=f"Synthetic summit {number}",
                city="Synthetic",
                host_country=host,
            )
            sessions = [
                RoundtableSession.objects.create(summit=summit, number=n, title=f"Synthetic session {n}")
                for n in (1, 2, 3)
            ]
            for r in range(min(per_summit, roundtable_count - len(roundtables))):
                session = sessions[r % 3]
                code = f"{session.number}.{r // 3 + 1}"
                roundtables.append(
                    Roundtable(
                        session=session,
                        summit=summit,
                        code=code,
                        slug=f"syn-{summit.year}-{code.replace('.', '-')}",
                        title=" ".join(rng.choices(WORDS, k=6)).capitalize(),
                        status=Status.PUBLISHED,
                    )
                )
        roundtables = Roundtable.objects.bulk_create(roundtables)
        alignment_references()
        roles = []
        for rt in roundtables:
            holders = rng.sample(countries, 3)
            roles += [
                RoundtableRole(roundtable=rt, country=holders[0], role="co_chair", order=1),
                RoundtableRole(roundtable=rt, country=holders[1], role="co_chair", order=2),
                RoundtableRole(roundtable=rt, country=holders[2], role="rapporteur", order=1),
            ]
        RoundtableRole.objects.bulk_create(roles, batch_size=BATCH)
        return roundtables, (themes, frameworks, actors)

    def _batch(self, rng, done, count, per_roundtable, roundtables, references):
        """Write the recommendations from `done` on (a batch of them) with their links; how many are done then."""
        themes, frameworks, actors = references
        through = (Recommendation.themes.through, Recommendation.frameworks.through, Recommendation.actors.through)
        made_by = [c for c, _ in Recommendation.MadeBy.choices]
        batch = []
        for i in range(done, min(done + BATCH, count)):
            rt = roundtables[i // per_roundtable]
            words = rng.choices(WORDS, k=rng.randint(25, 45))
            batch.append(
                Recommendation(
                    roundtable=rt,
                    number=i % per_roundtable + 1,
                    text=" ".join(words).capitalize() + ".",
                    source_excerpt=" ".join(words[: rng.randint(10, 25)]),
                    made_by=rng.choice(made_by),
                    status=Status.PUBLISHED,
                )
            )
        created = Recommendation.objects.bulk_create(batch, batch_size=1000)
        links = ([], [], [])
        for rec in created:
            for theme in rng.sample(themes, rng.randint(1, 3)):
                links[0].append(through[0](recommendation_id=rec.pk, theme_id=theme.pk))
            for framework in rng.sample(frameworks, rng.randint(0, 2)):
                links[1].append(through[1](recommendation_id=rec.pk, framework_id=framework.pk))
            for actor in rng.sample(actors, rng.randint(1, 2)):
                links[2].append(through[2](recommendation_id=rec.pk, actor_id=actor.pk))
        for model, rows in zip(through, links, strict=True):
            model.objects.bulk_create(rows, batch_size=BATCH)
        align(rng, [rec.pk for rec in created])
        return done + len(batch)


# The alignments (another app's, reached through the recommendation's reverse relation: that app
# builds on this one): about one recommendation in four supports one or two GCM objectives, one
# in five an SDG target, as editors' readings would spread.
ALIGNED_GCM, ALIGNED_SDG = 0.25, 0.2


def _alignment_models():
    alignment = Recommendation._meta.get_field("alignments").related_model
    objective = alignment._meta.get_field("gcm_objective").related_model
    target = alignment._meta.get_field("sdg_target").related_model
    return alignment, objective, target, target._meta.get_field("goal").related_model


def alignment_references():
    """The GCM objectives and SDG targets there are, else synthetic ones: (objectives, targets)."""
    _alignment, objective, target, goal = _alignment_models()
    objectives = list(objective.objects.all()) or [
        objective.objects.create(
            number=n, short_title=f"Objective {n}", title=f"Synthetic objective {n}", source_reference="Synthetic"
        )
        for n in range(1, 24)
    ]
    targets = list(target.objects.all())
    if not targets:
        goals = [
            goal.objects.get_or_create(number=n, defaults={"title": f"Synthetic goal {n}"})[0]
            for n in (5, 8, 10, 16, 17)
        ]
        targets = [
            target.objects.create(
                code=f"{g.number}.{t}", goal=g, text=f"Synthetic target {g.number}.{t}", source_reference="Synthetic"
            )
            for g in goals
            for t in (1, 2, 3, 7)
        ]
    return objectives, targets


def align(rng, ids, references=None):
    """Align some of these recommendations with GCM objectives and SDG targets (seeded by rng)."""
    alignment = _alignment_models()[0]
    objectives, targets = references or alignment_references()
    rows = []
    for pk in ids:
        if rng.random() < ALIGNED_GCM:
            for objective in rng.sample(objectives, rng.randint(1, 2)):
                rows.append(alignment(recommendation_id=pk, gcm_objective=objective, rationale="Synthetic reading"))
        if rng.random() < ALIGNED_SDG:
            rows.append(alignment(recommendation_id=pk, sdg_target=rng.choice(targets), rationale="Synthetic reading"))
    alignment.objects.bulk_create(rows, batch_size=BATCH)
