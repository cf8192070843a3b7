"""The learner's weekly summary, built from one ``LearnerWeek``: a pure function.

No I/O, no clock, no catalog: the result holds numbers, the learner's own words and
catalog *keys*; ``bot/summaries.py`` turns it into a message.

Rules (see the content brief, "What the evidence says"):

- **Participation** counts asked days on which the learner gave at least one real
  answer: not skipped, and with text, a scale value, a choice or media. A note sent on
  an asked day counts too; answers on days that were not asked do not.
- **Streak** is the store's ``streak_days``. The renderer never scolds about a gap.
- **Plans** are quoted by their plan part (``bot.core.quoting.plan_quote``: the "als …,
  dan …" part, or a short answer's first sentence); "ok" or "3" is no plan and is left out.
- **Quotes** are the learner's own words (two words or more) from open, plan, checkback
  and note answers, at most three, the longest ones, shown in day order and shortened to 80 characters.
  Words already shown under "plans" (the plan and its checkback) are not quoted twice.
- **Trend**: the week's trend question (``bot/core/trend.py``: the same scale question
  asked every week), one point per week: ``earlier_trend`` then this week's answer. A
  PNG chart is worth sending when the line has at least three weeks *and* this week
  added one. A week without a trend answer shows its last scale question's values of
  this week only: a line never joins two different questions.
- **Next step**, the most concrete one available: a plan not yet checked (the latest) →
  try it; else next week's theme; else, after a week without answers, a gentle restart
  (a missed week is fine); else keep going.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.progress import QUOTE_CHARS, shorten
from bot.core.quoting import plan_quote, worth_quoting
from bot.core.trend import chart_due, series, trend_answers, week_trend
from bot.core.weekly import LearnerWeek, TrendPoint, WeekAnswer, WeekFeedback

SPARK_BLOCKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
MAX_QUOTES = 3
TEXT_KINDS = frozenset({"open", "plan", "checkback", "note"})
VOICE_MEDIA = frozenset({"voice", "audio", "video_note"})

# The kind of an answer whose content was removed for a mentor (see bot/core/privacy.py):
# it still counts as "answered", but nothing of it can be shown.
WITHHELD = "withheld"

NEXT_TRY_PLAN = "summary.next.try_plan"
NEXT_THEME = "summary.next.next_theme"
NEXT_RESTART = "summary.next.restart_small"
NEXT_KEEP_GOING = "summary.next.keep_going"


def sparkline(values: Sequence[int]) -> str:
    """One block per value: 1 → ▁, 2 → ▃, 3 → ▄, 4 → ▆, 5 → █ (out of range is clamped)."""
    return "".join(SPARK_BLOCKS[min(5, max(1, int(v)))] for v in values)


@dataclass(frozen=True)
class PlanCheck:
    """A plan the learner made, and what they said when asked about it (None: not yet)."""

    plan: str
    outcome: str | None  # "" when checked with only a voice note or photo


@dataclass(frozen=True)
class LearnerSummary:
    answered: int
    asked: int
    streak: int
    quotes: tuple[str, ...]
    scale_values: tuple[int, ...]  # this week, day order
    chart: bool  # send a PNG of ``trend``
    plans: tuple[PlanCheck, ...]
    feedback: tuple[WeekFeedback, ...]
    next_step: str  # a catalog key, summary.next.*
    next_step_values: dict[str, str]
    trend: tuple[int, ...] = ()  # the trend question, a value per week (else scale_values)
    scale_days: tuple[date, ...] = ()  # the day of each of ``scale_values``
    voice_notes: int = 0  # answers with a voice note (or audio, video note)
    pictures: int = 0  # answers with a photo, video or file
    scale_question: str = ""  # what the scale asked: the label of its line
    trend_key: str | None = None  # the week's trend question, when it had one
    trend_days: tuple[date, ...] = ()  # the day of each point of ``trend``


def is_answered(*, skipped: bool, text: str | None, value: int | None, choice: str | None,
                media: Sequence[str]) -> bool:
    """The one definition of "answered", for the summary, the streak, the preview and the
    digest alike: not skipped, and words (not only spaces), a number, a choice or a file."""
    if skipped:
        return False
    return bool(text and text.strip()) or value is not None or bool(choice) or bool(media)


def has_answer(answer: WeekAnswer) -> bool:
    """A real answer (``is_answered``), or one withheld for a mentor that was answered."""
    if answer.kind == WITHHELD:
        return not answer.skipped
    return is_answered(skipped=answer.skipped, text=answer.text, value=answer.value,
                       choice=answer.choice_label, media=answer.media)


def participation(week: LearnerWeek) -> tuple[int, int]:
    """(answered, asked): asked days with at least one real answer, and asked days."""
    asked = set(week.days_asked)
    answered = {a.day for a in week.answers if a.day in asked and has_answer(a)}
    return len(answered), len(asked)


def in_day_order(answers: Sequence[WeekAnswer]) -> list[WeekAnswer]:
    """Answers by day; within a day in the order the store gave them."""
    indexed = sorted(enumerate(answers), key=lambda pair: (pair[1].day, pair[0]))
    return [a for _, a in indexed]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _outcome(answer: WeekAnswer) -> str:
    return (answer.text or "").strip() or (answer.choice_label or "")


def _plan_checks(ordered: list[WeekAnswer]) -> tuple[tuple[PlanCheck, ...], set[str]]:
    """Plans with their checkbacks, and the (normalised) texts shown under plans."""
    plans: list[tuple[int, WeekAnswer]] = [  # only answers with a real plan in them
        (i, a) for i, a in enumerate(ordered)
        if a.kind == "plan" and not a.skipped and plan_quote(a.text)
    ]
    outcomes: dict[int, str] = {}  # position of a plan → outcome
    earlier: list[tuple[int, PlanCheck]] = []  # checkbacks of plans made before this week
    shown: set[str] = set()
    for pos, check in enumerate(ordered):
        if check.kind != "checkback" or not has_answer(check) or not check.refers_to_plan:
            continue  # a check-back on an earlier story, not a plan: its words are quoted
        open_before = [(i, p) for i, p in plans if i < pos and i not in outcomes]
        target: int | None = None
        if check.refers_to_text:
            wanted = _norm(check.refers_to_text)
            target = next((i for i, p in open_before if _norm(p.text or "") == wanted), None)
            earlier_plan = plan_quote(check.refers_to_text)
            if target is None and earlier_plan is None:
                continue  # the check-back asked its fallback: its answer is just words
            if target is None and all(_norm(p.text or "") != wanted for _, p in plans):
                assert earlier_plan is not None
                earlier.append((pos, PlanCheck(earlier_plan, _outcome(check))))
                shown.add(wanted)
                shown.add(_norm(_outcome(check)))
                continue
        elif open_before:
            target = open_before[0][0]
        if target is not None:
            outcomes[target] = _outcome(check)
            shown.add(_norm(_outcome(check)))
    checks = earlier + [
        (i, PlanCheck(plan_quote(p.text) or "", outcomes.get(i))) for i, p in plans
    ]
    shown.update(_norm(p.text or "") for _, p in plans)
    return tuple(pc for _, pc in sorted(checks, key=lambda pair: pair[0])), shown


def _quotes(ordered: list[WeekAnswer], shown: set[str]) -> tuple[str, ...]:
    candidates: list[tuple[int, str]] = []
    seen: set[str] = set(shown)
    for pos, a in enumerate(ordered):
        if a.kind not in TEXT_KINDS or a.skipped or not worth_quoting(a.text) or not a.text:
            continue
        key = _norm(a.text)
        if key in seen:
            continue
        seen.add(key)
        candidates.append((pos, a.text))
    longest = sorted(candidates, key=lambda pair: -len(pair[1].strip()))[:MAX_QUOTES]
    return tuple(shorten(text, QUOTE_CHARS) for _, text in sorted(longest))


def build_learner_summary(week: LearnerWeek) -> LearnerSummary:
    """Everything the learner's weekly message needs, for the learner's own eyes
    (private answers included: they are the learner's own)."""
    ordered = in_day_order(week.answers)
    answered, asked = participation(week)
    plans, shown = _plan_checks(ordered)
    key = week_trend(ordered)
    points: tuple[TrendPoint, ...] = ()
    if key is not None:  # the repeated question: one point a week, with earlier weeks
        scales = trend_answers(ordered, key)[-1:]
        points = series(week.earlier_trend, ordered, key)
    else:  # the week's last scale question, this week only
        scales = [a for a in ordered if not a.skipped and a.value is not None]
        scales = [a for a in scales if a.prompt_id == scales[-1].prompt_id] if scales else []
    scale_values = tuple(int(a.value) for a in scales if a.value is not None)
    trend = tuple(p.value for p in points) or scale_values
    real = [a for a in ordered if has_answer(a)]
    voice = sum(1 for a in real if any(m in VOICE_MEDIA for m in a.media))
    pictures = sum(1 for a in real if any(m not in VOICE_MEDIA for m in a.media))

    unchecked = [p for p in plans if p.outcome is None]
    values: dict[str, str] = {}
    if unchecked:
        step = NEXT_TRY_PLAN
        values = {"plan": shorten(unchecked[-1].plan, QUOTE_CHARS)}
    elif week.next_theme:
        step = NEXT_THEME
        values = {"theme": week.next_theme}
    elif answered == 0:
        step = NEXT_RESTART
    else:
        step = NEXT_KEEP_GOING

    return LearnerSummary(
        answered=answered,
        asked=asked,
        streak=max(0, week.streak_days),
        quotes=_quotes(ordered, shown),
        scale_values=scale_values,
        chart=key is not None and chart_due(points, ordered, key),
        plans=plans,
        feedback=week.feedback,
        next_step=step,
        next_step_values=values,
        trend=trend,
        scale_days=tuple(a.day for a in scales),
        scale_question=scales[-1].prompt_text if scales else "",
        trend_key=key,
        trend_days=tuple(p.day for p in points) or tuple(a.day for a in scales),
        voice_notes=voice,
        pictures=pictures,
    )
