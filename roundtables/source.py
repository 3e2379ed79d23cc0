"""The source document: reading it and finding excerpts in it despite the PDF's line wrapping."""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

_WHITESPACE = re.compile(r"\s+")


def fold(text):
    """Collapse every run of whitespace to one space, so wrapped lines compare equal."""
    return _WHITESPACE.sub(" ", text).strip()


@cache
def source_text():
    """The folded text of the summary the first content was built from."""
    return fold(settings.SOURCE_DOCUMENT.read_text(encoding="utf-8"))


def locate(excerpt):
    """Return (start, end) of the excerpt in the folded source, or None when it is not there."""
    needle = fold(excerpt)
    if not needle:
        return None
    start = source_text().find(needle)
    if start < 0:
        return None
    return start, start + len(needle)


@dataclass(frozen=True)
class Passage:
    """An excerpt in its place in the source, with the source text around it."""

    before: str
    excerpt: str
    after: str


def passage(excerpt, context=320):
    """The excerpt with the source around it, cut at word boundaries, as a Passage.

    Returns None when the excerpt is not in the source (e.g. a record entered by hand).
    """
    span = locate(excerpt)
    if span is None:
        return None
    text = source_text()
    start, end = span
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0:
        left = text.find(" ", left) + 1
    if right < len(text):
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > end else right
    before, after = text[left:start], text[end:right]
    return Passage(
        before=("… " if left > 0 else "") + before,
        excerpt=text[start:end],
        after=after + (" …" if right < len(text) else ""),
    )
