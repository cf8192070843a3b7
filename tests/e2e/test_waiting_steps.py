"""Text the bot waits for: too long feedback, a command in the middle of a step, and a
learner who blocked the bot and comes back."""

from __future__ import annotations

from bot.emulator import SimUser
from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, onboarded, press


async def linked(world: World) -> tuple[SimUser, SimUser, int]:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await mentor.next_message()
    await learner.next_message()
    [link] = world.rows("SELECT id FROM mentor_links")
    query = await mentor.tap(f"fb:{link['id']}")
    await mentor.wait_answer(query)
    assert "Schrijf je feedback aan Sanne" in (await mentor.next_message()).text
    return learner, mentor, int(link["id"])


async def test_feedback_over_the_limit_is_refused_clearly_and_a_shorter_one_arrives(
    world: World,
) -> None:
    learner, mentor, _ = await linked(world)
    before = len(learner.messages)
    await mentor.send("Goed gedaan & netjes. " * 200)
    told = await mentor.next_message()
    assert "te lang" in told.text and "3500" in told.text and "Verstuurd" not in told.text
    await world.settle()
    assert len(learner.messages) == before
    assert world.rows("SELECT count(*) AS n FROM feedback") == [{"n": 0}]
    await mentor.send("Goed dat je Ahmed vroeg.")
    assert "Verstuurd aan Sanne" in (await mentor.next_message()).text
    assert "Goed dat je Ahmed vroeg." in learner.last.text


async def test_feedback_that_telegram_refuses_is_never_called_sent(world: World) -> None:
    _, mentor, _ = await linked(world)
    world.emu.fail_next("sendMessage", error_code=400,
                        description="Bad Request: message is too long", chat_id=1001)
    await mentor.send("Goed dat je Ahmed vroeg.")
    told = await mentor.next_message()
    assert "Verstuurd" not in told.text and "niet" in told.text


async def test_a_command_during_onboarding_leaves_the_step_and_the_next_text_is_no_team_name(
    world: World,
) -> None:
    user = world.user()
    await user.send("/start")
    await user.next_message()
    await press(user, "Ja, ik doe mee")
    await user.next_message()
    await user.send("/sprint")
    await user.next_message()
    await user.send("Lijn 3")
    await world.settle()
    assert world.rows("SELECT count(*) AS n FROM teams") == [{"n": 0}]


async def test_a_learner_who_blocked_the_bot_is_active_again_after_any_message(
    world: World,
) -> None:
    user = await onboarded(world)
    world.emu.fail_next("sendMessage", error_code=403,
                        description="Forbidden: bot was blocked by the user", chat_id=1001)
    await user.send("/help")
    await world.settle()
    assert world.rows("SELECT active FROM users") == [{"active": 0}]
    await user.send("Hoi, ik ben er weer")
    await world.settle()
    row = world.rows("SELECT active, next_plan_at FROM users")[0]
    assert row["active"] == 1 and row["next_plan_at"] is not None
