"""Write fixtures/initial_data.json and reference.json from content/data/, checked against the source.

The fixtures are generated so that they stay reproducible and traceable: the same data files
always give the same bytes, and no excerpt that is missing from the summary can get into them.
The data files are checked whole before anything is written, so a refused file leaves the
fixtures as they were.
"""

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alignment.models import SdgTarget
from content.loader import DATA_DIR, LANGUAGES, ContentError, load, shown
from roundtables.source import locate

# The records a source document's span ties to their passage, and the document's pk in the fixture.
SPANNED = {
    "roundtables.roundtable",
    "roundtables.roundtablerole",
    "roundtables.keypoint",
    "roundtables.practice",
    "recommendations.recommendation",
    "continuity.roundtablelink",
}
DOCUMENT_PK = 1

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
FIXTURE = "initial_data.json"
REFERENCE_FIXTURE = "reference.json"

UNOFFICIAL = {"unofficial_translation": True}


def translations_of(content, subject, path, *fields):
    """The French and Spanish columns of one entry, e.g. {"name_fr": ..., "name_es": ...}.

    `path` leads to the entry in the subject's English file. A field given as (column, path)
    names a text that is not a field of an entry: a country's name is the value of countries.ARG.
    """
    columns = {}
    for language in LANGUAGES:
        for field in fields:
            column, where = field if isinstance(field, tuple) else (field, (*path, field))
            columns[f"{column}_{language}"] = content.translation(language, subject, *where)
    return columns


def build_reference_records(content):
    """GCM objectives, SDG goals and SDG targets with their official wording."""
    reference = content.english["reference"]
    records = []
    for key, objective in reference["gcm_objectives"].items():
        number = int(key)
        records.append(
            {
                "model": "alignment.gcmobjective",
                "pk": number,
                "fields": {
                    "number": number,
                    "short_title": objective["short_title"],
                    "title": objective["title"],
                    "source_reference": reference["gcm_source"],
                    **translations_of(content, "reference", ("gcm_objectives", key), "short_title", "title"),
                    **UNOFFICIAL,
                },
            }
        )
    for key, goal in reference["sdg_goals"].items():
        number = int(key)
        fields = {
            "number": number,
            "title": goal["title"],
            **translations_of(content, "reference", ("sdg_goals", key), "title"),
        }
        records.append({"model": "alignment.sdggoal", "pk": number, "fields": {**fields, **UNOFFICIAL}})
    for pk, (code, target) in enumerate(reference["sdg_targets"].items(), start=1):
        records.append(
            {
                "model": "alignment.sdgtarget",
                "pk": pk,
                "fields": {
                    "code": code,
                    "goal": int(code.split(".")[0]),
                    "text": target["text"],
                    **translations_of(content, "reference", ("sdg_targets", code), "text"),
                    "source_reference": reference["sdg_source"],
                    "sort_key": SdgTarget.make_sort_key(code),
                    **UNOFFICIAL,
                },
            }
        )
    return records


def build_records(content):
    """Return the portal's content as a list of Django serialisation records."""
    vocabulary = content.english["vocabulary"]
    summary = content.english["roundtables"]
    ts = summary["timestamp"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    records = []

    def add(model, pk, **fields):
        records.append({"model": model, "pk": pk, "fields": fields})

    for iso3, name in vocabulary["countries"].items():
        add(
            "roundtables.country",
            iso3,
            name=name,
            **translations_of(content, "vocabulary", (), ("name", ("countries", iso3))),
        )
    pks = {}
    for table, model in (("themes", "roundtables.theme"), ("actors", "roundtables.actor")):
        pks[table] = {}
        for pk, (slug, entry) in enumerate(vocabulary[table].items(), start=1):
            pks[table][slug] = pk
            names = translations_of(content, "vocabulary", (table, slug), "name", "description")
            add(model, pk, slug=slug, name=entry["name"], description=entry["description"], **names, **UNOFFICIAL)
    pks["frameworks"] = {}
    for pk, (slug, fw) in enumerate(vocabulary["frameworks"].items(), start=1):
        pks["frameworks"][slug] = pk
        names = translations_of(content, "vocabulary", ("frameworks", slug), "name", "short_name", "description")
        add("roundtables.framework", pk, slug=slug, **fw, **names, **UNOFFICIAL)

    summit = dict(summary["summit"])
    summit_pk = summit.pop("pk")
    summit["start_date"] = summit["start_date"].isoformat()
    summit["end_date"] = summit["end_date"].isoformat()
    names = translations_of(content, "roundtables", ("summit",), "title", "city")
    add("roundtables.summit", summit_pk, **summit, **names, **UNOFFICIAL)
    session = dict(summary["session"])
    session_pk = session.pop("pk")
    names = translations_of(content, "roundtables", ("session",), "title", "introduction")
    add("roundtables.roundtablesession", session_pk, summit=summit_pk, **session, **names, **UNOFFICIAL)

    role_pk = key_point_pk = practice_pk = recommendation_pk = link_pk = 0
    recommendation_pk_by_key = {}
    for slug, rt in summary["roundtables"].items():
        add(
            "roundtables.roundtable",
            rt["pk"],
            session=session_pk,
            summit=summit_pk,
            code=rt["code"],
            slug=slug,
            title=rt["title"],
            **translations_of(content, "roundtables", ("roundtables", slug), "title"),
            unofficial_translation=True,
            summary=rt["summary"],
            source_excerpt=rt["source_excerpt"],
            frameworks=[pks["frameworks"][s] for s in rt["frameworks"]],
            status="published",
            created_at=ts,
            updated_at=ts,
        )
        for role in rt["roles"]:
            role_pk += 1
            add(
                "roundtables.roundtablerole",
                role_pk,
                roundtable=rt["pk"],
                role=role["role"],
                country=role["country"],
                organisation=None,
                order=role["order"],
                source_excerpt=role["source_excerpt"],
            )
        for number, point in enumerate(rt["key_points"], start=1):
            key_point_pk += 1
            add(
                "roundtables.keypoint",
                key_point_pk,
                roundtable=rt["pk"],
                number=number,
                heading=point["heading"],
                text=point["text"],
                source_excerpt=point["source_excerpt"],
            )
        for number, practice in enumerate(rt["practices"], start=1):
            practice_pk += 1
            add(
                "roundtables.practice",
                practice_pk,
                roundtable=rt["pk"],
                number=number,
                country=practice["country"],
                title=practice["title"],
                description=practice["description"],
                source_excerpt=practice["source_excerpt"],
            )
        for link in rt["links"]:
            link_pk += 1
            add(
                "continuity.roundtablelink",
                link_pk,
                roundtable=rt["pk"],
                relation=link["relation"],
                earlier=None,
                earlier_year=link["earlier_year"],
                earlier_code=link["earlier_code"],
                source_excerpt=link["passage"],
                created_at=ts,
                updated_at=ts,
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
                editorial_note=rec["editorial_note"],
                themes=[pks["themes"][s] for s in rec["themes"]],
                frameworks=[pks["frameworks"][s] for s in rec["frameworks"]],
                actors=[pks["actors"][s] for s in rec["actors"]],
                status="published",
                created_at=ts,
                updated_at=ts,
            )
            recommendation_pk_by_key[f"{rt['code']}/{number}"] = recommendation_pk

    document = document_record(settings.SOURCE_DOCUMENT, summit=summit_pk, session=session_pk, uploaded_at=ts)
    # The document comes before the records that point at it.
    records.insert(next(i for i, r in enumerate(records) if r["model"] in SPANNED), document)
    add_spans(records, document)

    aligned = content.english["alignments"]
    target_pk = {code: pk for pk, code in enumerate(content.english["reference"]["sdg_targets"], start=1)}
    alignment_pk = 0
    for key, links in aligned["alignments"].items():
        for kind, refs in links.items():
            for ref, rationale in refs.items():
                alignment_pk += 1
                translated = {}
                for language in LANGUAGES:
                    path = ("alignments", key, kind, ref)
                    translated[f"rationale_{language}"] = content.translation(language, "alignments", *path)
                    translated[f"aligned_by_{language}"] = content.translation(language, "alignments", "aligned_by")
                add(
                    "alignment.alignment",
                    alignment_pk,
                    recommendation=recommendation_pk_by_key[key],
                    gcm_objective=int(ref) if kind == "gcm" else None,
                    sdg_target=target_pk[ref] if kind == "sdg" else None,
                    rationale=rationale,
                    aligned_by=aligned["aligned_by"],
                    aligned_on=aligned["aligned_on"].isoformat(),
                    **translated,
                )
    return records


def document_record(path, *, summit, session, uploaded_at):
    """The summary the content was built from, as the portal's first source document."""
    data = path.read_bytes()
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    fields = {
        "file_name": path.name,
        "data": base64.b64encode(data).decode("ascii"),
        "text": text,
        "sha256": hashlib.sha256(data).hexdigest(),
        "summit": summit,
        "session": session,
        "uploaded_by": None,
        "uploaded_at": uploaded_at,
        "state": "imported",
        "proposals": {},
    }
    return {"model": "roundtables.sourcedocument", "pk": DOCUMENT_PK, "fields": fields}


def add_spans(records, document):
    """Tie each record whose excerpt is verbatim in the document (line breaks included) to its span there."""
    text = document["fields"]["text"]
    for record in records:
        fields = record["fields"]
        if record["model"] not in SPANNED:
            continue
        start = text.find(fields["source_excerpt"]) if fields.get("source_excerpt") else -1
        if start >= 0:
            end = start + len(fields["source_excerpt"])
            fields.update(source_document=document["pk"], source_start=start, source_end=end)
        else:
            fields.update(source_document=None, source_start=None, source_end=None)
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
    help = "Build fixtures/initial_data.json and reference.json from content/data/, checking every entry and excerpt."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the committed fixtures are stale.")
        parser.add_argument("--data", type=Path, default=DATA_DIR, help="Folder of the content data files.")
        parser.add_argument("--output", type=Path, default=FIXTURES_DIR, help="Folder the fixtures are written to.")

    def handle(self, *args, check=False, data=DATA_DIR, output=FIXTURES_DIR, **options):
        try:
            content = load(data)
        except ContentError as error:
            raise CommandError(f"Refused, no fixture written: {error}") from error
        records = build_records(content)
        missing = missing_excerpts(records)
        if missing:
            lines = "\n".join(f"  {model} #{pk}: {excerpt[:70]!r}" for model, pk, excerpt in missing)
            raise CommandError(f"These excerpts are not in the source document:\n{lines}")
        outputs = [
            (Path(output) / FIXTURE, records),
            (Path(output) / REFERENCE_FIXTURE, build_reference_records(content)),
        ]
        for path, recs in outputs:
            text = render(recs)
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(f"{path.name} is stale: run `python manage.py build_fixtures`.")
                self.stdout.write(self.style.SUCCESS(f"{path.name} is up to date ({len(recs)} records)."))
            else:
                path.write_text(text, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Wrote {len(recs)} records to {shown(path)}."))
