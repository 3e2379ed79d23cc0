"""A tiny factory module: real rows in the real database, with sensible defaults."""

import itertools

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Country, Roundtable, RoundtableRole, RoundtableSession, Summit, Theme

_seq = itertools.count(1)


def country(iso3="PHL", name=None):
    return Country.objects.get_or_create(iso3=iso3, defaults={"name": name or f"Country {iso3}"})[0]


def summit(year=2016, number=None):
    host = country("BGD", "Bangladesh")
    return Summit.objects.get_or_create(
        number=number or year - 2007,
        defaults={"year": year, "title": f"Summit {year}", "city": "Dhaka", "host_country": host},
    )[0]


def session(summit_obj=None, number=3):
    summit_obj = summit_obj or summit()
    return RoundtableSession.objects.get_or_create(
        summit=summit_obj, number=number, defaults={"title": f"Session {number}"}
    )[0]


def roundtable(code="3.1", session_obj=None, status=Status.PUBLISHED, **fields):
    session_obj = session_obj or session()
    slug = fields.pop("slug", f"{session_obj.summit.year}-{code.replace('.', '-')}")
    return Roundtable.objects.create(
        session=session_obj,
        code=code,
        slug=slug,
        title=fields.pop("title", f"Roundtable {code}"),
        status=status,
        **fields,
    )


def role(roundtable_obj, iso3="PHL", kind=RoundtableRole.Role.CO_CHAIR):
    return RoundtableRole.objects.create(roundtable=roundtable_obj, country=country(iso3), role=kind)


def theme(slug="labour", name=None):
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name or slug.title(), "description": slug})[0]


def recommendation(roundtable_obj=None, number=None, text=None, status=Status.PUBLISHED, themes=(), **fields):
    roundtable_obj = roundtable_obj or roundtable()
    n = next(_seq)
    rec = Recommendation.objects.create(
        roundtable=roundtable_obj,
        number=number or n,
        text=text or f"Recommendation text {n}",
        status=status,
        **fields,
    )
    if themes:
        rec.themes.set(themes)
    return rec
