"""A spreadsheet (CSV or xlsx) of answers -> one answers file per row, in the data folder.

One row per person. Each column is recognised by a question's id or its prompt in any of
the questionnaire's languages (``Utilisez-vous un smartphone ?``, ``utiliseappareil``
as LimeSurvey writes codes), or ``question[option]`` for one column per choice; each cell
by an option's value or label, or « je ne sais pas » / « ne souhaite pas répondre ».
What was recognised is written to a small mapping file (JSON) that a later import reads
back (``--mapping``), and that a person edits to name what could not be guessed.

Each row becomes an answers document checked exactly as ``score`` checks files
(``answers.checks.check_answers``) and is stored like ``bonsclics import`` stores a file.
A bad cell is reported as ``FILE:ROW:COLUMN: message`` and its row is not written at all;
the other rows go on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeAlias

from bonsclics_cli.answers.applicable import walk
from bonsclics_cli.answers.checks import LoadedAnswers, check_answers, value_problem
from bonsclics_cli.answers.sheet import PERSON_PATTERN
from bonsclics_cli.compat import parse_datetime
from bonsclics_cli.errors import BonsclicsError, InvalidInputError, UsageError
from bonsclics_cli.files import read_regular, write_private
from bonsclics_cli.i18n import LANGUAGES, _, joined, translation
from bonsclics_cli.questionnaire.catalog import Catalog, Entry, chosen_language
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
)
from bonsclics_cli.store.folder import DataFolder
from bonsclics_cli.store.importing import ImportResult, Outcome, StoredKeys, _store

CellValue: TypeAlias = str | int | float | datetime | date | None
PERSON = "person"
DATE = "date"
DONT_KNOW = "state:dont_know"
DECLINED = "state:declined"
MAPPING_FORMAT = 1
MAX_TABLE_BYTES = 64 * 1024 * 1024

# Column names that mean the person's id or the date, in the shapes spreadsheets and
# form tools (Google Forms, LimeSurvey) write them; compared once normalised.
_PERSON_NAMES = (
    "person",
    "personne",
    "identifiant",
    "identifiant de la personne",
    "numero de la personne",
    "person's number",
    "person id",
    "participant",
    "pseudonyme",
)
_DATE_NAMES = (
    "date",
    "date of the interview",
    "date de l'entretien",
    "horodateur",
    "horodatage",
    "timestamp",
    "submitdate",
    "date de soumission",
    "startdate",
    "started_at",
)
_DONT_KNOW_WORDS = ("dont_know", "nsp", "ne sait pas", "je ne sais pas", "i don't know")
_DECLINED_WORDS = (
    "declined",
    "refus",
    "ne souhaite pas repondre",
    "je ne souhaite pas repondre",
    "prefers not to answer",
    "i prefer not to answer",
)
_TICKED = {"x", "1", "oui", "yes", "y", "o", "vrai", "true", "coche", "checked"}
_UNTICKED = {"", "0", "non", "no", "n", "faux", "false"}
_FORMULA_START = ("=", "+", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def normalised(text: str) -> str:
    """Letters and digits only, lower case, without accents: how headers and labels match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column as spreadsheets name it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- reading a table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: CellValue
    formula: bool = False


@dataclass(frozen=True)
class Table:
    path: Path
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]  # (row number as the spreadsheet shows it, cells)


def read_table(path: Path, delimiter: str | None = None) -> Table:
    """A CSV (UTF-8 with or without BOM, else Windows-1252; ``;`` or ``,``) or an xlsx."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if path.suffix.lower() not in {".csv", ".txt", ".tsv"}:
        raise UsageError(
            _("{path}: not a table bonsclics reads: give a .csv or an .xlsx file").format(path=path)
        )
    data = read_regular(path)
    if len(data) > MAX_TABLE_BYTES:
        raise InvalidInputError(_("{path}: too large for a table of answers").format(path=path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on a French Windows
    if delimiter is None:
        delimiter = _sniff(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        raise InvalidInputError(_("{path}: the table is empty").format(path=path))
    headers = [header.strip() for header in records[0]]
    rows = [
        (number, [Cell(value) for value in record])
        for number, record in enumerate(records[1:], start=2)
        if any(value.strip() for value in record)
    ]
    return Table(path, headers, rows)


def _sniff(text: str) -> str:
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(";,\t", key=first.count)


def _read_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook

    data = read_regular(path)  # a regular file, never through a link
    if len(data) > MAX_TABLE_BYTES:
        raise InvalidInputError(_("{path}: too large for a table of answers").format(path=path))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInputError(
            _("{path}: not a readable xlsx workbook ({reason})").format(path=path, reason=exc)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        found = list(sheet.iter_rows())
    finally:
        workbook.close()
    if not found:
        raise InvalidInputError(_("{path}: the table is empty").format(path=path))
    headers = ["" if cell.value is None else str(cell.value).strip() for cell in found[0]]
    rows = []
    for number, row in enumerate(found[1:], start=2):
        cells = [Cell(cell.value, formula=getattr(cell, "data_type", None) == "f") for cell in row]
        if any(cell.value not in (None, "") for cell in cells):
            rows.append((number, cells))
    return Table(path, headers, rows)


# --- the mapping ------------------------------------------------------------------------------


@dataclass
class TableMapping:
    """Which column is which question, and which cell text is which answer."""

    questionnaire: str
    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> str:
        document = {
            "format": MAPPING_FORMAT,
            "questionnaire": self.questionnaire,
            "columns": self.columns,
            "values": {key: dict(sorted(found.items())) for key, found in self.values.items()},
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_mapping(path: Path, questionnaire: Questionnaire) -> TableMapping:
    """A mapping file written by an earlier import (and perhaps edited), checked."""
    name = str(path)
    try:
        document = json.loads(read_regular(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError(
            _("{path}: not a mapping file (JSON): {reason}").format(path=name, reason=exc)
        ) from None
    problems: list[str] = []
    if not isinstance(document, dict) or document.get("format") != MAPPING_FORMAT:
        raise InvalidInputError(
            _('{path}: not a mapping file: expected a JSON object with "format": 1').format(
                path=name
            )
        )
    if document.get("questionnaire") != questionnaire.id:
        problems.append(
            _("it is the mapping of '{found}', not of '{expected}'").format(
                found=document.get("questionnaire"), expected=questionnaire.id
            )
        )
    columns = document.get("columns", {})
    values = document.get("values", {})
    if not isinstance(columns, dict) or not isinstance(values, dict):
        problems.append(_('"columns" and "values" must be JSON objects'))
        columns, values = {}, {}
    for header, target in columns.items():
        if target is not None and _target_problem(str(target), questionnaire):
            problems.append(
                _("column '{header}': '{target}' {problem}").format(
                    header=header,
                    target=target,
                    problem=_target_problem(str(target), questionnaire),
                )
            )
    for question_id, found in values.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None or not isinstance(found, dict):
            problems.append(
                _("\"values\": '{id}' is not a question of {questionnaire}").format(
                    id=question_id, questionnaire=questionnaire.id
                )
            )
            continue
        for text, target in found.items():
            if target in (DONT_KNOW, DECLINED):
                continue
            if not isinstance(question, SingleQuestion | MultipleQuestion) or (
                question.option(str(target)) is None
            ):
                problems.append(
                    _(
                        "\"values\": '{text}' of '{id}': '{target}' is not one of its options"
                    ).format(text=text, id=question_id, target=target)
                )
    if problems:
        raise InvalidInputError("\n".join(f"{name}: {problem}" for problem in problems))
    return TableMapping(
        questionnaire.id,
        {str(k): (None if v is None else str(v)) for k, v in columns.items()},
        {k: {str(t): str(v) for t, v in found.items()} for k, found in values.items()},
    )


def _target_problem(target: str, questionnaire: Questionnaire) -> str | None:
    if target in (PERSON, DATE):
        return None
    question_id, _bracket, option = target.partition("[")
    question = questionnaire.questions_by_id.get(question_id)
    if question is None:
        return _("is not a question id, 'person' or 'date'")
    if option and (
        not isinstance(question, MultipleQuestion) or question.option(option[:-1]) is None
    ):
        return _("names no option of a multiple-choice question")
    return None


def guess_mapping(table: Table, questionnaire: Questionnaire, known: TableMapping) -> TableMapping:
    """The mapping of ``known`` for the headers it names; a guess for the others."""
    by_name: dict[str, str] = {}
    for name in _PERSON_NAMES:
        by_name.setdefault(normalised(name), PERSON)
    for name in _DATE_NAMES:
        by_name.setdefault(normalised(name), DATE)
    for language in LANGUAGES:
        t = translation(language)
        by_name.setdefault(normalised(t.gettext("Person's number:")), PERSON)
        by_name.setdefault(normalised(t.gettext("Date of the interview:")), DATE)
    for question in questionnaire.questions:
        by_name.setdefault(normalised(question.id), question.id)
        for language in questionnaire.languages:
            by_name.setdefault(
                normalised(questionnaire.text(question.prompt, language)), question.id
            )
    columns: dict[str, str | None] = {}
    taken: set[str] = set()
    for header in table.headers:
        if not header or header in columns:
            continue
        if header in known.columns:
            columns[header] = known.columns[header]
            continue
        target = _guess_column(header, by_name, questionnaire)
        if target in (PERSON, DATE) and target in taken:
            target = None  # LimeSurvey has three dates: the first one is the interview's
        columns[header] = target
        if target is not None:
            taken.add(target)
    return TableMapping(questionnaire.id, columns, {k: dict(v) for k, v in known.values.items()})


def _guess_column(
    header: str, by_name: Mapping[str, str], questionnaire: Questionnaire
) -> str | None:
    key = normalised(header)
    if key in by_name:
        return by_name[key]
    # "question[option]": one column per choice (LimeSurvey, a Google Forms grid)
    match = re.fullmatch(r"(.+?)\s*\[(.+)\]\s*", header)
    if match:
        question = questionnaire.questions_by_id.get(by_name.get(normalised(match[1]), ""))
        if isinstance(question, MultipleQuestion):
            option = _option_for(question, match[2], questionnaire)
            if option is not None:
                return f"{question.id}[{option}]"
    # "code. Question text" or "code - text" (LimeSurvey's "code and text" headings)
    for separator in (". ", " - ", ": "):
        head, found, tail = header.partition(separator)
        if found:
            for part in (head, tail):
                if normalised(part) in by_name:
                    return by_name[normalised(part)]
    return None


def _option_for(
    question: SingleQuestion | MultipleQuestion, text: str, q: Questionnaire
) -> str | None:
    key = normalised(text)
    for option in question.options:
        if key == normalised(option.value) or any(
            key == normalised(q.text(option.label, language)) for language in q.languages
        ):
            return option.value
    return None


def _state_for(text: str) -> str | None:
    key = normalised(text)
    dont_know = {normalised(word) for word in _DONT_KNOW_WORDS}
    declined = {normalised(word) for word in _DECLINED_WORDS}
    for language in LANGUAGES:
        t = translation(language)
        dont_know.add(normalised(t.gettext("I don't know")))
        declined.add(normalised(t.gettext("I prefer not to answer")))
    if key in dont_know:
        return DONT_KNOW
    if key in declined:
        return DECLINED
    return None


# --- one row -----------------------------------------------------------------------------------


class CellError(Exception):
    """One cell that cannot be read; its row is not imported."""


@dataclass
class _Row:
    person: str | None = None
    started_at: datetime | None = None
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    ticked: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class TableImport:
    """Import the rows of one table against one questionnaire; see the module docstring."""

    def __init__(
        self,
        folder: DataFolder,
        catalog_entry: Entry,
        table: Table,
        mapping: TableMapping,
        *,
        language: str,
    ) -> None:
        self.folder = folder
        self.entry = catalog_entry
        self.q = catalog_entry.questionnaire
        self.table = table
        self.mapping = mapping
        self.language = language
        self.keys = StoredKeys(folder)
        dates = [i for i, header in enumerate(table.headers) if mapping.columns.get(header) == DATE]
        self.month_first = bool(dates) and month_first(
            [cells[dates[0]].value for _, cells in table.rows if dates[0] < len(cells)]
        )

    def check_columns(self) -> list[str]:
        """Refuse a table without a person or date column; name the columns left out."""
        targets = set(self.mapping.columns.values())
        missing = [
            wanted
            for name, wanted in ((PERSON, _("the person's id")), (DATE, _("the date")))
            if name not in targets
        ]
        if missing:
            raise InvalidInputError(
                _(
                    "{path}: no column for {what}: name a column 'person' (and 'date'), "
                    "or map one in the mapping file"
                ).format(path=self.table.path, what=" / ".join(missing))
            )
        return [header for header, target in self.mapping.columns.items() if target is None]

    def rows(self) -> Iterator[ImportResult]:
        seen: dict[tuple[str, datetime], int] = {}
        for number, cells in self.table.rows:
            name = f"{self.table.path}:{number}"
            row = self._read_row(number, cells)
            if row.errors:
                yield ImportResult(name, Outcome.FAILED, "\n".join(row.errors))
                continue
            assert row.person is not None and row.started_at is not None
            key = (row.person, row.started_at)
            if key in seen:
                yield ImportResult(
                    name,
                    Outcome.FAILED,
                    _(
                        "{name}: the same person and date as row {row}: not imported twice; "
                        "correct the date or the person's id"
                    ).format(name=name, row=seen[key]),
                )
                continue
            seen[key] = number
            yield self._store(name, row)

    def _store(self, name: str, row: _Row) -> ImportResult:
        assert row.person is not None and row.started_at is not None
        applicable, _values = walk(self.q, row.answers)
        applying = {question.id for question in applicable}
        answers = {key: answer for key, answer in row.answers.items() if key in applying}
        complete = all(question.id in answers for question in applicable)
        moment = row.started_at.isoformat()
        document = {
            "format": 1,
            "questionnaire": {
                "id": self.q.id,
                "version": self.q.version,
                "sha256": self.entry.sha256,
            },
            "person": row.person,
            "language": self.language,
            "started_at": moment,
            "updated_at": moment,
            "completed_at": moment if complete else None,
            "answers": answers,
        }
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        try:
            checked = check_answers(data, Catalog.of([self.entry]), name)
        except BonsclicsError as exc:
            return ImportResult(name, Outcome.FAILED, str(exc))
        return _store(self.folder, name, LoadedAnswers.of(self.table.path, checked), self.keys)

    def _read_row(self, number: int, cells: Sequence[Cell]) -> _Row:
        row = _Row()
        for index, header in enumerate(self.table.headers):
            target = self.mapping.columns.get(header)
            if target is None or not header:
                continue
            cell = cells[index] if index < len(cells) else Cell(None)
            where = f"{self.table.path}:{number}:{column_letter(index)}"
            try:
                self._read_cell(row, target, cell, header)
            except CellError as exc:
                row.errors.append(f"{where}: {exc}")
        for question_id, values in row.ticked.items():
            if question_id not in row.answers:
                question = self.q.questions_by_id[question_id]
                order = [option.value for option in question.options]  # type: ignore[union-attr]
                row.answers[question_id] = {"value": sorted(set(values), key=order.index)}
        if row.person is None and not row.errors:
            row.errors.append(
                _("{path}:{row}: no person's id in this row").format(
                    path=self.table.path, row=number
                )
            )
        if row.started_at is None and not row.errors:
            row.errors.append(
                _("{path}:{row}: no date in this row").format(path=self.table.path, row=number)
            )
        return row

    def _read_cell(self, row: _Row, target: str, cell: Cell, header: str) -> None:
        value = cell.value
        if cell.formula or (isinstance(value, str) and _looks_like_formula(value)):
            raise CellError(
                _(
                    "'{cell}' is a spreadsheet formula, not a value; bonsclics reads values "
                    "only: paste the values (Paste special, Values) and import again"
                ).format(cell=_shown(value))
            )
        text = "" if value is None else str(value).strip()
        if target == PERSON:
            if not text:
                return
            if not re.fullmatch(PERSON_PATTERN, text):
                raise CellError(
                    _(
                        "'{cell}' is not a pseudonymous id (letters, digits, '.', '_' or '-', "
                        "at most 64, never a name)"
                    ).format(cell=_shown(text))
                )
            row.person = text
            return
        if target == DATE:
            if value is None or text == "":
                return
            row.started_at = _moment(value, month_first=self.month_first)
            return
        question_id, _bracket, option = target.partition("[")
        question = self.q.questions_by_id[question_id]
        if option:
            key = normalised(text)
            if key in _UNTICKED:
                if text:  # an explicit "no": the question was answered
                    row.ticked.setdefault(question_id, [])
                return
            if key not in _TICKED:
                raise CellError(
                    _("'{cell}': a tick column holds x, 1, oui or yes, or stays empty").format(
                        cell=_shown(text)
                    )
                )
            row.ticked.setdefault(question_id, []).append(option[:-1])
            return
        if value is None or text == "":
            return
        answer = self._answer(question, value, text)
        problem = None if "state" in answer else value_problem(question, answer["value"])
        if problem:
            raise CellError(problem)
        row.answers[question_id] = answer

    def _answer(self, question: AnyQuestion, value: CellValue, text: str) -> dict[str, Any]:
        known = self.mapping.values.get(question.id, {})
        target = known.get(text) or _state_for(text)
        if target in (DONT_KNOW, DECLINED):
            self._learn(question.id, text, target)
            return {"state": target.partition(":")[2]}
        if isinstance(question, SingleQuestion):
            chosen = target or _option_for(question, text, self.q)
            if chosen is None:
                raise CellError(self._not_an_option(question, text))
            self._learn(question.id, text, chosen)
            return {"value": chosen}
        if isinstance(question, MultipleQuestion):
            return {"value": self._choices(question, text)}
        if isinstance(question, NumberQuestion):
            if isinstance(value, int | float) and not isinstance(value, bool):
                whole = isinstance(value, float) and value.is_integer()
                return {"value": int(value) if whole else value}  # a spreadsheet's 54.0 is 54
            cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
            if not _NUMBER.fullmatch(cleaned):
                raise CellError(_("'{cell}' is not a number").format(cell=_shown(text)))
            number = float(cleaned.replace(",", "."))
            return {"value": int(number) if number.is_integer() else number}
        return {"value": text}

    def _choices(self, question: MultipleQuestion, text: str) -> list[str]:
        """One label, labels separated by ';' or new lines, or Google Forms' ', '."""
        known = self.mapping.values.get(question.id, {})
        whole = known.get(text) or _option_for(question, text, self.q)
        if whole is not None:
            self._learn(question.id, text, whole)
            return [whole]
        pieces = [p.strip() for p in re.split(r"[;\n|]", text) if p.strip()]
        if len(pieces) == 1:
            pieces = [p.strip() for p in text.split(",")]
        chosen: list[str] = []
        start = 0
        while start < len(pieces):
            # the longest run of pieces that is one label: labels may hold commas themselves
            for end in range(len(pieces), start, -1):
                label = ", ".join(pieces[start:end])
                found = known.get(label) or _option_for(question, label, self.q)
                if found is not None:
                    self._learn(question.id, label, found)
                    chosen.append(found)
                    start = end
                    break
            else:
                raise CellError(self._not_an_option(question, pieces[start]))
        order = [option.value for option in question.options]
        return sorted(set(chosen), key=order.index)

    def _learn(self, question_id: str, text: str, target: str) -> None:
        if text != target:
            self.mapping.values.setdefault(question_id, {})[text] = target

    def _not_an_option(self, question: SingleQuestion | MultipleQuestion, text: str) -> str:
        labels = joined(self.q.text(option.label, self.language) for option in question.options)
        return _(
            "'{cell}' is not an answer of question '{id}' (expected: {labels}; or « je ne sais "
            "pas », « ne souhaite pas répondre »); to read it as one of them, add it under "
            '"values" in the mapping file'
        ).format(cell=_shown(text), id=question.id, labels=labels)


def _looks_like_formula(text: str) -> bool:
    stripped = text.strip()
    if text.startswith(_FORMULA_START):
        return True
    return stripped.startswith("-") and not _NUMBER.fullmatch(stripped.replace(" ", ""))


def _shown(value: object, limit: int = 60) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d-%m-%Y",
)


_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{4}\b")


def month_first(values: Sequence[CellValue]) -> bool:
    """Whether a column writes month/day/year (an English Google Forms export): some
    date has a second number above 12, and none a first one. Day first otherwise."""
    pairs = [
        (int(found[1]), int(found[2]))
        for value in values
        if isinstance(value, str) and (found := _SLASHED.match(value))
    ]
    return any(second > 12 for _, second in pairs) and not any(first > 12 for first, _ in pairs)


def _moment(value: CellValue, *, month_first: bool = False) -> datetime:
    """A cell's date as an aware moment: an xlsx date, an Excel serial number, ISO 8601,
    or day/month/year (month/day/year when ``month_first``), with a time or not. A date
    without time is taken at noon local time, so that the offset of that day never moves
    it to another day."""
    found: datetime | None = None
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime.combine(value, time(12))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial days, up to the year 9999
            found = _EXCEL_EPOCH + timedelta(days=float(value))
            if found.time() == time(0):
                found = found.replace(hour=12)
    else:
        text = str(value).strip()
        if re.fullmatch(r"\d{4,5}(\.\d+)?", text):
            return _moment(float(text))  # a serial day written as text
        try:
            found = parse_datetime(text)  # the ISO 8601 the answers files read, on 3.10 too
            if len(text) == 10:
                found = found.replace(hour=12)
        except ValueError:
            for written in _DATE_FORMATS:
                pattern = written.replace("%d/%m", "%m/%d") if month_first else written
                try:
                    found = datetime.strptime(text, pattern)
                except ValueError:
                    continue
                if "%H" not in pattern:
                    found = found.replace(hour=12)
                break
    if found is None:
        raise CellError(
            _("'{cell}' is not a date: write it 31/12/2026 or 2026-12-31").format(
                cell=_shown(value)
            )
        )
    found = found.replace(microsecond=0)
    return found if found.tzinfo is not None else found.astimezone()


# --- the whole import -------------------------------------------------------------------------


@dataclass(frozen=True)
class TableOutcome:
    results: list[ImportResult]
    ignored: list[str]  # headers that name no question
    mapping_path: Path


def import_table(
    folder: DataFolder,
    entry: Entry,
    path: Path,
    *,
    mapping_path: Path | None = None,
    language: str | None = None,
    delimiter: str | None = None,
) -> TableOutcome:
    """Import every row of ``path``; write the mapping used to ``mapping_path`` (default:
    beside the table, ``NAME.mapping.json``)."""
    q = entry.questionnaire
    language = chosen_language(q, language)
    target = mapping_path or path.with_name(path.name + ".mapping.json")
    known = read_mapping(target, q) if mapping_path is not None and target.exists() else None
    table = read_table(path, delimiter)
    mapping = guess_mapping(table, q, known or TableMapping(q.id))
    importer = TableImport(folder, entry, table, mapping, language=language)
    write_private(target, mapping.to_json())  # also when a column is missing: edit it there
    ignored = importer.check_columns()
    results = list(importer.rows())
    write_private(target, mapping.to_json())  # with the labels the rows taught
    return TableOutcome(results, ignored, target)
