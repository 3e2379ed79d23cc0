"""The apps depend one way: each imports only itself and the apps before it in LAYERS."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Shared plumbing first; an app may import the apps before it, never one after it.
LAYERS = [
    "gfmd_portal",
    "roundtables",
    "recommendations",
    "alignment",
    "continuity",
    "content",
    "ingest",
    "api",
    "opendata",
    "followup",
]


def imported_modules(path, package):
    """(line, module) for every import in the file, function-level ones included, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield node.lineno, module


def later_imports(path, root=ROOT, layers=LAYERS):
    """The imports in path of an app that comes after the app the file belongs to: (line, module, app)."""
    relative = path.relative_to(root)
    own = relative.parts[0]
    package = ".".join(relative.parent.parts)  # an __init__.py's package is its own folder too
    found = []
    for line, module in imported_modules(path, package):
        app = module.split(".")[0]
        if app in layers and layers.index(app) > layers.index(own):
            found.append((line, module, app))
    return sorted(found)


def app_files(root=ROOT, layers=LAYERS):
    """Every Python file of the apps, migrations left out (they record history and are not imported by code)."""
    for app in layers:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                yield path


def test_no_app_imports_a_later_app():
    problems = []
    for path in app_files():
        name = path.relative_to(ROOT).as_posix()
        for line, module, app in later_imports(path):
            own = name.split("/")[0]
            problems.append(f"{name}:{line} imports {module}, but {app} comes after {own}")
    assert not problems, "\n".join(problems)


def test_the_layers_name_every_installed_app_of_the_project_in_its_order():
    local = [config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
    assert local == LAYERS


def test_a_backwards_import_is_found_with_its_file_and_line(tmp_path):
    """The check itself: a later app imported at the top or inside a function; earlier and own imports pass."""
    app = tmp_path / "roundtables"
    app.mkdir()
    (app / "views.py").write_text(
        "from gfmd_portal.i18n import column\n"
        "from .models import Theme\n"
        "from recommendations.models import Recommendation\n"
        "\n"
        "def page():\n"
        "    import alignment.views\n",
        encoding="utf-8",
    )
    (tmp_path / "gfmd_portal").mkdir()
    (tmp_path / "gfmd_portal" / "diff.py").write_text("from roundtables import history\n", encoding="utf-8")

    assert later_imports(app / "views.py", root=tmp_path) == [
        (3, "recommendations.models", "recommendations"),
        (6, "alignment.views", "alignment"),
    ]
    assert later_imports(tmp_path / "gfmd_portal" / "diff.py", root=tmp_path) == [(1, "roundtables", "roundtables")]
    assert [path.name for path in app_files(root=tmp_path)] == ["diff.py", "views.py"]


def test_relative_imports_resolve_within_their_package(tmp_path):
    command = tmp_path / "recommendations" / "management" / "commands"
    command.mkdir(parents=True)
    (command / "load.py").write_text("from ...models import Recommendation\nfrom .. import base\n", encoding="utf-8")

    modules = list(imported_modules(command / "load.py", "recommendations.management.commands"))

    assert modules == [(1, "recommendations.models"), (2, "recommendations.management")]
