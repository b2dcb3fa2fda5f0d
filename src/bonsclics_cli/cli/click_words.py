"""Typer's own words ("Usage:", "Missing argument", "No such option"...) in the user's language.

Typer (0.2x) carries its own copy of Click, whose words are English literals; only the
section titles of a help ("Options", "Arguments", "Commands") and a few more go through
:mod:`gettext`. :func:`speak_the_users_language` makes all of them follow the language
of the invocation, from our own catalogue:

- the gettext of ``typer.core`` is pointed at :mod:`bonsclics_cli.i18n`;
- the usage line's "Usage:" is given by us;
- a usage error is shown by us: "Erreur : Argument manquant : 'FICHIER'." rather than
  "Error: Missing argument 'FILE'.", its message rebuilt from the exception's fields, or
  translated from the few shapes Typer writes (a value not among the choices, a file
  that does not exist, an unexpected argument, an unknown command).

The help option's "Show this message and exit." is translated where the help texts are
(cli/app.py).
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from bonsclics_cli.i18n import N_, _

# Typer's gettext messages a user can meet (the msgids of its code), marked for our
# catalogue so that a translator sees them and the catalogue check keeps them.
TYPER_MESSAGES = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("No such command {name!r}."),
    N_("Missing command."),
)

# Typer's English messages we translate from their shape: (pattern, message).
_SHAPES = (
    (
        re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.$"),
        N_("{value} is not one of {choices}."),
    ),
    (
        re.compile(r"(?:File|Directory|Path) (?P<name>.+) does not exist\.$"),
        N_("{name} does not exist."),
    ),
    (re.compile(r"(?:File|Directory|Path) (?P<name>.+) is a file\.$"), N_("{name} is a file.")),
    (
        re.compile(r"(?:File|Directory|Path) (?P<name>.+) is a directory\.$"),
        N_("{name} is a folder."),
    ),
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$"),
        N_("Unexpected extra argument: {args}"),
    ),
    (
        re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$"),
        N_("{value} is not in the range {range}."),
    ),
    (
        re.compile(r"Value (?P<value>.+) is not a valid (?:int|float|integer)\.$"),
        N_("{value} is not a number."),
    ),
    (
        re.compile(r"(?P<value>.+) is not a valid (?:int|float|integer)\.?$"),
        N_("{value} is not a number."),
    ),
    (
        re.compile(r"Option (?P<name>'[^']+') requires an argument\.$"),
        N_("Option {name} needs a value."),
    ),
    (
        re.compile(r"Option (?P<name>'[^']+') requires (?P<n>\d+) arguments\.$"),
        N_("Option {name} needs {n} values."),
    ),
    (
        re.compile(r"Option (?P<name>'[^']+') does not take a value\.$"),
        N_("Option {name} takes no value."),
    ),
    # Typer checks values with pydantic, whose messages it shows as they are.
    (
        re.compile(r"Input should be greater than or equal to (?P<min>\S+)$"),
        N_("the value must be at least {min}"),
    ),
    (
        re.compile(r"Input should be less than or equal to (?P<max>\S+)$"),
        N_("the value must be at most {max}"),
    ),
    (re.compile(r"Input should be a valid integer\b.*$"), N_("a whole number is expected")),
    (re.compile(r"Input should be a valid number\b.*$"), N_("a number is expected")),
)
_PYDANTIC_PREFIX = "Value error, "
_DID_YOU_MEAN = re.compile(r"^(?P<message>.*?)\.? Did you mean (?P<names>.+)\?$", re.DOTALL)


def translated(message: str) -> str:
    """One of Typer's English messages in the user's language, when its shape is known."""
    suggestion = _DID_YOU_MEAN.match(message)
    if suggestion:
        return _("{message} Did you mean {names}?").format(
            message=translated(suggestion["message"] + "."), names=suggestion["names"]
        )
    message = message.removeprefix(_PYDANTIC_PREFIX)
    translation = _(message)
    if translation != message:
        return translation
    for pattern, template in _SHAPES:
        found = pattern.match(message)
        if found:
            return _(template).format(**found.groupdict())
    return message


def usage_error_message(error: Any) -> str:
    """The message of a usage error, rebuilt in the user's language from its fields."""
    from typer._click import exceptions

    if isinstance(error, exceptions.MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else None)
        if kind == "argument":
            return _("Missing argument {name}.").format(name=hint)
        if kind == "option":
            return _("Missing option {name}.").format(name=hint)
        return _("Missing parameter {name}.").format(name=hint)
    if isinstance(error, exceptions.NoSuchOption):
        said = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            said += " " + _("(Possible options: {options})").format(
                options=", ".join(sorted(error.possibilities))
            )
        return said
    if isinstance(error, exceptions.BadParameter):
        message = translated(error.message)
        if error.param_hint is None and error.param is None:
            return _("Invalid value: {message}").format(message=message)
        return _("Invalid value for {name}: {message}").format(name=_hint(error), message=message)
    return translated(error.format_message())


def _hint(error: Any) -> str:
    from typer._click.exceptions import _join_param_hints

    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    return _join_param_hints(hint) or ""


def _show_usage_error(self: Any, file: IO[Any] | None = None) -> None:
    """``UsageError.show``: the usage line, how to get help, the error; in our language."""
    from typer._click.utils import echo

    from bonsclics_cli.cli.console import error_prefix

    stream = file if file is not None else sys.stderr
    color = None
    if self.ctx is not None:
        color = self.ctx.color
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            hint = (
                _("Try '{command} {option}' for help.").format(
                    command=self.ctx.command_path, option=self.ctx.help_option_names[0]
                )
                + "\n"
            )
        echo(f"{self.ctx.get_usage()}\n{hint}", file=stream, color=color)
    echo(f"{error_prefix()} {usage_error_message(self)}", file=stream, color=color)


def _show_error(self: Any, file: IO[Any] | None = None) -> None:
    """``ClickException.show``: ``Erreur : …`` in our language."""
    from typer._click.utils import echo

    from bonsclics_cli.cli.console import error_prefix

    stream = file if file is not None else sys.stderr
    echo(f"{error_prefix()} {translated(self.format_message())}", file=stream)


def _write_heading(self: Any, heading: str) -> None:
    """``Options :`` in French, ``Options:`` in English."""
    line = _("{heading}:").format(heading=heading)
    self.write(f"{'':>{self.current_indent}}{line}\n")


def speak_the_users_language() -> None:
    """Make Typer's words follow the invocation's language (idempotent)."""
    import typer.core
    from typer._click import exceptions, formatting

    typer.core._ = _  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_heading = _write_heading  # type: ignore[method-assign]
    exceptions.ClickException.show = _show_error  # type: ignore[method-assign]
    exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]
    if not getattr(formatting.HelpFormatter.write_usage, "_bonsclics", False):
        write_usage = formatting.HelpFormatter.write_usage

        def translated_usage(
            self: Any, prog: str, args: str = "", prefix: str | None = None
        ) -> None:
            write_usage(self, prog, args, _("Usage:") + " " if prefix is None else prefix)

        translated_usage._bonsclics = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]
