"""Whatever the bytes, the loader answers with findings, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bonsclics_cli.questionnaire.loader import load_bytes

BASE = (Path(__file__).parent.parent / "fixtures" / "minimal.toml").read_bytes()
PIECES = [
    b"=",
    b'"',
    b"'",
    b"[",
    b"]",
    b"[[",
    b"{",
    b"}",
    b",",
    b"\n",
    b"#",
    b"\\",
    b"\xff",
    b"\x00",
    b"nan",
    b"-1",
    b"1e999",
    b"true",
    b"points",
    b"when",
    b"type",
    b"\xef\xbb\xbf",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        if draw(st.booleans()):
            data[at:at] = draw(st.sampled_from(PIECES))
        else:
            del data[at : at + draw(st.integers(min_value=1, max_value=12))]
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_mutated_questionnaires_give_located_findings(data: bytes) -> None:
    result = load_bytes(data, "q.toml")
    lines = data.count(b"\n") + 1
    for finding in result.findings:
        assert 1 <= finding.line <= lines
        assert finding.column >= 1
        assert finding.message
    assert (result.questionnaire is None) == any(f.is_error for f in result.findings)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    result = load_bytes(data, "q.toml")
    assert result.questionnaire is None
    assert result.findings
