"""The weekly chart follows one question: a learner of "Leren op je werk" who taps the
weekly "Hoe zeker was je vandaag…" gets no chart in week 1 (one point is no line) and,
in week 3, the summary with a chart of those three weeks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot.emulator import BotMessage, SimUser
from tests.e2e.harness import World
from tests.e2e.steps import onboard, until

MONDAY = date(2026, 11, 30)
ANSWER = re.compile(r"^a:\d+:(s[1-5]|c[a-z0-9_-]+)$")


async def answer_the_day(world: World, user: SimUser, day: date, value: int) -> BotMessage:
    """Tick at 16:45 (Amsterdam) and answer the day's prompt: a tap, or a few words."""
    await world.at(datetime(day.year, day.month, day.day, 15, 45, tzinfo=UTC))
    await world.tick()
    prompt = await until(user, " van 30")  # the header "· dag N van 30"
    codes = [d for d in prompt.callback_data() if ANSWER.match(d)]
    if any(d.endswith(f":s{value}") for d in codes):
        await user.press(next(d for d in codes if d.endswith(f":s{value}")), message=prompt)
    elif codes:
        await user.press(codes[0], message=prompt)
    else:
        await user.send("Vandaag de sensor van lijn 2 vervangen en getest met Ahmed.")
    await until(user, "Opgeslagen")
    return prompt


async def a_week(world: World, user: SimUser, monday: date, value: int) -> list[BotMessage]:
    """Five answered days, then Friday evening: what came after the last answer."""
    for n in range(5):
        prompt = await answer_the_day(world, user, monday + timedelta(days=n), value)
        if "Hoe zeker was je vandaag" in prompt.text:
            asked = prompt
    assert "1 = vaak twijfel" in asked.text  # the trend question, asked once this week
    before = len(user.messages)
    friday = monday + timedelta(days=4)
    await world.at(datetime(friday.year, friday.month, friday.day, 19, 0, tzinfo=UTC))
    await world.tick()
    await world.settle()
    return user.messages[before:]


async def test_a_chart_of_the_trend_question_in_week_three_not_in_week_one(world: World) -> None:
    user = world.user()
    await onboard(world, user, programme="Leren op je werk")
    await user.next_message()

    week1 = await a_week(world, user, MONDAY, 2)
    summary = next(m for m in week1 if "Je week in het kort" in (m.text or ""))
    assert "Je score deze week (1 tot 5): 2" in summary.text  # one point: no bar, no line
    assert "week na week" not in summary.text
    assert "Vraag: Hoe zeker was je vandaag van wat je deed?" in summary.text
    assert not [m for m in week1 if m.kind == "photo"]  # one week is no line: no chart

    await a_week(world, user, MONDAY + timedelta(days=7), 3)
    week3 = await a_week(world, user, MONDAY + timedelta(days=14), 4)
    kinds = [("summary" if "Je week in het kort" in (m.text or "") else m.kind) for m in week3]
    assert "summary" in kinds and "photo" in kinds
    assert kinds.index("photo") == kinds.index("summary") + 1  # the chart right after it
    summary = week3[kinds.index("summary")]
    assert "Je score, week na week (1 tot 5): 2 → 3 → 4" in summary.text
    chart = week3[kinds.index("photo")]
    assert "Dezelfde vraag, week na week" in (chart.caption or "")
    row = world.rows("SELECT payload FROM outbox WHERE kind = 'chart'")
    assert len(row) == 1 and '"values": [2, 3, 4]' in row[0]["payload"]
    assert "Hoe zeker was je vandaag van wat je deed?" in row[0]["payload"]  # its title
