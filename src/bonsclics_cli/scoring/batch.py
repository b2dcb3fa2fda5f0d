"""Scoring many answers files: in the order given, streamed, in parallel when it pays off.

``score_files`` yields one ``Scored`` or ``Failed`` per file, in input order, as
soon as it is ready, so a caller can write JSON Lines while the rest is still
being scored. Above ``PARALLEL_MIN_FILES`` files and with more than one core,
files go to a process pool in chunks; only a few chunks are in flight at a time,
so memory stays flat however many files there are. A broken file never stops the
batch: it becomes a ``Failed`` naming the file and the reason.

Workers never outlive the process that started them: on Linux the kernel kills
them when it dies (even by SIGKILL), elsewhere each one watches its parent; a
SIGTERM or SIGHUP to the parent stops the workers first, then the batch ends with
``Terminated``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from bonsclics_cli.answers.checks import check_answers
from bonsclics_cli.answers.shards import is_shard, shard_documents
from bonsclics_cli.answers.sheet import read_sheet_bytes
from bonsclics_cli.compat import parse_datetime
from bonsclics_cli.errors import BonsclicsError, Terminated
from bonsclics_cli.i18n import _, current_language, ngettext, set_language
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.scoring.rules import score_result

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext
    from types import FrameType

PARALLEL_MIN_FILES = 400
"""Below this, starting worker processes costs more than it saves."""
CHUNK_FILES = 100
"""Files per task sent to a worker: large enough to amortise the round trip."""
CHUNKS_IN_FLIGHT_PER_WORKER = 3


@dataclass(frozen=True, slots=True)
class Scored:
    """A file that was scored: its §5 object, the day of the interview, any warnings.

    With ``score_files(..., encode=True)`` the object comes as JSON text in
    ``encoded`` (made in the worker process) and ``result`` is empty.
    """

    file: str
    result: dict[str, Any]
    date: str | None
    warnings: tuple[str, ...] = ()
    encoded: str | None = None

    def to_json(self) -> dict[str, Any]:
        return self.result

    def __reduce__(self) -> tuple[type[Scored], tuple[Any, ...]]:
        # Sent back from worker processes by the thousand: a plain tuple pickles 30 times
        # faster than a slotted dataclass's default state.
        return Scored, (self.file, self.result, self.date, self.warnings, self.encoded)


@dataclass(frozen=True, slots=True)
class Failed:
    """A file that could not be scored, and why (§5: ``{"file", "error"}``)."""

    file: str
    error: str
    encoded: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "error": self.error}

    def __reduce__(self) -> tuple[type[Failed], tuple[Any, ...]]:
        return Failed, (self.file, self.error, self.encoded)


Outcome: TypeAlias = Scored | Failed

# One encoder for every line (json.dumps with options builds a new one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def encode_json(outcome: Outcome) -> str:
    """The outcome's §5 object as one line of JSON (UTF-8 text, not ASCII escapes)."""
    if outcome.encoded is not None:
        return outcome.encoded
    return _ENCODER.encode(outcome.to_json())


def _encoded(outcome: Outcome) -> Outcome:
    text = _ENCODER.encode(outcome.to_json())
    if isinstance(outcome, Failed):
        return Failed(outcome.file, outcome.error, text)
    return Scored(outcome.file, {}, outcome.date, outcome.warnings, text)


def display_name(path: Path) -> str:
    """The path as given, made printable: undecodable bytes in a file name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def score_path(path: Path, catalog: Catalog, name: str | None = None) -> Iterator[Outcome]:
    """The outcome of an answers file, or of each line of a JSON Lines shard (§5);
    ``name`` stands for the path in the results when given."""
    file = name if name is not None else display_name(path)
    if not is_shard(path):
        yield score_file(path, catalog, file)
        return
    try:
        for name, data in shard_documents(path, file):
            yield score_document(data, catalog, name)
    except BonsclicsError as exc:  # the shard itself could not be read (any further)
        yield Failed(file, str(exc))


def score_file(path: Path, catalog: Catalog, name: str | None = None) -> Outcome:
    """Load, check and score one answers file; never raises for what the file holds."""
    file = name if name is not None else display_name(path)
    try:
        data = read_sheet_bytes(path, file)
    except BonsclicsError as exc:
        return Failed(file, str(exc))
    return score_document(data, catalog, file)


def score_document(data: bytes, catalog: Catalog, file: str) -> Outcome:
    """Check and score one answers document named ``file``; never raises for what it holds."""
    try:
        checked = check_answers(data, catalog, file)
        result, unanswered = score_result(
            file, checked.entry.questionnaire, checked.person, checked.completed, checked.answers
        )
    except BonsclicsError as exc:
        return Failed(file, str(exc))
    except Exception as exc:  # a bug must not stop the batch, nor show the file's content
        message = _("internal error ({error}); please report it")
        return Failed(file, message.format(error=type(exc).__name__))
    warnings = checked.warnings
    if checked.completed and unanswered:
        missing = len(unanswered)
        warnings += (
            ngettext(
                "{file}: marked as finished, but {n} applicable question has no answer; "
                "scored as unfinished",
                "{file}: marked as finished, but {n} applicable questions have no answer; "
                "scored as unfinished",
                missing,
            ).format(file=file, n=missing),
        )
    # The day the interview started, in the offset it was recorded with.
    day = parse_datetime(checked.started_at).date().isoformat()
    return Scored(file, result, day, warnings)


def score_files(
    paths: Iterable[Path],
    questionnaire_paths: Sequence[Path] = (),
    *,
    catalog: Catalog | None = None,
    workers: int | None = None,
    parallel_min_files: int = PARALLEL_MIN_FILES,
    encode: bool = False,
) -> Iterator[Outcome]:
    """Score ``paths`` against the bundled questionnaires and ``questionnaire_paths``.

    Outcomes come in the order of ``paths``. ``catalog``, when given, must be
    ``Catalog(questionnaire_paths)`` already loaded (worker processes that cannot
    inherit it load it again from the paths). ``workers`` is the number of
    processes (default: one per available core; 1 scores in this process).
    ``encode`` has each outcome's JSON made where it is scored (see ``Scored``).
    """
    catalog = catalog or Catalog(questionnaire_paths)
    count = workers if workers is not None else available_cores()
    # Streamed: only the first few paths are looked at to choose, never the whole list.
    iterator = iter(paths)
    first = list(islice(iterator, parallel_min_files)) if count > 1 else []
    if count <= 1 or len(first) < parallel_min_files:
        rest = chain(first, iterator)
        return (outcome for path in rest for outcome in score_path(path, catalog))
    return _score_in_pool(chain(first, iterator), list(questionnaire_paths), catalog, count, encode)


def available_cores() -> int:
    """The cores this process may run on (its affinity, as os.process_cpu_count gives)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# --- the process pool ------------------------------------------------------------------------

# The catalog a worker scores against. A forked worker inherits the parent's, already
# loaded; a spawned one (macOS, Windows) loads its own from the same paths.
_worker_catalog: tuple[tuple[str, ...], Catalog] | None = None


# Linux's prctl(2) option: the signal a process gets when the thread that forked it ends.
_PR_SET_PDEATHSIG = 1
_PARENT_WATCH_SECONDS = 0.5
# Whatever the platform: SIGKILL where it exists, TerminateProcess on Windows.
_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


def _init_worker(questionnaire_paths: tuple[str, ...], parent: int, language: str) -> None:
    global _worker_catalog
    _bind_to_parent(parent)
    set_language(language)  # a spawned worker starts with the default language
    # Ctrl-C reaches the whole process group: the parent stops the workers, which would
    # otherwise each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _worker_catalog is None or _worker_catalog[0] != questionnaire_paths:
        catalog = Catalog([Path(path) for path in questionnaire_paths])
        _worker_catalog = (questionnaire_paths, catalog)


def _bind_to_parent(parent: int) -> None:
    """End this worker when ``parent`` ends, however it ends (even by SIGKILL)."""
    import threading

    if sys.platform == "linux":
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(_KILL), 0, 0, 0)
        except (OSError, AttributeError):  # no libc to call: the watch below still holds
            pass
    # The parent may have died before the line above: the kernel then signals nothing.
    if os.getppid() != parent:
        os.kill(os.getpid(), _KILL)
    # Elsewhere (and as a fallback), a worker whose parent is gone gets a new parent.
    watch = threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch")
    watch.daemon = True
    watch.start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_WATCH_SECONDS)
    os.kill(os.getpid(), _KILL)


def _score_chunk(chunk: list[str], encode: bool) -> list[Outcome]:
    assert _worker_catalog is not None
    catalog = _worker_catalog[1]
    outcomes = [outcome for path in chunk for outcome in score_path(Path(path), catalog)]
    return [_encoded(outcome) for outcome in outcomes] if encode else outcomes


def _chunks(paths: Iterable[Path], size: int) -> Iterator[list[str]]:
    iterator = iter(paths)
    while chunk := [os.fsdecode(path) for path in islice(iterator, size)]:
        yield chunk


def _process_context() -> BaseContext | None:
    """Fork where it is safe and quick (the workers inherit the loaded questionnaires);
    elsewhere the platform's default, and each worker loads them again."""
    import multiprocessing

    return multiprocessing.get_context("fork") if sys.platform == "linux" else None


def _score_in_pool(
    paths: Iterable[Path],
    questionnaire_paths: list[Path],
    catalog: Catalog,
    workers: int,
    encode: bool,
) -> Iterator[Outcome]:
    # The pool's machinery is imported only when a pool starts: most commands never do.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _worker_catalog
    key = tuple(os.fsdecode(path) for path in questionnaire_paths)
    catalog.entries  # noqa: B018 - load every questionnaire once, before the workers fork
    _worker_catalog = (key, catalog)
    context = _process_context()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(key, os.getpid(), current_language()),
    )
    chunks = _chunks(paths, CHUNK_FILES)
    pending: deque[tuple[list[str], Future[list[Outcome]]]] = deque()
    stopped = _StopWorkersOnSignal(pool)
    try:
        stopped.install()
        for chunk in islice(chunks, workers * CHUNKS_IN_FLIGHT_PER_WORKER):
            pending.append((chunk, pool.submit(_score_chunk, chunk, encode)))
        while pending:
            chunk, future = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                stopped.check()
                # A worker died (out of memory, killed): finish everything here instead.
                for rest in [chunk, *(c for c, _ in pending), *chunks]:
                    for path in rest:
                        yield from score_path(Path(path), catalog)
                return
            stopped.check()
            following = next(chunks, None)
            if following is not None:
                pending.append((following, pool.submit(_score_chunk, following, encode)))
            yield from outcomes
            stopped.check()
    except BaseException:  # Ctrl-C, a closed pipe, a signal: the workers' work is lost anyway
        stopped.kill_workers()
        raise
    finally:
        stopped.uninstall()
        pool.shutdown(wait=True, cancel_futures=True)


class _StopWorkersOnSignal:
    """While a pool runs: on SIGTERM or SIGHUP, kill its workers at once, then end the batch.

    The handler only kills and takes note (it may run anywhere in the main thread, even
    inside ``score_file``, which turns exceptions into failures); the batch raises
    ``Terminated`` the next time it is asked for an outcome, which is at once when it
    was waiting for the workers just killed.
    """

    SIGNALS = tuple(
        getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
    )

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool
        self.signal: int | None = None
        self.previous: dict[int, Any] = {}

    def install(self) -> None:
        import threading

        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may handle signals; the watch in each worker holds
        for number in self.SIGNALS:
            self.previous[number] = signal.signal(number, self._handle)

    def uninstall(self) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        self.previous.clear()

    def check(self) -> None:
        if self.signal is not None:
            raise Terminated(self.signal)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        self.signal = number
        self.kill_workers()

    def kill_workers(self) -> None:
        # The executor keeps its processes in a private mapping; there is no public way
        # to kill them before Python 3.14 (terminate_workers).
        processes = getattr(self.pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.kill()
        # A worker killed while sending a result leaves half a message in the pipe, and
        # the executor would wait for the rest forever (and so would the exit). With this
        # last writer closed it reads an end of file instead and marks the pool broken.
        results = getattr(self.pool, "_result_queue", None)
        writer = getattr(results, "_writer", None)
        if writer is not None:
            writer.close()
