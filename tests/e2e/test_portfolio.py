"""The portfolio over the emulator: the learner picks a period and whether private
answers go in, and gets a PDF (read back with pypdf) and the same as an HTML file, with
the goals and the dated answers under them."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from bot.emulator import SimUser
from tests.e2e.harness import World
from tests.e2e.steps import onboard, press, until
from tests.e2e.test_goals import set_goal


def day_at(day: int) -> datetime:
    return datetime(2026, 11, 30, 15, 45, tzinfo=UTC) + timedelta(days=day)


async def portfolio(world: World, learner: SimUser, period: str, private: str) -> str:
    """The PDF's text, after checking the HTML file that comes with it says the same."""
    await learner.send("/portfolio")
    assert "Over welke periode?" in (await learner.next_message()).text
    await press(learner, period)
    assert "Met privéantwoorden?" in (await learner.next_message()).text
    await press(learner, private)
    doc = await learner.next_message()
    assert doc.kind == "document" and doc.file_id is not None
    data = world.emu.world.files[doc.file_id].data
    assert data.startswith(b"%PDF")
    page = await learner.next_message()
    assert page.kind == "document" and page.file_id is not None
    html = world.emu.world.files[page.file_id].data.decode()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Portfolio van Sanne" in html
    assert ("Ruzie met de chef" in html) == ("Ruzie met de chef" in text)
    return text


async def test_the_portfolio_shows_goals_and_answers_and_leaves_private_ones_out(
        world: World) -> None:
    learner = world.user(1001, "Sanne")
    await onboard(world, learner)
    await learner.next_message()
    await world.at(day_at(0) - timedelta(hours=5))
    await set_goal(learner, "Zelf een storing vinden", "Minder vaak de monteur bellen")
    await world.at(day_at(0))
    await world.tick()
    await until(learner, "dag 1 van")
    await learner.send("Storing aan lijn 2 zelf gevonden, de sensor was vuil")
    await learner.next_message()
    await press(learner, "Hoort bij: Zelf een storing")
    world.db["answers"].insert({"user_id": 1001, "local_date": "2026-11-27", "kind": "note",
                                "text": "Ruzie met de chef, niet voor school", "private": 1,
                                "created_at": "2026-11-27T16:00:00Z",
                                "updated_at": "2026-11-27T16:00:00Z"})

    text = await portfolio(world, learner, "Laatste 4 weken", "Nee, zonder privé")
    assert "Portfolio van Sanne" in text
    assert "Periode: laatste 4 weken (2 november 2026 tot en met 30 november 2026)" in text
    assert "Doel: Zelf een storing vinden" in text
    assert "Minder vaak de monteur bellen" in text
    assert "maandag 30 november" in text
    assert "sensor was vuil" in text
    assert text.index("Doel: Zelf een storing") < text.index("sensor was vuil")
    assert "Ruzie met de chef" not in text  # private stays out by default
    assert "Ruzie met de chef" in await portfolio(world, learner, "Alles", "Ja, met privé")


async def test_a_consent_code_is_shown_once_kept_only_as_a_hash_and_can_be_revoked(
        world: World) -> None:
    learner = world.user(1001, "Sanne")
    await onboard(world, learner)
    await learner.next_message()
    await learner.send("/portfolio")
    await until(learner, "Over welke periode?")
    await press(learner, "Code voor je opleider/HR")
    assert "Mogen je privéantwoorden erin?" in (await learner.next_message()).text
    await press(learner, "Nee, zonder privé")
    shown = await learner.next_message()
    assert "Je nummer: 1001" in shown.text and "Privéantwoorden: nee" in shown.text
    code = shown.text.split("Je code: ")[1].split()[0]
    assert len(code) >= 22  # 128 random bits
    await world.settle()
    store = world.services.store
    assert store.portfolio_token_state(code, 1001, world.clock()) == ("ok", False)
    everything = "\n".join(str(v) for table in ("outbox", "portfolio_tokens", "inbox")
                           for row in world.rows(f"SELECT * FROM {table}") for v in row.values())
    assert code not in everything  # only its SHA-256 is stored
    await press(learner, "Code intrekken")
    assert "De code werkt niet meer" in (await learner.next_message()).text
    assert store.portfolio_token_state(code, 1001, world.clock())[0] == "revoked"
