"""The environment of the commands the benchmarks launch: bonsclics as it runs once installed.

``pip install`` compiles every module to bytecode when it installs the package; an
editable install of a working copy is compiled on the first run, and the bytecode is
kept beside the sources. With ``PYTHONDONTWRITEBYTECODE`` set (as in some development
shells and CI images), nothing is kept and every launch compiles bonsclics' sixty-odd
modules again, about 40 ms that no installed copy pays: the launched commands run
without it, and each measure starts with a run that writes the bytecode.
"""

from __future__ import annotations

import os

BYTECODE_VARIABLE = "PYTHONDONTWRITEBYTECODE"


def installed_env() -> dict[str, str]:
    """This process's environment, without the variable that stops bytecode being kept."""
    return {name: value for name, value in os.environ.items() if name != BYTECODE_VARIABLE}


def note() -> str:
    """A line for the benchmark's output when the variable was set here."""
    if BYTECODE_VARIABLE not in os.environ:
        return ""
    return (
        f"  ({BYTECODE_VARIABLE} is set here; the commands run without it, as an installed "
        "bonsclics does, with its bytecode kept)"
    )
