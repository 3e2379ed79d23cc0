"""Write fixtures/initial_data.json from roundtables/content.py, checked against the source.

The fixture is generated so that it stays reproducible and traceable: the same content always
gives the same file, and no excerpt that is missing from the summary can get into it.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alignment import content as alignment_content
from alignment import content_es as alignment_content_es
from alignment import content_fr as alignment_content_fr
from alignment.models import SdgTarget
from roundtables import content, content_es, content_fr
from roundtables.source import locate

FIXTURE = settings.BASE_DIR / "fixtures" / "initial_data.json"
REFERENCE_FIXTURE = settings.BASE_DIR / "fixtures" / "reference.json"

# The editors' unofficial French and Spanish versions of the content, by language.
TRANSLATED = {"fr": (content_fr, alignment_content_fr), "es": (content_es, alignment_content_es)}


def translations_of(section, key, *fields, reference=False):
    """The French and Spanish columns of one record, e.g. {"name_fr": ..., "name_es": ...}.

    `section` names the record's list in each language's module (roundtables.content_xx, or
    alignment.content_xx with reference=True) and `key` the record in it (None: the section is
    the record). An entry is a text, a tuple of texts in the order of `fields`, or a dict.
    """
    columns = {}
    for language, (main, aligned) in TRANSLATED.items():
        entry = getattr(aligned if reference else main, section)
        entry = entry if key is None else entry[key]
        if isinstance(entry, str):
            entry = (entry,)
        values = [entry[field] for field in fields] if isinstance(entry, dict) else list(entry)
        for field, value in zip(fields, values, strict=True):
            columns[f"{field}_{language}"] = value
    return columns


UNOFFICIAL = {"unofficial_translation": True}


def build_reference_records():
    """GCM objectives, SDG goals and SDG targets with their official wording."""
    records = []
    for number, short_title, title in alignment_content.GCM_OBJECTIVES:
        records.append(
            {
                "model": "alignment.gcmobjective",
                "pk": number,
                "fields": {
                    "number": number,
                    "short_title": short_title,
                    "title": title,
                    "source_reference": alignment_content.GCM_SOURCE,
                    **translations_of("GCM_OBJECTIVES", number, "short_title", "title", reference=True),
                    **UNOFFICIAL,
                },
            }
        )
    for number, title in alignment_content.SDG_GOALS:
        fields = {"number": number, "title": title, **translations_of("SDG_GOALS", number, "title", reference=True)}
        records.append({"model": "alignment.sdggoal", "pk": number, "fields": {**fields, **UNOFFICIAL}})
    for pk, (code, text) in enumerate(alignment_content.SDG_TARGETS, start=1):
        records.append(
            {
                "model": "alignment.sdgtarget",
                "pk": pk,
                "fields": {
                    "code": code,
                    "goal": int(code.split(".")[0]),
                    "text": text,
                    **translations_of("SDG_TARGETS", code, "text", reference=True),
                    "source_reference": alignment_content.SDG_SOURCE,
                    "sort_key": SdgTarget.make_sort_key(code),
                    **UNOFFICIAL,
                },
            }
        )
    return records


def build_records():
    """Return the fixture as a list of Django serialisation records."""
    ts = content.TIMESTAMP
    records = []

    def add(model, pk, **fields):
        records.append({"model": model, "pk": pk, "fields": fields})

    for iso3, name in content.COUNTRIES:
        add("roundtables.country", iso3, name=name, **translations_of("COUNTRIES", iso3, "name"))
    theme_pk = {}
    for pk, (slug, name, description) in enumerate(content.THEMES, start=1):
        theme_pk[slug] = pk
        names = translations_of("THEMES", slug, "name", "description")
        add("roundtables.theme", pk, slug=slug, name=name, description=description, **names, **UNOFFICIAL)
    actor_pk = {}
    for pk, (slug, name, description) in enumerate(content.ACTORS, start=1):
        actor_pk[slug] = pk
        names = translations_of("ACTORS", slug, "name", "description")
        add("roundtables.actor", pk, slug=slug, name=name, description=description, **names, **UNOFFICIAL)
    framework_pk = {}
    for pk, fw in enumerate(content.FRAMEWORKS, start=1):
        framework_pk[fw["slug"]] = pk
        names = translations_of("FRAMEWORKS", fw["slug"], "name", "short_name", "description")
        add("roundtables.framework", pk, **fw, **names, **UNOFFICIAL)

    summit = dict(content.SUMMIT)
    summit_pk = summit.pop("pk")
    add("roundtables.summit", summit_pk, **summit, **translations_of("SUMMIT", None, "title", "city"), **UNOFFICIAL)
    session = dict(content.SESSION)
    session_pk = session.pop("pk")
    names = translations_of("SESSION", None, "title", "introduction")
    add("roundtables.roundtablesession", session_pk, summit=summit_pk, **session, **names, **UNOFFICIAL)

    role_pk = key_point_pk = practice_pk = recommendation_pk = 0
    recommendation_pk_by_key = {}
    for rt in content.ROUNDTABLES:
        add(
            "roundtables.roundtable",
            rt["pk"],
            session=session_pk,
            summit=summit_pk,
            code=rt["code"],
            slug=rt["slug"],
            title=rt["title"],
            **translations_of("ROUNDTABLES", rt["slug"], "title"),
            unofficial_translation=True,
            summary=rt["summary"],
            source_excerpt=rt["source_excerpt"],
            frameworks=[framework_pk[s] for s in rt["frameworks"]],
            status="published",
            created_at=ts,
            updated_at=ts,
        )
        for iso3, role, order, excerpt in rt["roles"]:
            role_pk += 1
            add(
                "roundtables.roundtablerole",
                role_pk,
                roundtable=rt["pk"],
                role=role,
                country=iso3,
                organisation=None,
                order=order,
                source_excerpt=excerpt,
            )
        for number, (heading, text, excerpt) in enumerate(rt["key_points"], start=1):
            key_point_pk += 1
            add(
                "roundtables.keypoint",
                key_point_pk,
                roundtable=rt["pk"],
                number=number,
                heading=heading,
                text=text,
                source_excerpt=excerpt,
            )
        for number, (iso3, title, description, excerpt) in enumerate(rt["practices"], start=1):
            practice_pk += 1
            add(
                "roundtables.practice",
                practice_pk,
                roundtable=rt["pk"],
                number=number,
                country=iso3,
                title=title,
                description=description,
                source_excerpt=excerpt,
            )
        for number, rec in enumerate(rt["recommendations"], start=1):
            recommendation_pk += 1
            add(
                "recommendations.recommendation",
                recommendation_pk,
                roundtable=rt["pk"],
                number=number,
                text=rec["text"],
                made_by=rec["made_by"],
                source_excerpt=rec["source_excerpt"],
                editorial_note=rec.get("editorial_note", ""),
                themes=[theme_pk[s] for s in rec["themes"]],
                frameworks=[framework_pk[s] for s in rec["frameworks"]],
                actors=[actor_pk[s] for s in rec["actors"]],
                status="published",
                created_at=ts,
                updated_at=ts,
            )
            recommendation_pk_by_key[rt["code"], number] = recommendation_pk

    target_pk = {code: pk for pk, (code, _text) in enumerate(alignment_content.SDG_TARGETS, start=1)}
    alignment_pk = 0
    for key, links in alignment_content.ALIGNMENTS.items():
        # Each language's rationales, in the order of the English ones ("" where there is none yet).
        rationales = {
            language: aligned.RATIONALES.get(key, [""] * len(links))
            for language, (_main, aligned) in TRANSLATED.items()
        }
        for index, (kind, ref, rationale) in enumerate(links):
            alignment_pk += 1
            translated = {}
            for language, (_main, aligned) in TRANSLATED.items():
                if len(rationales[language]) != len(links):
                    raise CommandError(f"{aligned.__name__}.RATIONALES{key}: one rationale for each alignment")
                translated[f"rationale_{language}"] = rationales[language][index]
                translated[f"aligned_by_{language}"] = aligned.ALIGNED_BY
            add(
                "alignment.alignment",
                alignment_pk,
                recommendation=recommendation_pk_by_key[key],
                gcm_objective=ref if kind == "gcm" else None,
                sdg_target=target_pk[ref] if kind == "sdg" else None,
                rationale=rationale,
                aligned_by=alignment_content.ALIGNED_BY,
                aligned_on=alignment_content.ALIGNED_ON,
                **translated,
            )
    return records


def missing_excerpts(records):
    """Excerpts of the records that cannot be found in the source document."""
    return [
        (r["model"], r["pk"], r["fields"]["source_excerpt"])
        for r in records
        if r["fields"].get("source_excerpt") and locate(r["fields"]["source_excerpt"]) is None
    ]


def render(records):
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Build fixtures/initial_data.json from the content module, checking every excerpt."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the committed fixture is stale.")

    def handle(self, *args, check=False, **options):
        records = build_records()
        missing = missing_excerpts(records)
        if missing:
            lines = "\n".join(f"  {model} #{pk}: {excerpt[:70]!r}" for model, pk, excerpt in missing)
            raise CommandError(f"These excerpts are not in the source document:\n{lines}")
        outputs = [(FIXTURE, records), (REFERENCE_FIXTURE, build_reference_records())]
        for path, recs in outputs:
            text = render(recs)
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(f"{path.name} is stale: run `python manage.py build_fixtures`.")
                self.stdout.write(self.style.SUCCESS(f"{path.name} is up to date ({len(recs)} records)."))
            else:
                path.write_text(text, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Wrote {len(recs)} records to {path}."))
