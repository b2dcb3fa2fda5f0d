"""The commands the tool prints start the way it was started, and run as printed: in a
fresh virtual environment, with ``bonsclics`` on PATH or not, or as ``python -m``."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bonsclics_cli.cli.invocation import command_line, program

INTERVIEW_TOML = Path(__file__).parent / "interview" / "interview.toml"


def _script(folder: Path, name: str = "bonsclics") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX script stands for the program")
def test_bonsclics_when_that_name_on_path_is_this_program(tmp_path: Path) -> None:
    script = _script(tmp_path / "venv" / "bin")
    path = os.pathsep.join([str(script.parent), "/usr/bin"])
    assert program(str(script), "/usr/bin/python3", {"PATH": path}) == ["bonsclics"]


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX script stands for the program")
def test_the_scripts_full_path_when_bonsclics_on_path_is_another_or_none(
    tmp_path: Path,
) -> None:
    ours = _script(tmp_path / "venv" / "bin")
    other = _script(tmp_path / "elsewhere")
    for path in ("/usr/bin", os.pathsep.join([str(other.parent), "/usr/bin"])):
        assert program(str(ours), "/usr/bin/python3", {"PATH": path}) == [str(ours)]
    relative = os.path.relpath(ours)  # typed as .venv/bin/bonsclics
    assert program(relative, "/usr/bin/python3", {"PATH": "/usr/bin"}) == [str(ours)]


def test_python_dash_m_when_started_as_a_module(tmp_path: Path) -> None:
    module = str(Path(__file__).parents[1] / "src" / "bonsclics_cli" / "__main__.py")
    python = _script(tmp_path / "venv" / "bin", "python")
    on_path = {"PATH": str(python.parent)}
    assert program(module, str(python), on_path) == ["python", "-m", "bonsclics_cli"]
    elsewhere = {"PATH": str(tmp_path)}
    assert program(module, str(python), elsewhere) == [str(python), "-m", "bonsclics_cli"]


def test_a_printed_command_quotes_what_the_shell_would_split() -> None:
    line = command_line("report", "/tmp/mes réponses.json", start=["bonsclics"])
    assert shlex.split(line) == ["bonsclics", "report", "/tmp/mes réponses.json"]


# --- in a fresh virtual environment ----------------------------------------------------------


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project installed (not editable) into a new virtual environment; skipped when
    the packages cannot be downloaded."""
    root = Path(__file__).resolve().parents[1]
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = venv / "bin" / "pip"
    installed = subprocess.run(
        [str(pip), "install", "--quiet", "--disable-pip-version-check", str(root)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if installed.returncode != 0:
        pytest.skip(f"cannot install the project here (offline?): {installed.stderr[-300:]}")
    return venv


def _interview(command: list[str], data: Path, path: str) -> str:
    """A whole interview of the test questionnaire in a pseudo-terminal; what it printed."""
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, COLUMNS="200", LINES="40", TERM="xterm", NO_COLOR="1", PATH=path)
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env["BONSCLICS_DATA_DIR"] = str(data)
    child = pexpect.spawn(
        command[0],
        [*command[1:], "run", str(INTERVIEW_TOML), "--person", "BC-PRINTED"],
        env=env,
        dimensions=(40, 200),
        encoding="utf-8",
        timeout=30,
    )
    child.logfile_read = transcript = io.StringIO()  # everything it printed, from the start
    for question, hint, keys in (
        ("Votre choix", "arrêter ici", "\r"),
        ("Question 1 sur", "puis Entrée)", "1\r"),
        ("Question 2 sur", "pour valider)", "1\r"),
        ("Question 3 sur", "puis Entrée)", "1\r"),
        ("Question 4 sur", "autres choix)", "54\r"),
        ("Question 5 sur", "autres choix)", "lire mes e-mails\r"),
        # the end: the person's summary read, no note, no appointment, the page not written
        ("Appuyez sur Entrée", "professionnel", "\r"),
        ("Votre note", "passer", "\r"),
        ("Prochain rendez-vous", "passer", "\r"),
        ("Écrire la page de la personne", "puis Entrée)", "2\r"),
    ):
        child.expect_exact(question)
        child.expect_exact(hint)
        child.send(keys)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return transcript.getvalue().replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("how", ["script, not on PATH", "bonsclics on PATH", "python -m"])
def test_the_report_commands_printed_after_an_interview_run_as_printed(
    fresh_venv: Path, tmp_path: Path, how: str
) -> None:
    bin_folder = fresh_venv / "bin"
    bare = os.pathsep.join(["/usr/bin", "/bin"])  # no bonsclics there
    with_venv = os.pathsep.join([str(bin_folder), bare])
    command, path = {
        "script, not on PATH": ([str(bin_folder / "bonsclics")], bare),
        "bonsclics on PATH": ([str(bin_folder / "bonsclics")], with_venv),
        "python -m": ([str(bin_folder / "python"), "-m", "bonsclics_cli"], bare),
    }[how]
    data = tmp_path / "data"
    printed = _interview(command, data, path)
    lines = [line.strip() for line in printed.splitlines() if " report " in line]
    assert len(lines) == 2, printed  # for the person, for the professional
    expected_start = {
        "script, not on PATH": f"{bin_folder / 'bonsclics'} report ",
        "bonsclics on PATH": "bonsclics report ",
        "python -m": f"{bin_folder / 'python'} -m bonsclics_cli report ",
    }[how]
    reports = data / "reports" / "BC-PRINTED"  # report's default: erased with the person
    for count, line in enumerate(lines, start=1):
        assert line.startswith(expected_start), line
        # As a user would paste it into their shell, with the same PATH.
        env = dict(os.environ, PATH=path, BONSCLICS_DATA_DIR=str(data))
        done = subprocess.run(
            ["/bin/sh", "-c", line], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        written = sorted(reports.glob("*.html"))
        assert len(written) == count, written  # one more page, in the person's folder
        assert all("<html" in page.read_text(encoding="utf-8") for page in written)
        assert "<html" not in done.stdout  # never poured into the terminal
