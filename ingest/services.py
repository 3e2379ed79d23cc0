"""Bring a summary in: read it, keep it as a source document, and make draft records of what is accepted.

A real run writes drafts only (never public), each with a history version and the span of its
excerpt in the document. The same file twice (by SHA-256) adds nothing. A refused file writes
nothing. Candidates (recommendations found in the prose) wait for a person to accept them in the
admin's review; only proposals marked accepted become records.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gfmd_portal.history import record_versions
from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import (
    Framework,
    KeyPoint,
    Organisation,
    Practice,
    Roundtable,
    RoundtableRole,
    RoundtableSession,
    SourceDocument,
    Summit,
)

from .extract import Refused, extract_text
from .parser import Vocabulary, fold, parse

ACCEPTED, PENDING, REJECTED = "accepted", "pending", "rejected"
DECISIONS = (ACCEPTED, PENDING, REJECTED)
PARTS = ("roles", "key_points", "practices", "frameworks", "recommendations")


@dataclass
class Parsed:
    """A read file: its text, digest and the parser's proposals, each with a decision."""

    name: str
    data: bytes
    text: str
    sha256: str
    proposals: dict


@dataclass
class Report:
    """What an ingestion did (or, in a dry run, would do)."""

    parsed: Parsed
    document: SourceDocument | None = None
    duplicate: bool = False
    created: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)

    @property
    def pending(self):
        return sum(
            1
            for roundtable in self.parsed.proposals["roundtables"]
            for item in roundtable["recommendations"]
            if item["decision"] == PENDING
        )


def read_file(*, data, name, vocabulary=None):
    """Parse a file into proposals; Refused (nothing written) when it is empty, binary, encrypted or not a summary."""
    text = extract_text(data)
    proposals = parse(text, vocabulary or Vocabulary.from_database())
    for roundtable in proposals["roundtables"]:
        roundtable["decision"] = ACCEPTED
        for part in PARTS:
            for item in roundtable[part]:
                item["decision"] = PENDING if item.get("candidate") else ACCEPTED
                if part == "roles" and not (item["country"] or item["organisation"]):
                    item["decision"] = REJECTED  # a role without a known holder cannot be recorded
    return Parsed(name=name, data=data, text=text, sha256=hashlib.sha256(data).hexdigest(), proposals=proposals)


def as_json(parsed):
    """The --json output: the document and its roundtables, made_by spelt as in the contract ("member-states")."""
    roundtables = []
    for roundtable in parsed.proposals["roundtables"]:
        item = {key: value for key, value in roundtable.items() if key != "decision"}
        item["recommendations"] = [
            {**{k: v for k, v in rec.items() if k != "decision"}, "made_by": rec["made_by"].replace("_", "-")}
            for rec in roundtable["recommendations"]
        ]
        for part in ("roles", "key_points", "practices", "frameworks"):
            item[part] = [{k: v for k, v in entry.items() if k != "decision"} for entry in roundtable[part]]
        roundtables.append(item)
    return {"document": {"text": parsed.text, "sha256": parsed.sha256}, "roundtables": roundtables}


def find_summit(summit_year):
    if summit_year is None:
        summits = list(Summit.objects.all()[:2])
        if len(summits) != 1:
            raise Refused(_("Say which summit the summary belongs to (its year)."))
        return summits[0]
    summit = Summit.objects.filter(year=summit_year).first()
    if summit is None:
        raise Refused(_("There is no summit of %(year)d: add it in the admin first.") % {"year": summit_year})
    return summit


def session_number_of(proposals, session_number):
    numbers = {int(roundtable["code"].split(".")[0]) for roundtable in proposals["roundtables"]}
    if session_number is None:
        if len(numbers) != 1:
            raise Refused(_("The roundtables belong to several sessions: say which session the summary is about."))
        return numbers.pop()
    if numbers != {session_number}:
        raise Refused(
            _("The roundtables' codes (%(codes)s) do not belong to session %(number)d.")
            % {"codes": ", ".join(r["code"] for r in proposals["roundtables"]), "number": session_number}
        )
    return session_number


def check_place(*, summit, proposals):
    """Refuse a roundtable whose code or address the summit already has."""
    for roundtable in proposals["roundtables"]:
        if roundtable["decision"] != ACCEPTED or roundtable.get("created"):
            continue
        code = roundtable["code"]
        if Roundtable.objects.filter(summit=summit, code=code).exists():
            raise Refused(
                _("Roundtable %(code)s of the %(year)d summit exists already.") % {"code": code, "year": summit.year}
            )
        if Roundtable.objects.filter(slug=slug_for(summit, code)).exists():
            raise Refused(_("The address %(slug)s is taken.") % {"slug": slug_for(summit, code)})


def slug_for(summit, code):
    return f"{summit.year}-{code.replace('.', '-')}"


def summary_ingest(*, data, name, summit_year=None, session_number=None, dry_run, user=None):
    """Read a file and, unless dry_run, store it and create the drafts of what is accepted."""
    parsed = read_file(data=data, name=name)
    existing = SourceDocument.objects.filter(sha256=parsed.sha256).first()
    if existing is not None:
        return Report(parsed=parsed, document=existing, duplicate=True)
    report = Report(parsed=parsed)
    if dry_run:
        return report
    summit = find_summit(summit_year)
    number = session_number_of(parsed.proposals, session_number)
    check_place(summit=summit, proposals=parsed.proposals)
    with transaction.atomic():
        document = document_store(parsed=parsed, summit=summit, session_number=number, user=user)
        report.document = document
        report.created, report.skipped = drafts_create(document=document, user=user)
    return report


def document_store(*, parsed, summit, session_number, user=None, state=SourceDocument.State.IN_REVIEW):
    """Keep the file, its text and the proposals; the session is created when the summit has none of that number."""
    introduction = parsed.proposals.get("introduction")
    session, _created = RoundtableSession.objects.get_or_create(
        summit=summit,
        number=session_number,
        defaults={
            "title": f"Roundtable session {session_number}",
            "introduction": fold(introduction["excerpt"]) if introduction else "",
            "source_excerpt": introduction["excerpt"] if introduction else "",
        },
    )
    document = SourceDocument(
        file_name=parsed.name[:255],
        data=parsed.data,
        text=parsed.text,
        sha256=parsed.sha256,
        summit=summit,
        session=session,
        uploaded_by=user,
        uploaded_at=timezone.now(),
        state=state,
        proposals=parsed.proposals,
    )
    document._history_user = user
    document._change_reason = _("Uploaded")
    document.save()
    return document


def _checked(record):
    """Save a record after the checks a form would make, the excerpt's span among them."""
    try:
        record.full_clean(validate_unique=False)
    except ValidationError as error:
        messages = "; ".join(message for messages in error.message_dict.values() for message in messages)
        raise Refused(
            _("%(record)s cannot be created: %(problem)s") % {"record": record, "problem": messages}
        ) from error
    # One version each, written with its relations by record_versions once everything is saved.
    record.skip_history_when_saving = True
    record.save()
    return record


def _span(document, item):
    return {
        "source_excerpt": item["excerpt"],
        "source_document": document,
        "source_start": item["start"],
        "source_end": item["end"],
    }


def _next_number(queryset):
    return (queryset.aggregate(top=Max("number"))["top"] or 0) + 1


def drafts_create(*, document, user=None):
    """Create, in one transaction, a draft of every accepted proposal not created yet; ({model: count}, [skipped])."""
    proposals = document.proposals
    summit = document.summit
    created = {"roundtables": [], "roles": 0, "key_points": [], "practices": [], "recommendations": []}
    skipped = []
    frameworks = {framework.slug: framework for framework in Framework.objects.all()}
    with transaction.atomic():
        check_place(summit=summit, proposals=proposals)
        for proposal in proposals["roundtables"]:
            if proposal["decision"] != ACCEPTED:
                continue
            roundtable = _roundtable(document, proposal, created)
            _roles(document, roundtable, proposal, created, skipped)
            for item in proposal["key_points"]:
                if item["decision"] == ACCEPTED and not item.get("created"):
                    heading = item["heading"] or item["text"][:80]
                    point = _checked(
                        KeyPoint(
                            roundtable=roundtable,
                            number=_next_number(roundtable.key_points.all()),
                            heading=heading[:200],
                            text=item["text"],
                            **_span(document, item),
                        )
                    )
                    item["created"] = point.pk
                    created["key_points"].append(point.pk)
            for item in proposal["practices"]:
                if item["decision"] == ACCEPTED and not item.get("created"):
                    practice = _checked(
                        Practice(
                            roundtable=roundtable,
                            number=_next_number(roundtable.practices.all()),
                            country_id=item["country"],
                            title=item["text"][:200],
                            description=item["text"],
                            **_span(document, item),
                        )
                    )
                    item["created"] = practice.pk
                    created["practices"].append(practice.pk)
            cited = [
                (item, frameworks[item["slug"]])
                for item in proposal["frameworks"]
                if item["decision"] == ACCEPTED and item["slug"] in frameworks
            ]
            roundtable.frameworks.add(*[framework for _item, framework in cited])
            for item in proposal["recommendations"]:
                if item["decision"] == ACCEPTED and not item.get("created"):
                    recommendation = _checked(
                        Recommendation(
                            roundtable=roundtable,
                            number=_next_number(roundtable.recommendations.all()),
                            text=item["text"],
                            made_by=item["made_by"],
                            status=Status.DRAFT,
                            **_span(document, item),
                        )
                    )
                    # The frameworks the roundtable cites within the recommendation's own passage.
                    recommendation.frameworks.add(
                        *[f for cite, f in cited if item["start"] <= cite["start"] and cite["end"] <= item["end"]]
                    )
                    item["created"] = recommendation.pk
                    created["recommendations"].append(recommendation.pk)
        reason = _("Created from %(file)s") % {"file": document.file_name}
        for model, key in (
            (Roundtable, "roundtables"),
            (KeyPoint, "key_points"),
            (Practice, "practices"),
            (Recommendation, "recommendations"),
        ):
            record_versions(model=model, pks=created[key], history_type="+", user=user, reason=reason)
        document.state = SourceDocument.State.IMPORTED
        document.proposals = proposals
        document._history_user = user
        document._change_reason = _("Drafts created")
        document.save()
    counts = {key: len(value) if isinstance(value, list) else value for key, value in created.items()}
    return counts, skipped


def _roundtable(document, proposal, created):
    if proposal.get("created"):
        return Roundtable.objects.get(pk=proposal["created"])
    roundtable = Roundtable(
        session=document.session,
        summit=document.summit,
        code=proposal["code"],
        slug=slug_for(document.summit, proposal["code"]),
        title=proposal["title"][:250],
        status=Status.DRAFT,
        **_span(document, proposal),
    )
    _checked(roundtable)
    proposal["created"] = roundtable.pk
    created["roundtables"].append(roundtable.pk)
    return roundtable


def _roles(document, roundtable, proposal, created, skipped):
    orders = {}
    holders = set(roundtable.roles.values_list("country_id", "organisation_id"))
    for item in proposal["roles"]:
        if item["decision"] != ACCEPTED or item.get("created"):
            continue
        holder = (item["country"], item["organisation"])
        if not any(holder) or holder in holders:
            skipped.append(item["name"])
            continue
        holders.add(holder)
        orders[item["role"]] = orders.get(item["role"], 0) + 1
        organisation = None
        if item["organisation"]:
            organisation = Organisation.objects.get(slug=item["organisation"])
        role = _checked(
            RoundtableRole(
                roundtable=roundtable,
                role=item["role"],
                country_id=item["country"],
                organisation=organisation,
                order=orders[item["role"]],
                **_span(document, item),
            )
        )
        item["created"] = role.pk
        created["roles"] += 1
