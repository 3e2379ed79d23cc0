"""What the admin tests share: users in each secretariat role, and the data an admin form would post."""

from django.contrib.auth.models import Group, Permission, User

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
