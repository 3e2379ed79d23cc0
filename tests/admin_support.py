"""What the admin tests share: users in each secretariat role, admin addresses, the data a form would post."""

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from roundtables.groups import EDITORS, VIEWERS

ROLES = ("anonymous", "staff", "viewer", "editor", "superuser")


def make_user(role, username=None):
    """A user in one of ROLES (None for anonymous); staff users are in the named group only."""
    if role == "anonymous":
        return None
    username = username or role
    if role == "superuser":
        return User.objects.create_superuser(username, f"{username}@example.org", "a-long-test-password")
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-test-password", is_staff=True)
    if role == "viewer":
        user.groups.add(Group.objects.get(name=VIEWERS))
    elif role == "editor":
        user.groups.add(Group.objects.get(name=EDITORS))
    return user


def editor_without_publish(username="corrector"):
    """Staff who may change recommendations but not publish them."""
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-test-password", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="recommendations",
            codename__in=["view_recommendation", "change_recommendation", "add_recommendation"],
        )
    )
    return user


def admin_url(view, obj):
    """The admin address of a view of obj's model: change, delete and history name obj, the others do not."""
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    return reverse(name, args=[obj.pk] if view in ("change", "delete", "history") else [])


def change_url(obj):
    return admin_url("change", obj)


def history_url(obj):
    return admin_url("history", obj)


def revert_url(obj, version):
    """The revert confirmation of one of obj's versions."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])


def post_change(client, obj, **fields):
    """Post obj's admin change form as it was rendered, with fields given new values; the response."""
    data = form_data(client.get(change_url(obj)))
    data.update(fields)
    return client.post(change_url(obj), data)


def _add_form(data, form):
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)


def form_data(response):
    """The POST data of an admin change (or revert) form as rendered, so a test can change a field and post it."""
    context = response.context
    data = {}
    _add_form(data, context["adminform"].form)
    for inline in context.get("inline_admin_formsets") or []:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data
