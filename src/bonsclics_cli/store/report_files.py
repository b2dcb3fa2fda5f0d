"""Where report files go: the data folder by default, so that erasure reaches them.

``reports/<person id>/<name>`` under the data folder (created private, never through a
link): ``forget`` and ``purge`` erase a person's reports with their sessions. A report
written elsewhere with ``-o`` is the user's copy, and ``outside`` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from bonsclics_cli.errors import BonsclicsError
from bonsclics_cli.files import check_output, make_private_dir, os_reason, write_private
from bonsclics_cli.i18n import _
from bonsclics_cli.store.folder import DataFolder


class ReportFiles:
    """Writes one run's report files, and remembers where."""

    def __init__(
        self,
        folder: DataFolder,
        output: Path | None,
        *,
        to_folder: bool,
        force: bool,
        inputs: Sequence[Path] = (),
    ) -> None:
        self.folder = folder
        self.output = output  # None: the data folder
        self.to_folder = to_folder
        self.force = force
        self.inputs = list(inputs)
        self.written: list[Path] = []

    def target(self, person: str, name: str) -> Path:
        """The path of a report named ``name`` about ``person``, its folder created."""
        if self.output is None:
            return report_write(lambda: self.folder.report_dir(person), self.folder.root) / name
        if not self.to_folder:
            return self.output
        output = self.output
        target = report_write(lambda: make_private_dir(output), output) / name
        check_output(target, force=self.force, inputs=self.inputs)
        return target

    def write(self, person: str, name: str, content: str | bytes) -> Path:
        """Write one report (atomically, readable by its owner only); returns its path.

        In the data folder, a report of the same name is replaced: it is the same
        session's report, made again.
        """
        target = self.target(person, name)
        report_write(lambda: write_private(target, content), target)
        self.written.append(target)
        return target

    @property
    def outside(self) -> bool:
        """Whether a report went outside the data folder, where ``forget`` never reaches."""
        return any(not self.folder.holds(path) for path in self.written)


_T = TypeVar("_T")


def report_write(action: Callable[[], _T], target: Path) -> _T:
    """``action()``, a failure of the file system (full, read-only) told as a message
    naming the report's ``target``."""
    try:
        return action()
    except OSError as exc:
        raise BonsclicsError(
            _("{file}: cannot write the report: {reason}").format(
                file=target, reason=os_reason(exc)
            )
        ) from None
