"""The goals screens: the learner's goals and history, a new goal, and the mentor's view."""

from __future__ import annotations

from bot.core.goals import DONE, Goal, can_add, examples
from bot.core.records import Button, Outgoing
from bot.messages.i18n import Raw, catalog, normalise, plain, t
from bot.messages.render import format_day

HISTORY_SHOWN = 5
LABEL = 40  # characters of a goal on a button


def short(text: str, size: int = LABEL) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def programme_examples(lang: str, programme_id: str | None) -> list[tuple[str, str]]:
    """The catalog's examples for this programme, else the general ones."""
    texts = catalog(normalise(lang))
    block = texts.get(f"goals.examples.{programme_id}") or texts["goals.examples.default"]
    return examples(block)


def goal_lines(lang: str, goals: list[Goal]) -> str:
    """Numbered goals, each with its progress line (HTML, escaped)."""
    return "\n".join(t(lang, "goals.line", n=n, text=g.text, sign=g.sign or "–")
                     for n, g in enumerate(goals, 1))


def menu(lang: str, goals: list[Goal], history: list[Goal], mentor: bool) -> Outgoing:
    """``/doelen``: the active goals, what came before, and what the learner can do."""
    parts = [t(lang, "goals.title")]
    parts.append(goal_lines(lang, goals) if goals else t(lang, "goals.none"))
    ended = [g for g in history if g.status != "active"][-HISTORY_SHOWN:]
    if ended:
        parts.append(t(lang, "goals.history_title") + "\n" + "\n".join(
            t(lang, "goals.history_done" if g.status == DONE else "goals.history_replaced",
              text=g.text, day=format_day(g.finished_at.date(), lang) if g.finished_at else "")
            for g in ended))
    parts.append(t(lang, "goals.shared" if mentor else "goals.shared_later"))
    rows: list[tuple[Button, ...]] = []
    for n, goal in enumerate(goals, 1):
        rows.append((Button(plain(lang, "goals.btn_done").format(n=n), f"gl:done:{goal.id}"),
                     Button(plain(lang, "goals.btn_replace").format(n=n), f"gl:repl:{goal.id}")))
    if can_add(goals):
        rows.append((Button(plain(lang, "goals.btn_new"), "gl:new"),))
    return Outgoing("\n\n".join(parts), tuple(rows))


def ask_goal(lang: str, programme_id: str | None, replacing: Goal | None) -> Outgoing:
    """Type a goal in your own words, or start from an example."""
    found = programme_examples(lang, programme_id)
    listed = "\n".join(t(lang, "goals.example_line", n=n, text=goal)
                       for n, (goal, _) in enumerate(found, 1))
    key = "goals.ask_replace" if replacing else "goals.ask"
    text = t(lang, key, old=replacing.text if replacing else "", examples=Raw(listed))
    rows = [(Button(plain(lang, "goals.btn_example").format(n=n), f"gl:ex:{n}"),)
            for n in range(1, len(found) + 1)]
    rows.append((Button(plain(lang, "goals.btn_cancel"), "gl:stop"),))
    return Outgoing(text, tuple(rows))


def ask_sign(lang: str, goal: str, suggestion: str | None) -> Outgoing:
    """How will you notice progress? With the example's line as one tap."""
    if suggestion:
        return Outgoing(t(lang, "goals.sign_ask_example", goal=goal, sign=suggestion),
                        ((Button(plain(lang, "goals.btn_take_sign"), "gl:sign"),),
                         (Button(plain(lang, "goals.btn_cancel"), "gl:stop"),)))
    return Outgoing(t(lang, "goals.sign_ask", goal=goal),
                    ((Button(plain(lang, "goals.btn_cancel"), "gl:stop"),),))


def set_text(lang: str, goal: Goal, mentor: bool) -> str:
    key = "goals.set_shared" if mentor else "goals.set_later"
    return t(lang, key, text=goal.text, sign=goal.sign or "–")


def for_mentor(lang: str, name: str, goals: list[Goal]) -> str:
    """The learner's goals under their line in ``/leerlingen``."""
    return t(lang, "goals.mentor_title", name=name) + "\n" + goal_lines(lang, goals)


def mentor_buttons(lang: str, goals: list[Goal]) -> list[tuple[Button, ...]]:
    """One button per goal to react to it."""
    return [(Button(plain(lang, "goals.btn_react").format(text=short(g.text)), f"gn:{g.id}"),)
            for g in goals]


def tie_buttons(lang: str, goals: list[Goal], tied: int | None, suggested: int | None,
                answer_id: int) -> list[tuple[Button, ...]]:
    """Under an answer's confirmation: one tap ties it to a goal. The goal used last
    comes first; the tied one is ticked (tapping it again unties)."""
    ordered = sorted(goals, key=lambda g: g.id != suggested)
    return [(Button(plain(lang, "goals.btn_tied" if g.id == tied else "goals.btn_tie")
                    .format(text=short(g.text)), f"ag:{answer_id}:{g.id}"),)
            for g in ordered]


def week_counts(lang: str, counted: list[tuple[Goal, int]]) -> str:
    """The weekly summary's paragraph: how often each goal was worked on this week."""
    lines = [t(lang, "goals.week_title")]
    lines += [t(lang, "goals.week_line", text=g.text, n=n) if n != 1
              else t(lang, "goals.week_line_one", text=g.text) for g, n in counted]
    return "\n".join(lines)


def with_week_counts(message: Outgoing, lang: str, counted: list[tuple[Goal, int]]) -> Outgoing:
    """The summary with the goals paragraph before its last part (the next step)."""
    if not counted:
        return message
    paragraphs = message.text.split("\n\n")
    paragraphs.insert(max(len(paragraphs) - 1, 1), week_counts(lang, counted))
    return Outgoing("\n\n".join(paragraphs), message.buttons)


def digest_counts(lang: str, counted: tuple[tuple[str, int], ...]) -> str:
    """The mentor's line under a learner: per goal, the shared answers tied to it."""
    if not counted:
        return ""
    items = [t(lang, "goals.digest_item", text=short(text), n=n) for text, n in counted]
    return t(lang, "goals.digest_line", items=Raw(" · ".join(items)))
