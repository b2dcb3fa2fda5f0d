"""An empty xlsx sheet to collect answers in a spreadsheet, ready for ``import --from-table``.

Row 1 holds the headers the import recognises (``person``, ``date``, the question ids),
each with its question as a comment; every choice column has a drop-down list of the
option labels and « je ne sais pas » / « ne souhaite pas répondre », numbers and dates
are checked as they are typed. The lists live on a hidden sheet (labels may hold commas,
which an inline list cannot).
"""

from __future__ import annotations

import io

from bonsclics_cli.i18n import translation
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
)
from bonsclics_cli.store.table_import import DATE, PERSON, column_letter

ROWS = 500
"""How many rows the checks and lists cover."""


def template_xlsx(questionnaire: Questionnaire, language: str) -> bytes:
    """The template workbook, as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    t = translation(language)
    q = questionnaire
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t.gettext("Answers")[:31]
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    states = [t.gettext("I don't know"), t.gettext("I prefer not to answer")]

    headers = [PERSON, DATE, *(question.id for question in q.questions)]
    notes = [
        t.gettext("The person's pseudonymous id, never a name."),
        t.gettext("The date of the interview, e.g. 31/12/2026."),
        *(q.text(question.prompt, language) for question in q.questions),
    ]
    for index, (header, note) in enumerate(zip(headers, notes, strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        cell.comment = Comment(note, "bonsclics")
        sheet.column_dimensions[column_letter(index - 1)].width = max(14, len(header) + 4)
    sheet.freeze_panes = "A2"

    def cells(index: int) -> str:
        letter = column_letter(index)
        return f"{letter}2:{letter}{ROWS + 1}"

    dates = DataValidation(type="date", allow_blank=True)
    dates.error = t.gettext("A date, e.g. 31/12/2026.")
    dates.add(cells(1))
    sheet.add_data_validation(dates)
    for index, question in enumerate(q.questions, start=2):
        if isinstance(question, SingleQuestion | MultipleQuestion):
            labels = [q.text(option.label, language) for option in question.options] + states
            letter = column_letter(index)
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=index + 1, value=label)
            choice = DataValidation(
                type="list", formula1=f"=lists!${letter}$1:${letter}${len(labels)}"
            )
            choice.allow_blank = True
            if isinstance(question, MultipleQuestion):
                # several labels go in one cell, separated by ';': the list only helps
                choice.showErrorMessage = False
                choice.prompt = t.gettext("Several answers: separate them with ;")
                choice.showInputMessage = True
            choice.add(cells(index))
            sheet.add_data_validation(choice)
        elif isinstance(question, NumberQuestion):
            kind = "whole" if question.integer else "decimal"
            low = -1e15 if question.min is None else question.min
            high = 1e15 if question.max is None else question.max
            number = DataValidation(
                type=kind, operator="between", formula1=str(low), formula2=str(high)
            )
            number.allow_blank = True
            number.add(cells(index))
            sheet.add_data_validation(number)
        elif isinstance(question, TextQuestion):
            length = DataValidation(
                type="textLength", operator="lessThanOrEqual", formula1=str(question.max_length)
            )
            length.allow_blank = True
            length.add(cells(index))
            sheet.add_data_validation(length)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
