"""Operators: figures that never show a person, and announcements sent once through the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.stats import MIN_GROUP, RawStats, build_stats, guarded, predicted_lag
from tests.e2e.harness import World
from tests.e2e.steps import onboard

ADMIN = 9001
MONDAY_17 = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)


async def as_admin(world: World) -> None:
    world.extra_settings["admin_ids"] = (ADMIN,)
    await world.restart()


async def learners(world: World, count: int) -> list[int]:
    ids = []
    for n in range(count):
        user = world.user(1001 + n, f"Learner{n}")
        await onboard(world, user)
        await user.next_message()
        ids.append(user.id)
    return ids


async def test_a_non_admin_gets_the_unknown_command_reply_and_nothing_happens(world: World) -> None:
    await as_admin(world)
    stranger = world.user(1001, "Sanne")
    for command in ("/stats", "/aankondiging Hallo allemaal", "/announce hi"):
        await stranger.send(command)
        reply = await stranger.next_message()
        assert "ken ik niet" in reply.text, reply.text
    assert world.rows("SELECT * FROM announcements") == []
    query = await stranger.press("adm:send:1", message=stranger.last)
    await stranger.wait_answer(query)
    assert world.rows("SELECT * FROM outbox WHERE kind = 'announcement'") == []


async def test_stats_withhold_every_figure_about_fewer_than_five_people(world: World) -> None:
    await as_admin(world)
    await learners(world, 3)
    admin = world.user(ADMIN, "Ops")
    await admin.send("/stats")
    text = (await admin.next_message()).text
    assert "Deelnemers: <5 actief" in text, text
    assert "Per dag: pas vanaf 5 deelnemers." in text
    assert "minder dan 5 deelnemers" in text
    assert "Aantallen onder 5 laat ik weg" in text
    assert "Learner" not in text  # never a name


async def test_stats_of_a_known_group_with_chart(world: World) -> None:
    await as_admin(world)
    await learners(world, 5)
    await world.at(MONDAY_17)  # 16:45 prompts went out by now
    await world.tick()
    admin = world.user(ADMIN, "Ops")
    await admin.send("/stats")
    text = (await admin.next_message()).text
    assert "Deelnemers: 5 actief, <5 met pauze" in text, text
    assert "5 vragen verstuurd, 0 beantwoord (0%)" in text
    assert "Kennismaken: twee weken terugkijken: 5 deelnemers, 0% beantwoord" in text
    assert "Drukste minuut 16:45" in text
    chart = await admin.next_message()
    assert chart.kind == "photo" and "Verstuurd en beantwoord" in (chart.caption or "")


async def test_an_announcement_reaches_every_active_user_once_also_across_a_restart(world: World) -> None:
    await as_admin(world)
    ids = await learners(world, 4)
    paused = world.emu.user(ids[2])
    await paused.send("/pauze")
    await paused.next_message()
    admin = world.user(ADMIN, "Ops")
    await admin.send("/aankondiging")
    menu = await admin.next_message()
    assert "Iedereen (3)" in str(admin.buttons(menu))
    await admin.press("adm:aud:all", message=menu)
    assert "Het gaat naar 3 mensen" in (await admin.next_message()).text
    await admin.send("Vrijdag is de kantine dicht <b>echt</b>.")
    exact = await admin.next_message()
    assert exact.text == "📣 Vrijdag is de kantine dicht <b>echt</b>."  # shown as typed, not as HTML
    question = await admin.next_message()
    assert "Versturen naar 3 mensen?" in question.text
    send_button = next(data for data in question.callback_data() if data.startswith("adm:send:"))
    await admin.wait_answer(await admin.press(send_button, message=question))
    assert "staat klaar voor 3 mensen" in (await admin.next_message()).text
    await admin.wait_answer(await admin.press(send_button, message=question))
    assert "al verstuurd" in (await admin.next_message()).text

    await world.restart()  # queued, not yet sent: a restart must not double anything
    await world.tick()
    await world.tick()
    got = world.rows("SELECT user_id, status FROM outbox WHERE kind = 'announcement' ORDER BY user_id")
    assert got == [{"user_id": i, "status": "sent"} for i in ids if i != ids[2]]
    for user_id in ids:
        texts = [m.text for m in world.emu.user(user_id).messages]
        assert texts.count("📣 Vrijdag is de kantine dicht <b>echt</b>.") == (0 if user_id == ids[2] else 1)
    report = await admin.next_message()
    assert report.text == "📣 Je bericht is verstuurd: 3 bezorgd, 0 hebben de bot geblokkeerd, 0 mislukt."


def test_small_groups_are_withheld_in_the_pure_rule() -> None:
    assert guarded(4, MIN_GROUP - 1).value is None
    assert guarded(7, MIN_GROUP).value == 7
    raw = RawStats(6, 1, 0, 0, (), (), 2, 1, {"failed": 2}, 0, 40_000, "16:00")
    stats = build_stats(raw, 30)
    assert stats.learners_active.value == 6 and stats.learners_paused.value is None
    assert stats.mentor_links.value is None and stats.withheld
    assert stats.predicted_lag_seconds == predicted_lag(40_000, 30) == 1334 and stats.lag_warning
    assert not build_stats(raw, 1000).lag_warning
