"""Compile the interface translations (locale/*/LC_MESSAGES/django.po) to the .mo
files Django reads, in pure Python: Django's `compilemessages` needs GNU gettext's
`msgfmt`, which a fresh machine often lacks. `make install` runs this; the compiled
files are committed too, so a deploy that skips make still serves translations, and
tests/test_translations.py fails when a .mo no longer matches its .po.

    python -m kb.messages
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))


def compile_catalog(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    po = polib.pofile(str(po_path))
    # Django (like msgfmt) ignores fuzzy entries: a guess is not a translation.
    for entry in po.fuzzy_entries():
        po.remove(entry)
    po.save_as_mofile(str(mo_path))
    return mo_path


def main() -> None:
    for po_path in catalogs():
        mo_path = compile_catalog(po_path)
        print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent)}")


if __name__ == "__main__":
    main()
