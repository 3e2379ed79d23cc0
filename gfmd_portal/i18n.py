"""Content in English, French and Spanish: translated columns, the fallback to English, and its marker.

English is the language of record: a translatable field keeps its English text in the column it
always had (`title`), and each other language adds one column beside it (`title_fr`,
`title_es`), empty until the secretariat enters a translation. Reading a field in a language
returns that language's text, or the English text flagged as a fallback, never an empty value.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DEFAULT_LANGUAGE = "en"
# The languages a record can be translated into (English is the record itself).
TRANSLATION_LANGUAGES = ("fr", "es")
LANGUAGE_NAMES = {"fr": _("French"), "es": _("Spanish")}


def translations(field):
    """The French and Spanish columns of `field`, declared in the model beside it:

        title = models.CharField(_("title"), max_length=250)
        title_fr, title_es = translations(title)

    Each is optional (blank), never unique, and labelled "title (French)" in the admin.
    """
    columns = []
    for language in TRANSLATION_LANGUAGES:
        _name, _path, args, kwargs = field.deconstruct()
        for option in ("primary_key", "unique", "db_index", "null", "default", "help_text", "validators"):
            kwargs.pop(option, None)
        kwargs.update(
            blank=True, default="", verbose_name=format_lazy("{} ({})", field.verbose_name, LANGUAGE_NAMES[language])
        )
        columns.append(field.__class__(*args, **kwargs))
    return tuple(columns)


def current_language():
    """The active language if the portal offers it, else English (a bare "fr-ca" reads as "fr")."""
    language = (get_language() or DEFAULT_LANGUAGE).lower()
    offered = {code for code, _name in settings.LANGUAGES}
    if language in offered:
        return language
    base = language.split("-")[0]
    return base if base in offered else DEFAULT_LANGUAGE


def column(field, language=None):
    """The column holding `field` in `language`: "title" for English, "title_fr" for French."""
    language = language or current_language()
    return field if language == DEFAULT_LANGUAGE else f"{field}_{language}"


@dataclass(frozen=True)
class Text:
    """A field's text as shown in one language, and the language it is actually in."""

    value: str
    language: str
    asked: str

    @property
    def is_fallback(self):
        """True when the text is English standing in for a missing translation."""
        return self.language != self.asked

    def __str__(self):
        return self.value


def in_language(path, language=None):
    """An ORM expression for `path` ("title", "roundtable__title") in `language`, else its English text."""
    from django.db.models import F, TextField, Value
    from django.db.models.functions import Coalesce, NullIf

    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return F(path)
    return Coalesce(NullIf(F(column(path, language)), Value("")), F(path), output_field=TextField())


def label_sql(model, field, quote, alias="", language=None):
    """SQL for `field` of `model` in `language`, falling back to English, for hand-written queries.

    `quote` is the connection's quote_name; `alias` the table's alias in the query, if any. A
    field without translations (a code, say) is read as it is.
    """
    language = language or current_language()
    prefix = f"{alias}." if alias else ""
    english = f"{prefix}{quote(model._meta.get_field(field).column)}"
    translated = column(field, language)
    if language == DEFAULT_LANGUAGE or translated not in {f.name for f in model._meta.fields}:
        return english
    return f"COALESCE(NULLIF({prefix}{quote(model._meta.get_field(translated).column)}, ''), {english})"


def _chosen(read, field, language):
    """The Text of `field` in `language`, else English; `read(name)` gives a column's value."""
    language = language or current_language()
    if language != DEFAULT_LANGUAGE:
        translated = read(column(field, language)) or ""
        if translated:
            return Text(translated, language, language)
    return Text(read(field) or "", DEFAULT_LANGUAGE, language)


def text_in(values, field, language=None):
    """`field` of a row given as a mapping (e.g. `.values()`), in `language` or English."""
    return _chosen(values.get, field, language)


class Translatable:
    """Mixin for models with translated columns; `translated_fields` names the English ones."""

    translated_fields = ()

    def translation(self, field, language=None):
        """The field's Text in `language` (default: the active one), falling back to English."""
        return _chosen(lambda name: getattr(self, name, ""), field, language)

    def localized(self, field, language=None):
        """The field's text in `language`, or the English text: plain str, no marker."""
        return self.translation(field, language).value

    def has_translation(self, language):
        return any(getattr(self, column(f, language), "") for f in self.translated_fields)


def unofficial_flag():
    """The flag saying a record's French and Spanish texts are the portal's own translation."""
    from django.db import models

    return models.BooleanField(
        _("unofficial translation"),
        default=False,
        help_text=_("Tick when the French and Spanish texts are the portal's own, not an official GFMD translation."),
    )
