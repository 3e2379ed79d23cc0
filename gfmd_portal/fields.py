"""Text fields that store line breaks one way, whatever sends them.

Browsers send a textarea's line breaks as CRLF; the summaries' text, the fixtures and the exports
use LF. Without this, saving a form that changed only a record's themes would rewrite every
verbatim quote on it from LF to CRLF, list those fields as changed in its history, and carry the
CR into the export. These fields turn CRLF and lone CR into LF on the way in: in every form
(the admin, its inlines, the translation fields), in `to_python`, and in `pre_save` and
`get_prep_value`, so an import, an ingestion or a shell session stores LF too. A form that
receives the stored text back therefore sees no change and the save writes nothing.

TextField also keeps surrounding whitespace in its forms (Django's forms strip it): a verbatim
passage is kept byte for byte.

Both deconstruct as Django's own fields, so migrations and the historical models are unchanged.
"""

from django import forms
from django.db import models


def normalise_newlines(value):
    """The value with CRLF and lone CR turned into LF; anything but a string is returned as it is."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class LineBreakCharField(forms.CharField):
    """A form's text field whose value has LF line breaks, so changed_data compares like with like."""

    def to_python(self, value):
        return super().to_python(normalise_newlines(value))

    def has_changed(self, initial, data):
        # Both sides as the form would store them: a stored title with a trailing space, sent back
        # unchanged, is not a change.
        if self.disabled:
            return False
        return self.to_python(initial) != self.to_python(data)


class _NormalisedLineBreaks:
    form_strip = True
    django_path = ""

    def to_python(self, value):
        return normalise_newlines(super().to_python(value))

    def get_prep_value(self, value):
        return normalise_newlines(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = normalise_newlines(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        defaults = {"form_class": LineBreakCharField}
        if not self.form_strip:
            defaults["strip"] = False
        return super().formfield(**{**defaults, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.django_path, args, kwargs


class TextField(_NormalisedLineBreaks, models.TextField):
    """A TextField that stores LF line breaks and whose forms keep the text byte for byte."""

    form_strip = False
    django_path = "django.db.models.TextField"


class CharField(_NormalisedLineBreaks, models.CharField):
    """A CharField that stores LF line breaks (a pasted title can hold one)."""

    django_path = "django.db.models.CharField"


def repair_line_breaks(app_label):
    """A migration's RunPython function: CRLF and lone CR turned into LF in every text column of
    the app's models, their historical versions included, in one UPDATE per column."""
    from django.db.models import F, Value
    from django.db.models.functions import Replace

    def repair(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.concrete_fields:
                if field.primary_key or field.get_internal_type() not in {"CharField", "TextField"}:
                    continue
                fixed = Replace(Replace(F(field.attname), Value("\r\n"), Value("\n")), Value("\r"), Value("\n"))
                model._base_manager.using(schema_editor.connection.alias).filter(
                    **{f"{field.attname}__contains": "\r"}
                ).update(**{field.attname: fixed})

    repair.app_label = app_label
    return repair
