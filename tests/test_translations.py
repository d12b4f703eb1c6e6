"""The interface's German and Spanish catalogs are complete, compiled and current."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from kb import messages

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_a_guess(language):
    po = catalog(language)

    assert len(po) > 500
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_of_the_english(language):
    wrong = []
    for entry in catalog(language):
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
        for text in translations(entry):
            # A singular form may say "one" instead of the number (German "Mal").
            if set(PLACEHOLDER.findall(text)) - {"count", "counter"} != wanted - {
                "count",
                "counter",
            }:
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(language):
    """The committed .mo is what `make messages` makes from the .po."""
    po = catalog(language)
    mo_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"
    compiled = {
        (e.msgctxt, e.msgid, e.msgid_plural): translations(e)
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    source = {
        (e.msgctxt, e.msgid, e.msgid_plural): translations(e)
        for e in po.translated_entries()
    }

    assert compiled == source, "run `make messages` and commit the .mo files"


def test_compiling_needs_no_gnu_gettext(tmp_path):
    po_path = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po", po_path)

    mo_path = messages.compile_catalog(po_path)

    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path))}
    assert compiled["Page not found"] == "Seite nicht gefunden"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_every_marked_string_is_in_the_catalogs(tmp_path):
    """makemessages on the code as it is finds no message the catalogs lack."""
    for name in ("kb", "templates"):
        (tmp_path / name).symlink_to(ROOT / name)
    for language in LANGUAGES:
        (tmp_path / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "--symlinks",
            "--extension=html,txt,py,md",
            "--ignore=migrations",
            *[f"--locale={language}" for language in LANGUAGES],
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        extracted = polib.pofile(
            str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        )
        known = {e.msgid for e in catalog(language)}
        assert sorted({e.msgid for e in extracted} - known) == []
        assert sorted(known - {e.msgid for e in extracted}) == []
