"""The admin's side of translated content: where editors enter French and Spanish, and find what is missing."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .i18n import LANGUAGE_NAMES, TRANSLATION_LANGUAGES, column

TRANSLATION_HELP = _(
    "Leave a field empty while there is no translation: the portal then shows the English text, "
    "marked “not yet translated”."
)


class MissingTranslationFilter(admin.SimpleListFilter):
    """Records by whether their main text (title, name or text) is translated into each language."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        options = []
        for language in TRANSLATION_LANGUAGES:
            options.append((f"{language}-missing", _("No %(language)s yet") % {"language": LANGUAGE_NAMES[language]}))
        options.append(("complete", _("French and Spanish")))
        return options

    def queryset(self, request, queryset):
        main = queryset.model.translated_fields[0]
        value = self.value() or ""
        if value.endswith("-missing") and value.removesuffix("-missing") in TRANSLATION_LANGUAGES:
            return queryset.filter(**{column(main, value.removesuffix("-missing")): ""})
        if value == "complete":
            for language in TRANSLATION_LANGUAGES:
                queryset = queryset.exclude(**{column(main, language): ""})
            return queryset
        return queryset


class TranslatedAdmin:
    """A ModelAdmin mixin for Translatable models.

    The English fields stay where the admin puts them; the French and Spanish columns move to a
    fieldset per language (collapsed while empty), with the "unofficial translation" flag
    before them. Search reads the translations too, the list says which languages a record
    has, and a filter finds what is missing.
    """

    def _translation_columns(self):
        return [column(field, language) for language in TRANSLATION_LANGUAGES for field in self.model.translated_fields]

    def get_fieldsets(self, request, obj=None):
        moved = set(self._translation_columns()) | {"unofficial_translation"}
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options.get("fields", ()) if f not in moved]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        if any(f.name == "unofficial_translation" for f in self.model._meta.fields):
            fieldsets.append(
                (_("Translations"), {"fields": ["unofficial_translation"], "description": TRANSLATION_HELP})
            )
            help_shown = True
        else:
            help_shown = False
        for language in TRANSLATION_LANGUAGES:
            fields = [column(field, language) for field in self.model.translated_fields]
            empty = obj is None or not any(getattr(obj, f) for f in fields)
            options = {"fields": fields, "classes": ["collapse"] if empty else []}
            if not help_shown:
                options["description"] = TRANSLATION_HELP
                help_shown = True
            fieldsets.append((LANGUAGE_NAMES[language], options))
        return fieldsets

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        translated = [
            column(f, language)
            for f in self.model.translated_fields
            if f in fields
            for language in TRANSLATION_LANGUAGES
        ]
        return [*fields, *translated]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translated_into"]

    @admin.display(description=_("translated into"))
    def translated_into(self, obj):
        main = self.model.translated_fields[0]
        languages = [
            str(LANGUAGE_NAMES[language]) for language in TRANSLATION_LANGUAGES if getattr(obj, column(main, language))
        ]
        return ", ".join(languages) or "—"
