"""The secretariat's two roles as permission groups: editors change and publish, viewers read.

The data migration 0003_secretariat_groups creates them on every database. A post_migrate hook
recreates a group that is missing, because a database flush (as the test runner does between
transactional tests) empties the groups while permissions come back by themselves.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

EDITORS = "Secretariat editors"
VIEWERS = "Secretariat viewers"
GROUPS_MIGRATION = ("roundtables", "0003_secretariat_groups")

# The portal's content models, by app.
CONTENT_MODELS = {
    "roundtables": (
        "actor",
        "country",
        "framework",
        "keypoint",
        "organisation",
        "practice",
        "roundtable",
        "roundtablerole",
        "roundtablesession",
        "sourcedocument",
        "summit",
        "theme",
    ),
    "recommendations": ("recommendation",),
    "alignment": ("alignment", "gcmobjective", "sdggoal", "sdgtarget"),
    "continuity": ("recommendationlink", "roundtablelink"),
    "followup": ("followup",),
}
PUBLISH_PERMISSIONS = {
    "roundtables": ("publish_roundtable",),
    "recommendations": ("publish_recommendation",),
    "followup": ("publish_followup",),
}


def _codenames(actions):
    return {
        label: [f"{action}_{model}" for model in models for action in actions]
        for label, models in CONTENT_MODELS.items()
    }


def group_permission_codenames():
    """{group name: {app label: [codename, ...]}} for both secretariat groups."""
    editors = _codenames(("add", "change", "delete", "view"))
    for label, codenames in PUBLISH_PERMISSIONS.items():
        editors[label] = editors[label] + list(codenames)
    return {EDITORS: editors, VIEWERS: _codenames(("view",))}


def ensure_secretariat_groups(*, apps=global_apps, using=DEFAULT_DB_ALIAS, fill_existing=True):
    """Create the groups, and first the permissions they need, which post_migrate would only add later."""
    for label in CONTENT_MODELS:
        if not global_apps.is_installed(label):
            continue
        # create_permissions reads the models from `apps` (the migration state in a migration).
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in group_permission_codenames().items():
        group, created = Group.objects.db_manager(using).get_or_create(name=name)
        if not (created or fill_existing):
            continue
        for label, codenames in by_app.items():
            group.permissions.add(
                *Permission.objects.db_manager(using).filter(content_type__app_label=label, codename__in=codenames)
            )


def add_model_permissions(*, apps, using, label, model):
    """Give the existing groups what group_permission_codenames() grants on one model added later."""
    create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in group_permission_codenames().items():
        codenames = [codename for codename in by_app.get(label, ()) if codename.endswith(f"_{model}")]
        for group in Group.objects.db_manager(using).filter(name=name):
            group.permissions.add(
                *Permission.objects.db_manager(using).filter(content_type__app_label=label, codename__in=codenames)
            )


def recreate_missing_groups(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate: put back a group that a flush removed, leaving existing groups as edited."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    if GROUPS_MIGRATION in applied:  # not after the groups migration was unapplied on purpose
        ensure_secretariat_groups(apps=apps, using=using, fill_existing=False)
