"""Draft and published: the status every publishable record has, and the service that changes it."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gfmd_portal.history import record_versions

CHUNK = 2000


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


def set_status(*, model, queryset, status, user, reason):
    """Change the status of the records in queryset that differ, one history version each; returns how many."""
    pks = list(queryset.exclude(status=status).order_by().values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            model.objects.filter(pk__in=chunk).update(status=status, updated_at=now)
            record_versions(model=model, pks=chunk, history_type="~", user=user, reason=reason, date=now)
    return len(pks)
