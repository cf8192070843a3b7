"""Shift workers over the emulator: a prompt a quarter after each shift, none on days off."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.shifts import KNOWN_CYCLES
from tests.e2e.harness import World
from tests.e2e.steps import press

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def sent_prompts(world: World) -> list[tuple[date, str]]:
    rows = world.rows("SELECT local_date, sent_at FROM outbox WHERE kind = 'prompt' AND status = 'sent'"
                      " ORDER BY sent_at")
    return [(date.fromisoformat(r["local_date"]),
             datetime.strptime(r["sent_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
             .astimezone(AMS).strftime("%a %d %H:%M")) for r in rows]


async def test_a_2_2_2_4_roster_for_three_weeks_gets_one_prompt_after_each_shift(world: World) -> None:
    world.extra_settings["self_pause_after"] = 0  # this learner never answers: keep asking
    await world.restart()
    await world.at(MONDAY_9)
    user = world.user()
    await user.send("/start")
    await user.next_message()
    await press(user, "Ja, ik doe mee")
    await user.next_message()
    await press(user, "Klaar")
    time_step = await user.next_message()
    assert "Ik werk in ploegen" in str(user.buttons(time_step))
    await press(user, "Ik werk in ploegen")
    menu = await user.next_message()
    assert "een kwartier na het eind van je dienst" in menu.text
    await press(user, "5-ploegen")
    where = await user.next_message()
    assert "Welke dag van je rooster is het vandaag?" in where.text
    labels = [label for row in user.buttons(where) for label, _ in row]
    assert labels[:3] == ["1e vroeg", "2e vroeg", "1e laat"]
    await press(user, "1e vroeg")
    assert "Je rooster staat erin" in (await user.next_message()).text
    assert "tijdzone" in (await user.next_message()).text
    await press(user, "Ja, dat klopt")
    await user.next_message()
    await press(user, "Leren op je werk")
    await user.next_message()

    await world.run_until(MONDAY_9 + timedelta(days=21))
    got = sent_prompts(world)
    cycle = KNOWN_CYCLES["2224"]
    expected_days = [date(2026, 11, 30) + timedelta(days=n) for n in range(21)
                     if cycle[n % len(cycle)] != "-"]
    assert [day for day, _ in got] == expected_days  # one per shift, none on days off
    shown = [when for _, when in got]
    assert shown[:6] == ["Mon 30 14:15", "Tue 01 14:15", "Wed 02 22:15", "Thu 03 22:15",
                         "Sat 05 06:15", "Sun 06 06:15"]  # nights: the next morning, never at night
    assert all("06:00" <= w[-5:] < "23:00" for w in shown)
    assert len(shown) == 13  # days 1–6, 11–16 and 21 of three weeks


async def test_a_learner_who_tells_shifts_weekly_is_asked_for_next_week_after_the_last_one(
        world: World) -> None:
    await world.at(MONDAY_9)
    user = world.user()
    await user.send("/start")
    for label in ("Ja, ik doe mee", "Klaar"):
        await user.next_message()
        await press(user, label)
    await user.next_message()
    await press(user, "Ik werk in ploegen")
    await user.next_message()
    await press(user, "elke week mijn diensten door")
    grid = await user.next_message()
    assert "week van maandag 30 november" in grid.text
    await user.wait_answer(await user.press("sh:wk:20261201:L", message=grid))   # Tue late
    await user.wait_answer(await user.press("sh:wk:20261203:N", message=grid))   # Thu night
    await world.settle()
    ticked = [label for row in user.buttons(grid) for label, _ in row if label.startswith("✅")]
    assert ticked == ["✅ vrij", "✅ L", "✅ vrij", "✅ N", "✅ vrij", "✅ vrij", "✅ vrij"]
    await user.wait_answer(await user.press("sh:wkdone:20261130", message=grid))
    assert "Je rooster staat erin" in (await user.next_message()).text
    await user.next_message()
    await press(user, "Ja, dat klopt")
    await user.next_message()
    await press(user, "Leren op je werk")
    await user.next_message()
    await world.run_until(datetime(2026, 12, 5, 12, 0, tzinfo=UTC))
    assert [when for _, when in sent_prompts(world)] == ["Tue 01 22:15", "Fri 04 06:15"]
    asks = [m.text for m in user.messages if "Welke diensten heb je in de week van" in m.text]
    assert asks[-1].startswith("📅 Welke diensten heb je in de week van maandag 7 december")
    assert len(asks) == 2  # this week at the start, next week once after the last shift
