"""The French and Spanish interface catalogues: `make messages` updates them, `make messages-check` checks them.

    manage.py catalogues           extract the strings (makemessages), keep the translations, compile the .mo files
    manage.py catalogues --check   fail when a catalogue is out of date with the code, has an untranslated or
                                   fuzzy entry, a placeholder that differs from the English, or a stale .mo file

Extraction needs GNU gettext (Debian's `gettext` package); the compiled .mo files are committed,
so serving the portal does not.
"""

import re
import shutil
from contextlib import chdir
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from gfmd_portal.i18n import TRANSLATION_LANGUAGES

# Where interface strings are, and are not, looked for.
IGNORED = [".venv", "venv", "staticfiles", "tests", "bench", "loadtest", "node_modules"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def catalogue(language, root=None):
    return Path(root or settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def extract(root):
    """Run makemessages for every translation language into the locale folder `root`, from the project's root."""
    with override_settings(LOCALE_PATHS=[Path(root)]), chdir(settings.BASE_DIR):
        call_command(
            "makemessages",
            locale=list(TRANSLATION_LANGUAGES),
            ignore_patterns=IGNORED,
            no_obsolete=True,
            verbosity=0,
        )


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def problems_in(po):
    """What is wrong inside one catalogue: untranslated, fuzzy, obsolete, plural forms missing, placeholders changed."""
    problems = []
    forms = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    plurals = int(forms.group(1)) if forms else 2
    for entry in po:
        where = f"msgid {entry.msgid[:60]!r}"
        if entry.obsolete:
            problems.append(f"obsolete entry: {where}")
        elif "fuzzy" in entry.flags:
            problems.append(f"fuzzy entry: {where}")
        elif not entry.translated():
            problems.append(f"untranslated: {where}")
        elif entry.msgid_plural and len([t for t in entry.msgstr_plural.values() if t]) < plurals:
            # A count whose form is missing is shown in English (French and Spanish have three forms).
            problems.append(f"plural forms missing ({len(entry.msgstr_plural)} of {plurals}): {where}")
        elif entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            for index, text in entry.msgstr_plural.items():
                if placeholders(text) not in (expected, [p for p in expected if p != "count"]):
                    problems.append(f"placeholders differ in plural form {index}: {where}")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(f"placeholders differ: {where}")
    return problems


def compiled_matches(po_path):
    """True when the .mo beside the .po holds exactly its translations."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    compiled = {key(e): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {
        key(e): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in polib.pofile(str(po_path))
        if e.msgid and e.translated() and not e.obsolete
    }
    compiled = {k: (s, {int(i): v for i, v in p.items()}) for k, (s, p) in compiled.items()}
    return compiled == source


class Command(BaseCommand):
    help = "Update the French and Spanish catalogues, or with --check, fail when they are stale or incomplete."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Check only; change nothing.")

    def handle(self, *args, check=False, **options):
        if shutil.which("xgettext") is None:
            raise CommandError("GNU gettext is needed to read the strings from the code: apt-get install gettext")
        if check:
            return self.check_catalogues()
        extract(settings.LOCALE_PATHS[0])
        call_command("compilemessages", locale=list(TRANSLATION_LANGUAGES), ignore_patterns=IGNORED, verbosity=0)
        for language in TRANSLATION_LANGUAGES:
            po = polib.pofile(str(catalogue(language)))
            missing = len(po.untranslated_entries()) + len(po.fuzzy_entries())
            self.stdout.write(f"{language}: {len(po)} strings, {missing} to translate")

    def check_catalogues(self):
        """Extract the strings into the catalogues as `make messages` would, compare, then put the files back.

        makemessages writes into the project's locale folder whatever LOCALE_PATHS says (it adds
        ./locale itself), so the check runs in place and restores the committed bytes after.
        """
        problems = []
        committed = {language: catalogue(language) for language in TRANSLATION_LANGUAGES}
        missing = [f"{language}: no catalogue at {path}" for language, path in committed.items() if not path.exists()]
        if missing:
            raise CommandError("\n".join(missing))
        saved = {path: path.read_bytes() for path in committed.values()}
        before = {language: polib.pofile(str(path)) for language, path in committed.items()}
        try:
            extract(settings.LOCALE_PATHS[0])
            fresh = {language: polib.pofile(str(path)) for language, path in committed.items()}
        finally:
            for path, content in saved.items():
                path.write_bytes(content)
        for language in TRANSLATION_LANGUAGES:
            po = before[language]
            have = {key(e) for e in po if not e.obsolete}
            need = {key(e) for e in fresh[language] if not e.obsolete}
            stale = [("not in the catalogue", need - have), ("no longer in the code", have - need)]
            for what, keys in stale:
                problems += [f"{language}: {what} (run make messages): {k[1][:60]!r}" for k in sorted(keys, key=str)]
            problems += [f"{language}: {problem}" for problem in problems_in(po)]
            if not compiled_matches(committed[language]):
                problems.append(f"{language}: the compiled .mo file is out of date (run make messages)")
        if problems:
            raise CommandError(f"{len(problems)} catalogue problem(s):\n" + "\n".join(problems))
        self.stdout.write("Catalogues up to date and complete: " + ", ".join(TRANSLATION_LANGUAGES))
