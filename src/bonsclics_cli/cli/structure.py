"""``bonsclics structure init|show``: the structure's profile, written once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.i18n import N_

# An offer's kind in words (the file holds the value: docs/structure.md).
KIND_WORDS = {
    "workshop": N_("workshop"),
    "permanence": N_("drop-in session"),
    "aidants_connect": N_("Aidants Connect desk"),
    "equipment": N_("equipment help"),
}

StructureFile = Annotated[
    Path | None,
    typer.Option(
        "--structure",
        metavar="FILE",
        help=N_(
            "The structure's profile: contact and local offers (default: "
            "$BONSCLICS_STRUCTURE, else structure.toml in the per-user config folder)."
        ),
        show_default=False,
    ),
]


def init(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar=N_("FILE"),
            help=N_("Where to write it (default: structure.toml in the per-user config folder)."),
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Replace an existing file."))] = False,
) -> None:
    """Write a commented template of the structure's profile, in French, to fill in."""
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.files import write_private
    from bonsclics_cli.i18n import _
    from bonsclics_cli.structure.loader import template
    from bonsclics_cli.structure.locate import default_structure_path

    app = use(ctx)
    target = path or default_structure_path()
    if target.exists() and not force:
        raise UsageError(_("{path} exists; give --force to replace it").format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_private(target, template())
    app.echo(str(target))
    app.echo(
        _("Fill it in, then check it with: bonsclics validate {path}").format(path=target),
        err=True,
    )


def show(ctx: typer.Context, structure: StructureFile = None) -> None:
    """Print the structure's profile in use: its contact and its local offers."""
    from bonsclics_cli.cli.console import sanitize
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.i18n import _, current_language
    from bonsclics_cli.structure.loader import load_structure
    from bonsclics_cli.structure.locate import find_structure

    app = use(ctx)
    path = find_structure(structure)
    if path is None:
        raise UsageError(_("no structure profile: write one with 'bonsclics structure init'"))
    profile = load_structure(path)
    language = current_language()
    text = profile.text
    contact = profile.structure
    lines = [_("Structure profile: {path}").format(path=path), ""]
    lines.append(text(contact.name, language))
    for label, value in (
        (_("Address"), text(contact.address, language)),
        (_("Phone"), contact.phone or ""),
        (_("E-mail"), contact.email or ""),
        (_("Opening hours"), text(contact.hours, language)),
        (_("Website"), contact.website or ""),
    ):
        if value:
            lines.append(_("{label}: {value}").format(label=label, value=value))
    for offer in profile.offers:
        kind = _(KIND_WORDS[offer.kind])
        lines += ["", f"[{offer.id}] {text(offer.title, language)} ({kind})"]
        for label, value in (
            (_("Where"), text(offer.place, language)),
            (_("When"), text(offer.when, language)),
            (_("With"), text(offer.contact, language)),
            (_("Bring"), text(offer.bring, language)),
            (_("Link"), offer.link or ""),
            (_("Answers the advice"), ", ".join(offer.advice)),
        ):
            if value:
                lines.append("  " + _("{label}: {value}").format(label=label, value=value))
    for line in lines:
        app.echo(sanitize(line))
