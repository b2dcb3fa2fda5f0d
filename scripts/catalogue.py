"""The message catalogues: extract the messages from the code, update, compile, check.

    python scripts/catalogue.py update    # add new messages to each .po, drop unused ones
    python scripts/catalogue.py compile   # .po -> .mo (the tool reads the .mo)
    python scripts/catalogue.py check     # exit 1 if a message lacks its translation,
                                          # a .po keeps an unused one, or a .mo is stale

A translator edits ``src/bonsclics_cli/locale/<lang>/LC_MESSAGES/bonsclics.po`` and runs
``compile``. Needs Babel (a dependency of the tool).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "bonsclics_cli"
LOCALE = PACKAGE / "locale"
DOMAIN = "bonsclics"
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),  # a word that needs its context: pgettext("score", "not evaluated")
}


def extract() -> Catalog:
    """Every message the code marks, with where it is used."""
    template = Catalog(project="bonsclics-cli", fuzzy=False)
    methods = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, methods, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        template.add(
            message,
            None,
            [(f"src/bonsclics_cli/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def po_paths() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        omit_header=False,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=True,
    )
    path.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    for path in po_paths():
        catalog = read(path)
        created = catalog.creation_date  # a stable header: no merge conflict on a date
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created
        catalog.obsolete.clear()
        write(catalog, path)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def compile_all() -> None:
    for path in po_paths():
        path.with_suffix(".mo").write_bytes(compiled(read(path)))
        print(f"{path.with_suffix('.mo').relative_to(ROOT)}")


def problems() -> list[str]:
    """What is wrong with the catalogues, one line each (empty: all is well)."""
    found: list[str] = []
    used = {(message.id, message.context) for message in extract() if message.id}
    for path in po_paths():
        name = path.relative_to(ROOT)
        catalog = read(path)
        known = {(message.id, message.context) for message in catalog if message.id}
        for missing, context in sorted(used - known, key=str):
            where = f" (context {context!r})" if context else ""
            found.append(f"{name}: no translation of {missing!r}{where}")
        for message in catalog:
            if not message.id:
                continue
            if (message.id, message.context) not in used:
                found.append(f"{name}: {message.id!r} is no longer used by the code")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings) or message.fuzzy:
                found.append(f"{name}: {message.id!r} is not translated")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(f"{mo.relative_to(ROOT)}: stale; run python scripts/catalogue.py compile")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
