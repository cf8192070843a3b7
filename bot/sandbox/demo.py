"""``coach sandbox --demo``: five weeks of a small organisation, played through the bot.

Nothing is written into tables: simulated people press the bot's buttons and type
answers while the sandbox clock runs the bot's ticks, so the demo data is exactly what
real use would have left behind. Sanne did "Kennismaken" for two weeks, switched to
"Leren op je werk" and is now three weeks into it, with Joost as her mentor; Lotte leads
a two-week sprint of team Lijn 3 (Anna and Bram) that started this Monday. Both of
her programmes ask "Hoe zeker was je vandaag van wat je deed?" once a week (one trend,
``bot/core/trend.py``), so she has five weeks of it. The clock stops on Thursday
evening, so "Friday 16:00" shows Sanne's weekly summary with the chart of that question
and "Monday 08:00" Joost's digest.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from bot.emulator import BotMessage, SimGroup, SimUser
from bot.sandbox.clockwork import at_local, local
from bot.sandbox.personas import GROUP_ID, Persona
from bot.sandbox.runner import Sandbox

TZ = "Europe/Amsterdam"
PROMPT_AT = time(16, 30)
TEAM = "Lijn 3"
_ANSWER = re.compile(r"^a:\d+:(s[1-5]|c[a-z0-9_-]+)$")

TEXTS = itertools.cycle([
    "Vandaag samen met Ahmed de storing aan lijn 2 gezocht. Het bleek een losse sensorkabel.",
    "Ik heb voor het eerst zelf de PLC-instellingen van de pers aangepast, met de handleiding erbij.",
    "Een klant vroeg waarom de machine piept. Ik kon het uitleggen met de foutcode.",
    "De pomp lekte weer. Nu heb ik eerst de afdichting gecontroleerd, dat ging sneller.",
    "Ik heb Joost gevraagd hoe hij de lager vervangt. Hij deed het voor, ik mocht de tweede doen.",
])
PLANS = itertools.cycle([
    "Als ik een nieuwe klus krijg, dan vraag ik eerst wie het eerder heeft gedaan.",
    "Als de lijn stilstaat, dan schrijf ik eerst op wat ik zag voordat ik ga resetten.",
    "Als ik mijn jas pak na de dienst, dan denk ik even terug aan één klus.",
])
CHECKS = itertools.cycle([
    "Ja, twee keer gedaan. Het hielp: ik vergat niets bij de overdracht.",
    "Eén keer. De tweede keer was het te druk, dat probeer ik volgende week weer.",
])
PRIVATE = ("Ik baalde van de ruzie met de planner over de spoedklus. Dat wil ik eerst zelf "
           "uitzoeken.")
TEAM_TEXTS = itertools.cycle([
    "Met Bram de transportband weer aan de praat gekregen.",
    "Ik heb de checklist voor de ochtendstart verbeterd.",
    "Nieuwe lasrobot bekeken met de leverancier; veel geleerd over de veiligheid.",
    "De overdracht ging beter omdat we alles in het logboek zetten.",
])


async def _settle(sb: Sandbox) -> None:
    await sb.world.settle()


def _newest_with(user: SimUser, wanted: str) -> BotMessage | None:
    for message in reversed(user.messages):
        if not message.deleted and any(d.startswith(wanted) for d in message.callback_data()):
            return message
    return None


async def press(sb: Sandbox, user: SimUser, prefix: str, index: int = 0) -> None:
    """Press the ``index``-th button whose data starts with ``prefix`` on the newest such message."""
    message = _newest_with(user, prefix)
    if message is None:
        raise RuntimeError(f"demo: no button {prefix!r} for {user.first_name}: {user.last.text[:200]!r}")
    data = [d for d in message.callback_data() if d.startswith(prefix)]
    await user.press(data[min(index, len(data) - 1)], message=message)
    await _settle(sb)


async def say(sb: Sandbox, user: SimUser, text: str) -> None:
    await user.send(text)
    await _settle(sb)


async def until(sb: Sandbox, moment: datetime) -> None:
    await sb.time.advance_to(moment)
    await _settle(sb)


def _link(user: SimUser, kind: str) -> str:
    for message in reversed(user.messages):
        found = re.search(rf"{kind}=([ms]_[A-Za-z0-9_-]+)", message.text or "")
        if found:
            return found[1]
    raise RuntimeError(f"demo: no {kind} link for {user.first_name}")


async def onboard(sb: Sandbox, user: SimUser, programme: str | None, days: str = "") -> None:
    await say(sb, user, "/start")
    await press(sb, user, "ob:join")
    for day in days:
        await press(sb, user, f"ob:day:{day}")
    await press(sb, user, "ob:days")
    await say(sb, user, f"{PROMPT_AT:%H:%M}")
    await press(sb, user, "ob:tz:ok")
    if programme is not None:
        await press(sb, user, f"ob:prog:{programme}")


async def answer_prompt(sb: Sandbox, user: SimUser, *, scales: Iterator[int], choice: int,
                        texts: Iterator[str], voice: bool = False) -> bool:
    """Answer the newest prompt like a person would: its buttons, or a few words."""
    store = sb.world.services.store
    sent = [r for r in store.outbox_for(user.id)
            if r.kind in ("prompt", "sprint_prompt") and r.status == "sent"]
    if not sent or sent[-1].message_id is None:
        return False
    prompt = next((m for m in user.messages if m.message_id == sent[-1].message_id), None)
    if prompt is None:
        return False
    codes = [d for d in prompt.callback_data() if _ANSWER.match(d)]
    scale_buttons = [d for d in codes if d.split(":")[2].startswith("s")]
    choices = [d for d in codes if d.split(":")[2].startswith("c")]
    if scale_buttons:
        value = next(scales, 3)
        await user.press(next(d for d in scale_buttons if d.endswith(f"s{value}")), message=prompt)
    elif choices:
        await user.press(choices[choice % len(choices)], message=prompt)
    elif voice:
        await user.send_voice(duration=12)
    else:
        await user.send(next(_texts_for(sb, sent[-1].programme_id, sent[-1].prompt_id, texts)))
    await _settle(sb)
    return True


def _texts_for(sb: Sandbox, programme_id: str | None, prompt_id: str | None,
               texts: Iterator[str]) -> Iterator[str]:
    """Plans sound like plans ("als …, dan …"), check-backs like answers to them."""
    programme = sb.programmes.get(programme_id or "")
    prompt = programme.prompt(prompt_id) if programme and prompt_id else None
    kind = str(prompt.kind) if prompt is not None else ""
    if texts is TEXTS and kind == "plan":
        return PLANS
    if texts is TEXTS and kind == "checkback":
        return CHECKS
    return texts


def _personas(sb: Sandbox) -> dict[str, Persona]:
    state = sb.state
    state.group_title = f"Team {TEAM}"
    for name in ("Anna", "Bram"):
        if state.persona(name.lower()) is None:
            state.add(name, "nl", TZ, "member")
    return {p.key: p for p in state.personas}


async def build_demo(sb: Sandbox) -> None:
    people = _personas(sb)
    sanne, joost, lotte = (sb.sim(k) for k in ("sanne", "joost", "lotte"))
    anna, bram = sb.sim("anna"), sb.sim("bram")
    group = sb.emu.group(GROUP_ID, sb.state.group_title)
    del people
    today = local(sb.clock(), TZ).date()
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(days=35)
    sb.clock.set(at_local(first_monday, time(9, 0), TZ))

    # Week 1: Sanne starts with "Kennismaken" and invites Joost as her mentor.
    await onboard(sb, sanne, "starter")
    await say(sb, sanne, "/mentor")
    await press(sb, sanne, "mi:answers")
    await say(sb, joost, f"/start {_link(sanne, 'start')}")
    await press(sb, joost, "inv:acc:")

    # Her first tap is "Hoe ging het vandaag?"; then "Hoe zeker was je vandaag…" comes
    # back every week (the trend): 2 → 3 → 2 → 3 → 4 draws Friday's chart.
    scales = iter([3, 2, 3, 2, 3, 4])
    day_number = 0
    for offset in range(0, 39):
        day = first_monday + timedelta(days=offset)
        if day.isoweekday() > 5:
            if offset == 12:  # Saturday after two weeks: on to "Leren op je werk"
                await until(sb, at_local(day, time(10, 0), TZ))
                await say(sb, sanne, "/instellingen")
                await press(sb, sanne, "set:prog")
                await press(sb, sanne, "ob:prog:leren-op-je-werk")
            continue
        if day == this_monday - timedelta(days=5):  # Wednesday before: Lotte sets up a sprint
            await until(sb, at_local(day, time(10, 0), TZ))
            await _sprint_setup(sb, lotte, anna, bram, group)
        await until(sb, at_local(day, time(16, 31), TZ))
        day_number += 1
        skip = day_number in (9, 18)  # two days without an answer (no trend question)
        private_day = day == this_monday + timedelta(days=3)
        if not skip:
            await answer_prompt(sb, sanne, scales=scales, choice=day_number,
                                texts=iter([PRIVATE]) if private_day else TEXTS,
                                voice=day_number == 22)
        if day == this_monday + timedelta(days=1):
            await press(sb, sanne, "ds:")  # Tuesday: "I'd like to discuss this"
        if private_day:
            await press(sb, sanne, "pv:")  # Thursday: this one stays private
        if day >= this_monday:
            for member in (anna, bram):
                await answer_prompt(sb, member, scales=itertools.repeat(4), choice=1,
                                    texts=TEAM_TEXTS)
            if day == this_monday + timedelta(days=2):
                await press(sb, anna, "tm:")  # Anna shares one answer with the team
        if day == this_monday + timedelta(days=3):
            break
    await until(sb, at_local(this_monday + timedelta(days=3), time(17, 0), TZ))
    for persona in sb.state.personas:  # start with everything read
        sb.mark_seen(persona.key, persona.user_id)
    sb.mark_seen("group", group.id)


async def _sprint_setup(sb: Sandbox, lotte: SimUser, anna: SimUser, bram: SimUser,
                        group: SimGroup) -> None:
    await say(sb, lotte, "/sprint")
    await say(sb, lotte, TEAM)
    await press(sb, lotte, "sp:p:", index=0)
    await press(sb, lotte, "sp:s:", index=0)
    await press(sb, lotte, "sp:w:", index=0)
    await group.add_bot(by=lotte)
    await _settle(sb)
    payload = _link(lotte, "start")
    for member in (anna, bram):
        await say(sb, member, f"/start {payload}")
        await press(sb, member, "sj:")  # joining by link is the consent: on to the days
        await press(sb, member, "ob:days")
        await say(sb, member, "16:00")
        await press(sb, member, "ob:tz:ok")
