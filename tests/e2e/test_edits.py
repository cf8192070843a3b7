"""Edited and forwarded messages: an edit changes its own answer, a forward is asked about."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboarded, press

MONDAY = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)  # 16:45 in Amsterdam
TUESDAY = datetime(2026, 12, 1, 15, 45, tzinfo=UTC)


async def test_an_edit_of_yesterdays_answer_replaces_that_answer_not_todays(world: World) -> None:
    user = await onboarded(world)
    await world.at(MONDAY)
    await world.tick()
    await user.next_message()
    monday = await user.send("Vandaag de pomp ontlucht met Ahmed van de nachtdienst")
    assert "Opgeslagen" in (await user.next_message()).text
    await world.at(TUESDAY)
    await world.tick()
    await user.next_message()
    await press(user, "4")
    assert "Opgeslagen: 4" in (await user.next_message()).text
    await user.edit(monday["message_id"], "Vandaag de pomp ontlucht en het filter vervangen met Ahmed")
    assert "bijgewerkt" in (await user.next_message()).text
    assert world.rows("SELECT prompt_id, text, value FROM answers ORDER BY id") == [
        {"prompt_id": "w1-ma", "text": "Vandaag de pomp ontlucht en het filter vervangen met Ahmed",
         "value": None},
        {"prompt_id": "w1-di", "text": None, "value": 4},
    ]


async def test_an_edit_replaces_only_its_own_part_of_an_answer(world: World) -> None:
    user = await onboarded(world)
    await world.at(MONDAY)
    await world.tick()
    await user.next_message()
    first = await user.send("Kabels getrokken in hal drie")
    await user.next_message()
    await user.send("Samen met Joost")
    await user.next_message()
    await user.edit(first["message_id"], "Kabels getrokken in hal vier")
    assert "bijgewerkt" in (await user.next_message()).text
    assert world.rows("SELECT text FROM answers") == [
        {"text": "Kabels getrokken in hal vier\nSamen met Joost"}]


async def test_an_edited_command_is_not_run_again(world: World) -> None:
    user = await onboarded(world)
    sent = await user.send("/help")
    await user.next_message()
    before = len(user.messages)
    await user.edit(sent["message_id"], "/pauze")
    await world.settle()
    assert len(user.messages) == before
    assert world.rows("SELECT paused, state FROM users") == [{"paused": 0, "state": "ready"}]


async def test_a_forwarded_message_is_kept_as_answer_only_when_the_learner_says_so(
    world: World,
) -> None:
    user = await onboarded(world)
    await world.at(MONDAY)
    await world.tick()
    await user.next_message()
    await user.forward("Vergadering verplaatst naar 14:00")
    ask = await user.next_message()
    assert "doorgestuurd" in ask.text
    assert world.rows("SELECT count(*) AS n FROM answers") == [{"n": 0}]
    await press(user, "Nee, niet bewaren")
    assert "niet bewaard" in (await user.next_message()).text
    assert world.rows("SELECT count(*) AS n FROM answers") == [{"n": 0}]
    await user.forward("Tip van Kees: eerst de stroom eraf")
    await user.next_message()
    await press(user, "Ja, bewaar als antwoord")
    assert "Opgeslagen" in (await user.next_message()).text
    assert world.rows("SELECT prompt_id, text FROM answers") == [
        {"prompt_id": "w1-ma", "text": "Tip van Kees: eerst de stroom eraf"}]
    await world.settle()
    assert world.rows("SELECT count(*) AS n FROM inbox WHERE payload IS NOT NULL") == [{"n": 0}]
