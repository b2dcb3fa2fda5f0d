"""The structure on the pages, the professional's note kept from the person, and reports
in the data folder (where forget and purge reach them)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli
from html_checks import assert_self_contained
from printing import pdf_pages
from profiles import STRUCTURE_TOML, profile_card, profile_sheet, structure, write_structure

from bonsclics_cli.answers.notes import APPOINTMENT_KEY, NOTE_KEY
from bonsclics_cli.answers.sheet import save_sheet
from bonsclics_cli.reports.registry import ReportRequest, render
from bonsclics_cli.store.folder import DataFolder, default_data_dir
from bonsclics_cli.structure.loader import load_bytes

TODAY = date(2026, 12, 1)
NOTE = "Inquiète pour sa CAF NOTE-PRO-7731"
APPOINTMENT = "Mardi 8 décembre 14 h RDV-PRO-4410"
SECRETS = (b"NOTE-PRO-7731", b"RDV-PRO-4410", NOTE_KEY.encode(), APPOINTMENT_KEY.encode())


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from bonsclics_cli import i18n

    before = i18n.current_language()
    monkeypatch.setenv("BONSCLICS_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def invoke(*args: str | Path) -> Outcome:
    return run_cli([str(arg) for arg in args])


class _Steps(HTMLParser):
    """The text inside each next step (``li.step``), by the advice it is for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.steps: dict[str, str] = {}
        self._current: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._current is not None and tag == "li":
            self._depth += 1
        named = dict(attrs)
        if tag == "li" and named.get("class") == "step":
            self._current = named.get("data-advice") or ""
            self.steps[self._current] = ""
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._current is not None and tag == "li":
            self._depth -= 1
            if self._depth == 0:
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.steps[self._current] += data


def _person(name: str, language: str = "fr", **options: object) -> str:
    request = ReportRequest(profile_card(name, language), language, TODAY, **options)  # type: ignore[arg-type]
    return render("html", "person", request)


def test_each_offer_is_exactly_under_the_advice_it_answers() -> None:
    page = _person("beginner", structure=structure())
    parsed = _Steps()
    parsed.feed(page)
    assert list(parsed.steps) == ["premiers_pas", "adresse_email", "messages_frauduleux"]
    assert "Atelier « Premiers pas sur smartphone »" in parsed.steps["premiers_pas"]
    assert "Le mardi, de 14 h à 16 h" in parsed.steps["premiers_pas"]
    assert "Permanence numérique : e-mail et documents" in parsed.steps["adresse_email"]
    assert "Votre téléphone, et un document à envoyer" in parsed.steps["adresse_email"]
    assert "Atelier" not in parsed.steps["messages_frauduleux"]  # no offer answers it
    # each offer once, and none that answers no step of this person
    assert page.count("Premiers pas sur smartphone") == 1
    assert page.count("Permanence numérique") == 1
    assert "Mes démarches en ligne" not in page and "Guichet Aidants Connect" not in page
    # the structure instead of a blank line
    assert "Votre contact : Centre social des Tilleuls · 04 72 00 00 00" in page


def test_an_offer_for_the_professional_advice_fills_a_free_step() -> None:
    # the middle profile has two steps: the Aidants Connect desk does not answer its
    # advice, so the page keeps two steps; with an offer for "ordinateur", a third appears
    extra = STRUCTURE_TOML + (
        '\n[[offers]]\nid = "clavier"\nkind = "workshop"\ntitle = "Atelier clavier"\n'
        'when = "Le lundi"\nadvice = ["ordinateur"]\n'
    )
    result = load_bytes(extra.encode("utf-8"), "s.toml")
    assert result.structure is not None, result.findings
    parsed = _Steps()
    parsed.feed(_person("middle", structure=result.structure))
    assert list(parsed.steps) == ["envoyer_document", "messages_frauduleux", "ordinateur"]
    assert "Un atelier près de chez vous peut vous aider." in parsed.steps["ordinateur"]
    assert "Atelier clavier" in parsed.steps["ordinateur"]
    # the professional's text of that advice never reaches the person's page
    assert "La personne n'utilise pas d'ordinateur" not in parsed.steps["ordinateur"]


def test_a_hostile_structure_is_text_on_every_page() -> None:
    hostile = (
        STRUCTURE_TOML.replace(
            'name = "Centre social des Tilleuls"', 'name = "<script>alert(1)</script>"'
        )
        .replace(
            'title = "Atelier « Premiers pas sur smartphone »"',
            "title = \"<img src=x onerror=alert(2)><a href='https://evil.example'>x</a>\"",
        )
        .replace('place = "Salle 2, centre social des Tilleuls"', 'place = "</li></ol><h1>faux"')
    )
    result = load_bytes(hostile.encode("utf-8"), "s.toml")
    assert result.structure is not None, result.findings
    for audience in ("person", "professional"):
        request = ReportRequest(profile_card("beginner"), "fr", TODAY, structure=result.structure)
        page = render("html", audience, request)
        assert_self_contained(page)
        for raw in ("<script>alert", "<img src=x", "<a href='https://evil", "</ol><h1>"):
            assert raw not in page, (audience, raw)
        assert "&lt;img src=x onerror=alert(2)&gt;" in page
    person = _person("beginner", structure=result.structure)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in person
    assert "&lt;/li&gt;&lt;/ol&gt;&lt;h1&gt;faux" in person


def test_the_note_and_appointment_stay_out_of_the_person_page_and_in_the_synthesis() -> None:
    from bonsclics_cli.scoring.rules import score

    sheet = profile_sheet("middle", **{NOTE_KEY: NOTE, APPOINTMENT_KEY: APPOINTMENT})
    card = score(profile_card("middle").questionnaire, sheet)
    request = ReportRequest(card, "fr", TODAY, structure=structure())
    for audience, output_format in (("person", "html"), ("person", "md"), ("person", "json")):
        document = render(output_format, audience, request).encode("utf-8")
        assert not [secret for secret in SECRETS[:2] if secret in document], output_format
    professional = render("html", "professional", request)
    synthesis = professional[: professional.index('class="annex"')]
    assert NOTE in synthesis and APPOINTMENT in synthesis


def test_the_synthesis_names_the_offers_handed_over_only_when_there_are_some() -> None:
    card = profile_card("beginner")
    for with_structure in (True, False):
        request = ReportRequest(
            card, "en", TODAY, structure=structure() if with_structure else None
        )
        professional = render("html", "professional", request)
        synthesis = professional[: professional.index('class="annex"')]
        handed = synthesis[synthesis.index("Handed to the person") :]
        handed = handed[: handed.index("Next appointment")]
        if with_structure:
            assert "with these offers:" in handed and "<li>" in handed
        else:  # no offer on the page: no sentence left hanging on a colon
            assert "with these offers" not in handed and "<li>" not in handed
            assert "The person&#39;s page « " in handed


def _stored_sessions(data: Path) -> list[Path]:
    folder = DataFolder(data)
    paths = []
    for number, name in enumerate(("beginner", "middle", "advanced")):
        sheet = profile_sheet(name, **{NOTE_KEY: NOTE, APPOINTMENT_KEY: APPOINTMENT})
        sheet = sheet.model_copy(update={"person": f"BC-P{number}"})
        path = folder.new_session_path(sheet.person, sheet.questionnaire.id, sheet.started_at)
        save_sheet(sheet, path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_anonymised_exports_hold_neither_note_nor_appointment(
    tmp_path: Path, output_format: str
) -> None:
    data = Path(default_data_dir())
    [first, *_] = _stored_sessions(data)
    assert NOTE.encode() in first.read_bytes()  # kept in the answers file, for the professional
    result = invoke("export", "--anonymize", "--k", "1", "-f", output_format)
    assert result.exit_code == 0, result.stderr
    exported = result.stdout_bytes
    assert exported.count(b"\n") >= 3
    assert [secret for secret in SECRETS if secret in exported] == []
    written = tmp_path / f"out.{output_format}"
    assert invoke("export", "--anonymize", "--k", "1", "-o", written).exit_code == 0
    assert [secret for secret in SECRETS if secret in written.read_bytes()] == []


def test_report_writes_into_the_data_folder_and_forget_erases_it(tmp_path: Path) -> None:
    data = Path(default_data_dir())
    [session, *_] = _stored_sessions(data)
    result = invoke("report", session, "-a", "person")
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == data / "reports" / "BC-P0"
    assert written.name == "BC-P0_2026-11-29_autonomie-numerique_person.html"
    assert "outside the data folder" not in result.stderr
    if sys.platform != "win32":
        assert oct(written.stat().st_mode & 0o777) == "0o600"
        assert oct(written.parent.stat().st_mode & 0o777) == "0o700"
    again = invoke("report", session, "-a", "person")  # made again: replaced, not refused
    assert again.exit_code == 0 and Path(again.stdout.strip()) == written

    erased = invoke("forget", "BC-P0", "--yes")
    assert erased.exit_code == 0, erased.stderr
    assert not written.exists() and not (data / "reports" / "BC-P0").exists()


def test_a_report_elsewhere_says_forget_will_not_reach_it(tmp_path: Path) -> None:
    [session, *_] = _stored_sessions(Path(default_data_dir()))
    elsewhere = tmp_path / "dossier" / "page.html"
    result = invoke("report", session, "-a", "person", "-o", elsewhere)
    assert result.exit_code == 0, result.stderr
    assert elsewhere.is_file()
    assert "outside the data folder: 'bonsclics forget' and 'bonsclics purge' will not" in (
        result.stderr
    )
    assert invoke("forget", "BC-P0", "--yes").exit_code == 0
    assert elsewhere.is_file()  # as the warning said


def test_markdown_and_json_still_go_to_standard_output(tmp_path: Path) -> None:
    [session, *_] = _stored_sessions(Path(default_data_dir()))
    markdown = invoke("report", session, "-f", "md", "-a", "person")
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# ")
    assert json.loads(invoke("report", session, "-f", "json").stdout)[0]["person"] == "BC-P0"
    html = invoke("report", session, "-o", "-")
    assert html.stdout.startswith("<!DOCTYPE html>")


def test_open_hands_the_report_to_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []

    def record(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", record)
    [session, *_] = _stored_sessions(Path(default_data_dir()))
    result = invoke("report", session, "-a", "person", "--open")
    assert result.exit_code == 0, result.stderr
    assert opened == [Path(result.stdout.strip()).resolve().as_uri()]


def test_report_with_the_structure_from_the_flag_or_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [session, *_] = _stored_sessions(Path(default_data_dir()))
    profile = write_structure(tmp_path)
    with_flag = invoke("report", session, "-a", "person", "-o", "-", "--structure", profile)
    assert "Atelier « Premiers pas sur smartphone »" in with_flag.stdout
    monkeypatch.setenv("BONSCLICS_STRUCTURE", str(profile))
    assert (
        "Centre social des Tilleuls" in invoke("report", session, "-a", "person", "-o", "-").stdout
    )
    monkeypatch.setenv("BONSCLICS_STRUCTURE", str(tmp_path / "absent.toml"))
    missing = invoke("report", session, "-a", "person", "-o", "-")
    assert missing.exit_code == 2 and "absent.toml" in missing.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text(STRUCTURE_TOML.replace('kind = "workshop"', 'kind = "x"', 1))
    refused = invoke("report", session, "--structure", broken)
    assert refused.exit_code == 1
    assert re.search(
        rf"{re.escape(str(broken))}:\d+:8: error: offer 'atelier_smartphone'", refused.stderr
    )


def test_pdf_reports_are_written_with_the_extra(tmp_path: Path) -> None:
    _need_weasyprint()
    [session, *_] = _stored_sessions(Path(default_data_dir()))
    result = invoke("report", session, "-a", "person", "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.suffix == ".pdf" and written.read_bytes().startswith(b"%PDF-")
    assert not [secret for secret in SECRETS[:2] if secret in written.read_bytes()]
    if shutil.which("pdfinfo"):  # poppler-utils: .ci/run installs it
        assert pdf_pages(written) == 1


def test_pdf_without_the_extra_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails, as when absent
    [session, *_] = _stored_sessions(Path(default_data_dir()))
    result = invoke("report", session, "-f", "pdf")
    assert result.exit_code == 1
    assert "pip install 'bonsclics-cli[pdf]'" in result.stderr
    assert "print it from a browser" in result.stderr
    assert not (Path(default_data_dir()) / "reports").exists()

    from bonsclics_cli.reports.pdf import PdfUnavailableError, html_to_pdf

    with pytest.raises(PdfUnavailableError):
        html_to_pdf("<p>x</p>")


def _need_weasyprint() -> None:
    """Skip unless the 'pdf' extra works here (WeasyPrint and its Pango library)."""
    from bonsclics_cli.reports.pdf import PdfUnavailableError, check_pdf

    try:
        check_pdf()
    except PdfUnavailableError as exc:
        pytest.skip(str(exc))


def test_purge_erases_the_reports_of_the_persons_it_erases(tmp_path: Path) -> None:
    data = Path(default_data_dir())
    sessions = _stored_sessions(data)  # interviews of 29 November 2026
    written = [Path(invoke("report", path, "-a", "person").stdout.strip()) for path in sessions]
    assert all(path.is_file() for path in written)
    # today's reports do not make these persons recent: the sessions date them
    result = invoke("purge", "--older-than", "1d", "--yes")
    assert result.exit_code == 0, result.stderr
    assert not any(path.exists() for path in written)
    assert not (data / "reports").exists() or list((data / "reports").iterdir()) == []


def test_two_advice_answered_by_one_desk_make_one_step() -> None:
    from profiles import DEFAULT, MIDDLE
    from report_samples import card, entry

    # urgent, and a relative does the procedures: both call for the Aidants Connect desk
    # (the scam recognised: two steps for the person, room for one offer)
    answers = dict(
        MIDDLE, demarche_urgente="oui", demarches_faites="proche", obs_sms_frauduleux="reconnait"
    )
    urgent = card(answers, entry_=entry(DEFAULT))
    advice = [item.id for item in urgent.advice]
    assert "demarche_urgente" in advice and "aidants_connect" in advice
    page = render("html", "person", ReportRequest(urgent, "fr", TODAY, structure=structure()))
    parsed = _Steps()
    parsed.feed(page)
    # A third step, the workshop, does not hold on the sheet with these two offers: it
    # stays in the professional's priorities (tests/reports/test_page_fit.py).
    assert list(parsed.steps) == ["demarche_urgente", "envoyer_document"]
    assert page.count("Guichet Aidants Connect") == 1
    desk = next(text for text in parsed.steps.values() if "Guichet Aidants Connect" in text)
    assert "Un aidant habilité peut faire vos démarches en ligne pour vous" in desk


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_report_is_never_written_through_a_link_in_the_data_folder(tmp_path: Path) -> None:
    data = Path(default_data_dir())
    [session, *_] = _stored_sessions(data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data / "reports").symlink_to(elsewhere, target_is_directory=True)
    result = invoke("report", session, "-a", "person")
    assert result.exit_code == 1
    assert "reports is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []
