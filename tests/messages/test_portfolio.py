"""The portfolio's PDF and HTML from a known data set: the chosen period is stated and
holds only its answers, goals come with their answers, a repeated scale question is a
chart (an image in the PDF page, a data: URI in the HTML), private answers are left out
unless chosen, and a learner's ``<script>`` is shown as text."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from bot.core.goals import Goal
from bot.core.portfolio import Entry, period_start, select, trends
from bot.messages.portfolio import document, portfolio_pdf, with_charts
from bot.messages.portfolio_html import portfolio_html

TODAY = date(2026, 11, 30)
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "portfolio-sample.png"
SURE = "Hoe zeker voelde je je vandaag bij het werk? 1 = niet zeker, 5 = heel zeker"
GOALS = [
    Goal(1, 1001, "Zelf een storing vinden", "Ik bel de monteur minder vaak", "active",
         datetime(2026, 9, 1, tzinfo=UTC)),
    Goal(2, 1001, "Vragen stellen in het overleg", "Ik stel elke week één vraag", "active",
         datetime(2026, 9, 1, tzinfo=UTC)),
]


def known_entries() -> list[Entry]:
    found = [
        Entry(1, date(2026, 10, 5), "Wat ging er goed vandaag?", "In oktober de pers afgesteld",
              False, 1),
        Entry(2, TODAY - timedelta(days=6), "Wat ging er goed vandaag?",
              "Storing aan lijn 2 zelf gevonden, de sensor was vuil", False, 1),
        Entry(3, TODAY - timedelta(days=5), "Wat wil je morgen vragen?",
              "<script>alert('x')</script> vragen of ik mee mag", False, 2),
        Entry(4, TODAY - timedelta(days=4), "Hoe ging het?", "Ruzie met de chef, niet voor school",
              True, None),
        Entry(5, TODAY - timedelta(days=3), "Vertel het maar", "spraakbericht, 0:42, "
              "vrijdag 27 november", False, 1),
    ]
    for number, (back, value) in enumerate(((20, 2), (13, 3), (6, 3), (2, 4))):
        found.append(Entry(10 + number, TODAY - timedelta(days=back), SURE, str(value), False,
                           None, value, "zeker"))
    return found


FEEDBACK: list[dict[str, Any]] = [
    {"created_at": "2026-11-26T10:00:00Z", "text": "Goed dat je zelf de storing vond."}]


def render(choice: str, include_private: bool, lang: str = "nl") -> tuple[bytes, str]:
    doc = with_charts(document("Sanne", lang, GOALS, known_entries(), FEEDBACK, choice, TODAY,
                               include_private))
    return portfolio_pdf(doc), portfolio_html(doc)


class Reader(HTMLParser):
    """The tags and the visible text of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def images_in(data: bytes) -> int:
    """Image XObjects in the pages' resources: a chart is drawn as one."""
    count = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        objects = page["/Resources"].get("/XObject", {})
        count += sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image")
    return count


def test_the_period_is_stated_and_holds_only_its_answers() -> None:
    data, page = render("4w", include_private=False)
    text = pdf_text(data)
    assert "Portfolio van Sanne" in text
    assert "Periode: laatste 4 weken (2 november 2026 tot en met 30 november 2026)" in text
    assert "laatste 4 weken (2 november 2026 tot en met 30 november 2026)" in page
    assert "sensor was vuil" in text and "sensor was vuil" in page
    assert "In oktober de pers" not in text and "In oktober de pers" not in page
    assert "In oktober de pers" in pdf_text(render("all", include_private=False)[0])
    assert "Periode: alles (5 oktober 2026 tot en met" in pdf_text(render("all", False)[0])


def test_goals_come_with_their_answers_and_the_mentor_feedback() -> None:
    text = pdf_text(render("3m", include_private=False)[0])
    assert "Doel: Zelf een storing vinden" in text
    assert "Ik bel de monteur minder vaak" in text
    assert text.index("Doel: Zelf een storing") < text.index("sensor was vuil") \
        < text.index("Doel: Vragen stellen")
    assert "spraakbericht, 0:42, vrijdag 27 november" in text
    assert "Goed dat je zelf de storing vond." in text


def test_a_repeated_scale_question_is_a_chart_in_both_files() -> None:
    data, page = render("4w", include_private=False)
    assert images_in(data) == 1
    assert "Je scores (1 tot 5)" in pdf_text(data)
    assert page.count("src='data:image/png;base64,iVBOR") == 1
    # three weeks make a line; the last ten days are one week and a half: none is drawn
    few = [e for e in known_entries() if e.scale is None or e.day > TODAY - timedelta(days=10)]
    doc = with_charts(document("Sanne", "nl", GOALS, few, [], "4w", TODAY, False))
    assert doc.charts == () and images_in(portfolio_pdf(doc)) == 0


def test_a_line_has_one_point_a_week_and_only_trend_questions_form_one() -> None:
    lines = trends(select(known_entries(), include_private=False))
    assert [key for key, _ in lines] == ["zeker"]
    assert [(p.day, p.scale) for p in lines[0][1]] == [
        (date(2026, 11, 10), 2), (date(2026, 11, 17), 3), (date(2026, 11, 28), 4)]  # 24th: same week
    loose = [Entry(20 + n, TODAY - timedelta(weeks=n), "Hoe druk was het?", "3", False, None, 3)
             for n in range(4)]  # a scale without a trend key is about its own week only
    assert trends(loose) == []


def test_private_answers_only_when_chosen() -> None:
    data, page = render("4w", include_private=False)
    assert "Ruzie met de chef" not in pdf_text(data) and "Ruzie met de chef" not in page
    assert "Zonder privéantwoorden." in pdf_text(data)
    data, page = render("4w", include_private=True)
    assert "Ruzie met de chef" in pdf_text(data) and "Ruzie met de chef" in page


def test_the_html_file_is_self_contained_and_escapes_what_a_learner_wrote() -> None:
    page = render("4w", include_private=False)[1]
    reader = Reader()
    reader.feed(page)
    assert "script" not in reader.tags  # no element: the words are text on the page
    assert "<script>alert('x')</script> vragen of ik mee mag" in reader.text
    assert "<style>" in page and "http://" not in page and "https://" not in page
    english = render("4w", include_private=False, lang="en")[1]
    assert "Period: last 4 weeks (2 November 2026 to 30 November 2026)" in english


def test_period_starts() -> None:
    assert period_start("4w", TODAY) == date(2026, 11, 2)
    assert period_start("3m", TODAY) == date(2026, 8, 30)
    assert period_start("3m", date(2026, 5, 31)) == date(2026, 2, 28)
    assert period_start("3m", date(2026, 2, 15)) == date(2025, 11, 15)
    assert period_start("all", TODAY) is None


def test_the_sample_in_docs_is_a_real_render() -> None:
    """``UPDATE_SAMPLE=1`` draws docs/portfolio-sample.png again from this data set."""
    if not os.environ.get("UPDATE_SAMPLE") or not shutil.which("pdftoppm"):
        assert SAMPLE.exists()
        return
    pdf = SAMPLE.with_suffix(".pdf")
    shown = [e for e in known_entries() if "<script>" not in e.answer]
    pdf.write_bytes(portfolio_pdf(with_charts(document(
        "Sanne", "nl", GOALS, shown, FEEDBACK, "4w", TODAY, include_private=False))))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-singlefile", str(pdf),
                    str(SAMPLE.with_suffix(""))], check=True)
    pdf.unlink()


def test_answers_to_the_programmes_trend_question_become_its_chart() -> None:
    """Through the export's rows and the shipped content: 'leren-op-je-werk' asks its
    ``zeker`` question each week, so three weeks of it are one chart under that question."""
    from bot.config import DEFAULT_CONTENT_DIR
    from bot.content import load_programmes
    from bot.messages.portfolio import entries

    programmes = load_programmes(DEFAULT_CONTENT_DIR)
    rows = [{"id": n, "user_id": 1001, "programme_id": "leren-op-je-werk",
             "prompt_id": f"w{n}-zeker", "local_date": (date(2026, 11, 10)
                                                       + timedelta(weeks=n - 1)).isoformat(),
             "kind": "scale", "text": None, "value": 2 + n % 3, "choice": None, "skipped": 0,
             "private": 0} for n in (1, 2, 3)]
    found = entries({"answers": rows}, programmes, "nl")
    assert {e.measure for e in found} == {"zeker"}
    doc = with_charts(document("Sanne", "nl", [], found, [], "all", TODAY, False))
    asked = programmes["leren-op-je-werk"].prompt("w1-zeker")
    assert asked is not None
    assert len(doc.charts) == 1 and asked.text["nl"].startswith(doc.charts[0][0].rstrip("…"))
    assert images_in(portfolio_pdf(doc)) == 1
