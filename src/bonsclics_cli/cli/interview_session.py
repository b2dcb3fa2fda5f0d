"""What ``bonsclics run`` does, start to end: who, which session, informed, interview, result.

The engine (``interview.py``) asks the questions; this module sets the session up
around it: the person's id, the offer to resume, the person informed of what is
kept, the lock and the autosave, Ctrl-C, and the end screen.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.panel import Panel
from rich.text import Text

from bonsclics_cli.answers.sheet import AnswerSheet
from bonsclics_cli.cli.asker import QuestionaryAsker
from bonsclics_cli.cli.console import make_console, sanitize
from bonsclics_cli.cli.context import AppContext
from bonsclics_cli.cli.invocation import command_line
from bonsclics_cli.cli.wording import Wording, wording_for
from bonsclics_cli.errors import ExitCode, StorageError, UsageError
from bonsclics_cli.files import os_reason
from bonsclics_cli.i18n import N_, _
from bonsclics_cli.interview.autosave import SaveFailedError, SessionSaver
from bonsclics_cli.interview.engine import (
    Interview,
    InterviewInterrupted,
    new_sheet,
    suggest_person_id,
)
from bonsclics_cli.questionnaire.catalog import (
    DEFAULT_QUESTIONNAIRE,
    Catalog,
    Entry,
    chosen_language,
)
from bonsclics_cli.store.folder import DataFolder, check_person_id
from bonsclics_cli.store.resume import (
    ENTERED_KEY,
    INFORMED_KEY,
    Resumable,
    informed_at,
    open_for_resume,
    unfinished_sessions,
)
from bonsclics_cli.structure.locate import structure_or_none

if TYPE_CHECKING:
    from bonsclics_cli.structure.model import Structure

NO_TERMINAL = N_(
    "'bonsclics run' asks its questions in a terminal, and this is not one "
    "(input or output is redirected). For answers collected elsewhere (another computer, "
    "a paper form typed in as an answers file), use 'bonsclics import FILE' instead."
)


@dataclass(frozen=True)
class RunRequest:
    questionnaire: str | None
    extra: tuple[Path, ...]
    language: str | None
    person: str | None
    data_dir: Path | None
    resume: Path | None
    plain: bool
    from_paper: bool = False
    structure: Path | None = None


def now() -> datetime:
    """The local time with its offset, to the second: the interview's clock."""
    return datetime.now().astimezone().replace(microsecond=0)


def run_session(app: AppContext, request: RunRequest) -> None:
    # Everything that can be refused is checked before anything is created.
    if request.person is not None:
        check_person_id(request.person)
    catalog = app.catalog(request.extra)
    chosen = catalog.resolve(request.questionnaire) if request.questionnaire else None
    # Read without the lock only to check the request; read again once locked (below).
    resumable = open_for_resume(request.resume, catalog, chosen) if request.resume else None
    entry = resumable.entry if resumable else chosen or catalog.resolve(DEFAULT_QUESTIONNAIRE)
    questionnaire = entry.questionnaire
    language = chosen_language(
        questionnaire, request.language or (resumable.sheet.language if resumable else None)
    )
    if resumable and request.person and request.person != resumable.sheet.person:
        raise UsageError(
            _("{file} is the interview of another person than --person").format(file=request.resume)
        )
    if not _is_terminal():
        raise UsageError(_(NO_TERMINAL))
    structure = structure_or_none(request.structure)  # refused before anything is created
    if request.from_paper:
        from bonsclics_cli.cli.paper_entry import type_in_paper

        if resumable is not None:
            raise UsageError(_("--from-paper types in a new form: leave --resume out"))
        type_in_paper(app, entry, language, request.person, request.data_dir, request.plain)
        return

    words = wording_for(language)
    console = app.console(plain=request.plain)
    asker = QuestionaryAsker(console, words, plain=request.plain)
    with contextlib.ExitStack() as held:
        if resumable is not None:
            # Locked, then read again: another process may have written since.
            _hold(held, resumable.path)
            resumable = open_for_resume(resumable.path, catalog, chosen)
        try:
            prepared = _prepare(app, request, asker, catalog, entry, resumable, language, held)
        except KeyboardInterrupt:
            _stopped(words.interrupted_before_start)
        if prepared is None:
            console.print(Text(words.not_started))
            return
        path, sheet, on_disk = prepared
        # A typed-in paper form resumed keeps the paper's date as its times.
        paper_day = sheet.started_at if ENTERED_KEY in (sheet.model_extra or {}) else None
        clock = now if paper_day is None else lambda: paper_day
        finished = _interview(asker, entry, sheet, path, on_disk, clock=clock)
        try:  # still locked: the professional's note is written to the session
            _finish(app, request, asker, entry, language, path, finished, structure)
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None  # the file is complete and saved


def _finish(
    app: AppContext,
    request: RunRequest,
    asker: QuestionaryAsker,
    entry: Entry,
    language: str,
    path: Path,
    finished: AnswerSheet,
    structure: Structure | None,
) -> None:
    """The person's summary, then the professional's details, note and the person's page."""
    # Needed only at the end: not loaded before the first question is on screen.
    from bonsclics_cli.cli.end_of_interview import (
        Ending,
        ask_notes,
        offer_person_page,
        show_person_summary,
    )
    from bonsclics_cli.cli.result_view import show_result
    from bonsclics_cli.scoring.rules import score

    ending = Ending(language, structure, app.folder(request.data_dir), request.plain)
    card = score(entry.questionnaire, finished)
    show_person_summary(asker.console, card, ending)
    asker.pause(_end_texts(language)[0])
    show_result(
        asker.console,
        card,
        words=asker.words,
        language=language,
        saved_in=str(path),
        report_commands=(
            _report_command(app, request, entry, finished, path, "person"),
            _report_command(app, request, entry, finished, path, "professional"),
        ),
        plain=request.plain,
    )
    noted = ask_notes(asker, finished, language)
    if noted is not finished:
        try:
            SessionSaver(path, saved=finished).save(noted)
        except SaveFailedError as exc:
            _failed(asker.words.not_saved.format(folder=path.parent, reason=exc.reason))
    offer_person_page(asker, score(entry.questionnaire, noted), ending, now().date())


def _end_texts(language: str) -> tuple[str]:
    from bonsclics_cli.i18n import translation

    t = translation(language)
    return (t.gettext("Press Enter for the professional's details (scores, advice)."),)


def _prepare(
    app: AppContext,
    request: RunRequest,
    asker: QuestionaryAsker,
    catalog: Catalog,
    entry: Entry,
    resumable: Resumable | None,
    language: str,
    held: contextlib.ExitStack,
) -> tuple[Path, AnswerSheet, AnswerSheet | None] | None:
    """The session file (locked), its sheet and what its file holds; None if not informed."""
    person = request.person
    if resumable is None:
        person = person or asker.ask_person_id(suggest_person_id())
        folder = app.folder(request.data_dir)
        resumable = _offer_resume(asker, folder, catalog, entry, person, held)
    if resumable is not None:
        _say_resumed(asker, resumable)
        sheet = resumable.sheet.model_copy(update={"language": language})
        if informed_at(sheet) is not None:
            return resumable.path, sheet, resumable.sheet
        if not _informed(asker, entry, language, sheet.person):
            return None
        sheet = sheet.model_copy(update={INFORMED_KEY: now().isoformat()})
        return resumable.path, sheet, resumable.sheet
    assert person is not None
    if not _informed(asker, entry, language, person):
        return None
    started = now()
    sheet = new_sheet(
        entry.questionnaire,
        entry.sha256,
        person=person,
        language=language,
        started_at=started,
        extra={INFORMED_KEY: started.isoformat()},
    )
    folder = app.folder(request.data_dir)
    try:
        path = folder.new_session_path(person, entry.questionnaire.id, started)
    except OSError as exc:
        _not_saved(asker.words, folder.root, exc)
    _hold(held, path, asker.words)
    return path, sheet, None


def _hold(held: contextlib.ExitStack, path: Path, words: Wording | None = None) -> None:
    """Lock ``path`` until ``held`` closes; a folder that cannot hold the lock stops here."""
    try:
        held.enter_context(DataFolder.lock(path))
    except OSError as exc:
        if words is not None:
            _not_saved(words, path.parent, exc)
        raise StorageError(
            _("{file}: cannot lock the session: {reason}; the folder must be writable").format(
                file=path, reason=os_reason(exc)
            )
        ) from None


def _interview(
    asker: QuestionaryAsker,
    entry: Entry,
    sheet: AnswerSheet,
    path: Path,
    on_disk: AnswerSheet | None,
    *,
    clock: Callable[[], datetime] = now,
) -> AnswerSheet:
    """Run the interview on the locked session, every answer on disk before the next question.

    ``clock`` gives the session's times: now, or a paper form's date (``--from-paper``).
    """
    saver = SessionSaver(path, saved=on_disk)

    def save(new: AnswerSheet) -> None:
        saver.save(new)
        asker.show_saved_reply()

    interview = Interview(entry.questionnaire, sheet, asker, save=save, clock=clock)
    words = asker.words
    try:
        saver.save(sheet)
        return interview.run()
    except (InterviewInterrupted, KeyboardInterrupt):
        pass
    except SaveFailedError as exc:
        if exc.saved is None:
            _not_saved(words, path.parent, exc)
        _failed(
            words.save_failed.format(
                reason=words.reason(exc.errno, exc.reason),
                kept=words.answers_kept(len(exc.saved.answers)),
                path=path.resolve(),
                command=_command(entry, "run", "--resume", str(path.resolve())),
            )
        )
    if saver.saved is None:
        _stopped(words.interrupted_before_start)
    message = words.interrupted.format(
        kept=words.answers_kept(len(saver.saved.answers)),
        path=path.resolve(),
        command=_command(entry, "run", "--resume", str(path.resolve())),
    )
    _stopped(message)


def _not_saved(words: Wording, folder: Path, error: OSError | SaveFailedError) -> NoReturn:
    """Nothing of this interview is on disk, and the folder refuses it: say so, exit 1."""
    if isinstance(error, SaveFailedError):
        number, fallback = error.errno, error.reason
    else:
        number, fallback = error.errno, error.strerror or type(error).__name__
    _failed(words.not_saved.format(folder=folder, reason=words.reason(number, fallback)))


def _failed(message: str) -> NoReturn:
    """Say what went wrong and what is kept, in the interview's language; exit 1."""
    error_console = make_console(stderr=True, plain=True)
    error_console.print()
    error_console.print(Text(sanitize(message)), soft_wrap=True)
    raise typer.Exit(ExitCode.INVALID)


def _stopped(message: str) -> NoReturn:
    """Say what was kept, in the interview's language, and exit 130 (docs/format.md §6).

    Printed here rather than raised as ``Interrupted``: the common handler would
    prefix it with "Error:", and stopping an interview is not an error.
    """
    error_console = make_console(stderr=True, plain=True)
    error_console.print()
    # soft_wrap: the terminal wraps long paths, so the command stays one line to copy
    error_console.print(Text(sanitize(message)), soft_wrap=True)
    raise typer.Exit(ExitCode.INTERRUPTED)


def _command(entry: Entry, *args: str) -> str:
    """``bonsclics ARGS`` as this program was started (cli/invocation.py), naming the
    questionnaire file when it is not a bundled one."""
    source = () if entry.bundled else ("-q", str(entry.path.resolve()))
    return command_line(*args, *source)


def _report_command(
    app: AppContext,
    request: RunRequest,
    entry: Entry,
    sheet: AnswerSheet,
    path: Path,
    audience: str,
) -> str:
    """The command that writes this session's report into the data folder's
    ``reports/<person>/`` (private, erased with the person; ``report``'s default): a
    file, never HTML poured into the terminal, made again as often as needed."""
    where = ("--data-dir", str(request.data_dir)) if request.data_dir else ()
    return _command(entry, "report", str(path.resolve()), "--audience", audience, *where)


def _is_terminal() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _offer_resume(
    asker: QuestionaryAsker,
    folder: DataFolder,
    catalog: Catalog,
    entry: Entry,
    person: str,
    held: contextlib.ExitStack,
) -> Resumable | None:
    words = asker.words
    version = entry.questionnaire.version
    try:
        unfinished = unfinished_sessions(folder, person, entry.questionnaire.id)
    except OSError as exc:  # a folder that cannot be read cannot take the answers either
        _not_saved(words, folder.sessions_root, exc)
    candidates = [
        (path, sheet) for path, sheet in unfinished if sheet.questionnaire.version == version
    ]
    if not candidates:
        return None
    path, sheet = candidates[-1]
    offer = words.resume_offer.format(
        person=person,
        date=words.moment(sheet.started_at),
        answers=words.answers_given(len(sheet.answers)),
    )
    choice = asker.choose(offer, [("resume", words.resume_choice), ("new", words.new_choice)])
    if choice != "resume":
        return None
    _hold(held, path)
    return open_for_resume(path, catalog, entry)  # read again, now that it is locked


def _say_resumed(asker: QuestionaryAsker, resumable: Resumable) -> None:
    words = asker.words
    if resumable.sheet.complete:
        asker.console.print(Text(words.already_complete))
        return
    asker.console.print(Text(words.resumed.format(count=len(resumable.sheet.answers))))
    if resumable.questionnaire_changed:
        asker.console.print(Text(words.questionnaire_changed))


def _informed(asker: QuestionaryAsker, entry: Entry, language: str, person: str) -> bool:
    """Read the introduction, say what is kept, and have the professional confirm."""
    words, console = asker.words, asker.console
    q = entry.questionnaire
    if q.preparation is not None:  # for the professional, before the introduction is read
        preparation = Text(sanitize(q.text(q.preparation, language)))
        console.print()
        if asker.plain:
            console.print(Text(f"{words.preparation_title}."))
            console.print(preparation)
        else:
            console.print(Panel(preparation, title=Text(words.preparation_title)))
    body = Text()
    if q.intro is not None:
        body.append(sanitize(q.text(q.intro, language)) + "\n\n")
    body.append(words.kept_notice.format(person=person))
    console.print()
    title = sanitize(q.text(q.title, language))
    if asker.plain:
        console.print(Text(f"{title}. {words.before_start}."))
        console.print(body)
    else:
        console.print(Panel(body, title=Text(title), subtitle=Text(words.before_start)))
    choice = asker.choose(
        words.informed_question, [("yes", words.informed_yes), ("no", words.informed_no)]
    )
    return choice == "yes"
