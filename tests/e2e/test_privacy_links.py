"""Privacy of links: a mentor sees answers from the link onward (older weeks only when the
learner shares them), tokens are stored hashed, invitations can be revoked and a lead
can rotate the join link — over the Bot API emulator."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press, until
from tests.e2e.test_sprints import WEDNESDAY_BEFORE, start_sprint

OLD = "OUDE-notitie-voor-de-koppeling"


def day_at(day: int, hour: int = 15, minute: int = 45) -> datetime:
    return datetime(2026, 11, 30, hour, minute, tzinfo=UTC) + timedelta(days=day)


async def test_mentor_sees_only_answers_from_the_link_onward(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    # Monday: an answer written while nobody else could read it.
    await world.at(day_at(0))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send(f"{OLD}: vandaag de storing aan lijn 2 samen met Ahmed opgelost")
    await until(learner, "Opgeslagen")

    # Tuesday morning: a mentor is linked; Tuesday afternoon an answer under the link.
    await world.at(day_at(1, 9, 0))
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await mentor.next_message()
    await learner.next_message()
    await world.at(day_at(1))
    await world.tick()
    await until(learner, "dag 2 van 10")
    await press(learner, "4")
    await until(learner, "Opgeslagen")

    await mentor.send("/leerlingen")
    overview = await mentor.next_message()
    assert "1 van 1" in overview.text  # Monday (before the link) is not counted either
    await press(mentor, "🔎 Sanne")
    detail = await mentor.next_message()
    assert OLD not in detail.text

    # The learner's own preview shows the same: what the mentor sees.
    await world.at(day_at(4, 19, 0))  # the summary waits for Friday's prompt (16:45) at most 3 h
    await world.tick()
    await until(learner, "Je week in het kort")
    preview = await until(learner, "👀 Dit ziet")
    assert OLD not in preview.text

    # The learner chooses to share that earlier week with this mentor.
    await learner.send("/mentor")
    await learner.next_message()
    await press(learner, "Eerdere weken delen met Joost")
    weeks = await learner.next_message()
    assert "vanaf de dag dat Joost je begeleider werd" in weeks.text
    query = await learner.press_button("week van maandag 30 november")
    assert "gedeeld met Joost" in ((await learner.wait_answer(query)).text or "")
    await mentor.send("/leerlingen")
    await mentor.next_message()
    await press(mentor, "🔎 Sanne")
    assert OLD in (await mentor.next_message()).text
    # ...and takes it back.
    query = await learner.press_button("week van maandag 30 november")
    assert "Niet meer gedeeld" in ((await learner.wait_answer(query)).text or "")
    await press(mentor, "🔎 Sanne")
    assert OLD not in (await mentor.next_message()).text


async def test_invitation_tokens_are_hashed_and_can_be_revoked(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    payload = await invite(world, learner)
    token = payload.removeprefix("m_")
    assert len(token) >= 22  # at least 128 random bits, URL-safe
    stored = [r["token"] for r in world.rows("SELECT token FROM invitations")]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    await world.settle()
    dump = "\n".join(world.db.iterdump())
    assert token not in dump

    await learner.send("/mentor")
    menu = await learner.next_message()
    assert "intrekken" in str(learner.buttons(menu))
    await press(learner, "intrekken")
    assert "ingetrokken" in (await learner.next_message()).text
    await mentor.send(f"/start {payload}")
    assert "ingetrokken" in (await mentor.next_message()).text
    # A forged revoke for someone else's invitation does nothing.
    other = await invite(world, learner)
    stranger = world.user(3003, "Kim")
    await stranger.send("/start")
    await stranger.next_message()
    await stranger.press("mi:rev:2", message=stranger.last)
    await stranger.next_message()
    await mentor.send(f"/start {other}")
    assert "nodigt je uit" in (await mentor.next_message()).text


async def test_join_tokens_are_hashed_and_the_lead_can_rotate_the_link(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lead = world.user(1001, "Lotte")
    join, _ = await start_sprint(world, lead)
    token = join.removeprefix("s_")
    assert world.rows("SELECT join_token FROM sprints") == [
        {"join_token": hashlib.sha256(token.encode()).hexdigest()}]
    await lead.send("/sprint status")
    status = await lead.next_message()
    assert token not in status.text
    await world.settle()
    assert token not in "\n".join(world.db.iterdump())
    await press(lead, "Nieuwe link")
    rotated = await lead.next_message()
    assert "oude links werken niet meer" in rotated.text
    assert token not in rotated.text
    member = world.user(1002, "Ahmed")
    await member.send(f"/start {join}")
    assert "ken ik niet" in (await member.next_message()).text
    new = rotated.text.split("start=s_", 1)[1].split()[0]
    await member.send(f"/start s_{new}")
    assert "Lotte" in (await member.next_message()).text
