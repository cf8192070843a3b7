"""``coach portfolio`` as an operator runs it: refused in one line without the learner's
consent code, with a wrong, used, revoked or expired one, and with ``--private`` the
code does not allow; with a valid code it writes the PDF and the HTML file once, and the
learner is told."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.cli import main
from bot.clock import system_clock
from bot.store import Store

WORDS = "Storing aan lijn 2 zelf gevonden, de sensor was vuil"
SECRET = "Ruzie met de chef, niet voor school"
CODE = "k3Jd8-0pQzVb1xYwL2mN7A"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A learner with two answers (one private), in the database the command reads."""
    path = tmp_path / "data" / "coach.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    store = Store.open(path)
    now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    store.create_user(1001, 1001, "Sanne", "nl", "Europe/Amsterdam", now)
    store.update_user(1001, now, onboarded_at=now, programme_id="starter", state="ready")
    for day, text, private in (("2026-11-02", WORDS, 0), ("2026-11-03", SECRET, 1)):
        store.db["answers"].insert({"user_id": 1001, "programme_id": "starter",
                                    "prompt_id": "w1-ma", "local_date": day, "kind": "open",
                                    "text": text, "private": private,
                                    "created_at": f"{day}T16:00:00Z",
                                    "updated_at": f"{day}T16:00:00Z"})
    store.close()
    return path


def code(path: Path, private: bool = False, hours: float = 24, made: str = CODE) -> str:
    store = Store.open(path)
    now = system_clock()
    store.create_portfolio_token(made, 1001, private, now - timedelta(hours=1),
                                 now + timedelta(hours=hours - 1))
    store.close()
    return made


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    exit_code = main(["portfolio", *args])
    out, err = capsys.readouterr()
    return exit_code, out, err


def refused(result: tuple[int, str, str], words: str) -> None:
    exit_code, out, err = result
    assert exit_code == 1 and out == ""
    assert err.startswith("Refused: ") and err.strip().count("\n") == 0 and words in err


def test_refused_without_a_code_or_with_a_wrong_one(
        db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    refused(run(capsys, "--user", "1001"), "needs --user and --consent")
    refused(run(capsys, "--user", "1001", "--consent", "guessed-code"), "not valid")
    code(db)
    refused(run(capsys, "--user", "1002", "--consent", CODE), "not valid")  # another learner
    refused(run(capsys, "--user", "1001", "--consent", CODE.lower()), "not valid")
    assert not list(tmp_path.glob("portfolio-*"))


def test_refused_when_expired_or_revoked(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code(db, hours=0.5)  # made an hour ago, ended half an hour ago
    refused(run(capsys, "--user", "1001", "--consent", CODE), "expired")
    fresh = code(db, made="another-code-of-22-chrs")
    store = Store.open(db)
    assert store.revoke_portfolio_tokens(1001, system_clock()) == 1
    store.close()
    refused(run(capsys, "--user", "1001", "--consent", fresh), "revoked")


def test_a_valid_code_works_once_and_private_answers_only_when_allowed(
        db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code(db)
    refused(run(capsys, "--user", "1001", "--consent", CODE, "--private"),
            "did not allow private answers")
    exit_code, out, err = run(capsys, "--user", "1001", "--consent", CODE,
                              "--out", "school/sanne.pdf", "--from", "2026-11-01")
    assert exit_code == 0, err
    assert out.startswith("Wrote school/sanne.pdf and school/sanne.html: 1 answers")
    pdf = tmp_path / "school" / "sanne.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Portfolio van Sanne" in text and "sensor was vuil" in text
    assert "Periode: gekozen periode (1 november 2026 tot en met" in text
    assert SECRET not in text
    assert pdf.stat().st_mode & 0o077 == 0  # personal data: for the operator's eyes only
    assert "sensor was vuil" in (tmp_path / "school" / "sanne.html").read_text()
    refused(run(capsys, "--user", "1001", "--consent", CODE), "used already")
    store = Store.open(db)
    told = [r["text"] for r in store.db.query("SELECT text FROM outbox WHERE user_id = 1001")]
    store.close()
    assert any("Je code is gebruikt" in t for t in told)


def test_a_code_that_allows_private_answers(db: Path, capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    code(db, private=True)
    exit_code, out, err = run(capsys, "--user", "1001", "--consent", CODE, "--private")
    assert exit_code == 0, err
    assert "private answers included" in out
    assert SECRET in (tmp_path / "portfolio-1001.html").read_text()
