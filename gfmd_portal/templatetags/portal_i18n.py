"""Templates' side of the three languages: translated content with its marker, and the language links.

{% load portal_i18n %}
{{ roundtable|tr:"title" }}        the French title on /fr/, or the English one marked "not yet translated"
{{ roundtable|tr_lines:"summary" }} the same, line breaks kept
{{ roundtable|tr_text:"title" }}   plain text, no marker (for <title>, attributes, meta)
{{ row.text_shown|shown }}              a Text chosen already (list rows), marked when English stands in
{% language_links as languages %}  this page in each language, filters kept
"""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gfmd_portal.i18n import DEFAULT_LANGUAGE, Text, current_language, text_in

register = template.Library()


def _text(obj, field):
    if obj is None:
        return Text("", DEFAULT_LANGUAGE, current_language())
    if isinstance(obj, dict):
        return text_in(obj, field)
    return obj.translation(field)


def text_html(text, html=None):
    """HTML of a Text: as it is when in the page's language, else in a lang="en" span, marked."""
    if not text.is_fallback:
        return html if html is not None else format_html("{}", text.value)
    body = html if html is not None else text.value
    return format_html(
        '<span lang="{}">{}</span> <span class="untranslated">{}</span>',
        text.language,
        body,
        _("not yet translated"),
    )


@register.filter
def tr(obj, field):
    """The field in the page's language, or the English text with a visible "not yet translated"."""
    return text_html(_text(obj, field))


@register.filter
def shown(text):
    """A Text already chosen for the page (a list row's): as it is, or marked "not yet translated"."""
    return text_html(text)


@register.filter
def tr_lines(obj, field):
    """As tr, for multi-paragraph text: paragraphs and line breaks kept."""
    text = _text(obj, field)
    return text_html(text, mark_safe(linebreaks(text.value, autoescape=True)))  # noqa: S308 - escaped by linebreaks


@register.filter
def english_only(value):
    """A text kept in English only (an editorial note, say): marked as such on French and Spanish pages."""
    if not value:
        return ""
    return text_html(Text(str(value), DEFAULT_LANGUAGE, current_language()))


@register.filter
def tr_text(obj, field):
    """The field in the page's language, or the English text, as plain text with no marker."""
    return _text(obj, field).value


@register.simple_tag(takes_context=True)
def language_links(context):
    """[{code, name, url, current}] for each language: this very page (path and query) in that language."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = current_language()
    # With a foreign Host header (the 400 page), _absolute() leaves the links relative.
    absolute = request.build_absolute_uri if request is not None else str
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code) if request is not None else f"/{code}/"
        prefix = f"/{code}"
        unprefixed = url.removeprefix(prefix) if url.startswith(prefix + "/") else ""
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": _absolute(absolute, url),
                # The address without a language, which sends each reader to their own.
                "unprefixed_url": _absolute(absolute, unprefixed) if unprefixed else "",
                "current": code == current,
            }
        )
    return links


def _absolute(build, url):
    try:
        return build(url)
    except DisallowedHost:
        return url


@register.filter
def unofficial(obj):
    """True when the page shows the portal's own (unofficial) translation of this record."""
    language = current_language()
    return (
        language != DEFAULT_LANGUAGE and getattr(obj, "unofficial_translation", False) and obj.has_translation(language)
    )
