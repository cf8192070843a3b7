"""What a mentor may see of a learner's week: a pure function, and the mentor's digest.

The learner decides (EDPB 05/2020: consent at work is rarely free, so control stays with
the learner). The rules, applied in ``mentor_view`` and nowhere else:

1. **Held back** (``link.held_back``): the mentor sees nothing of that week. The digest
   shows only the learner's name and that the week was not shared: no counts, no scale
   values, no flags, no feedback lines.
2. **Private answers and notes** (an answer marked private, or a note sent without a
   question): they count as "answered" in participation, as a number only. Their text,
   scale value, choice, media, prompt, "I'd like to discuss this" flag and the plan they
   refer to never leave: each becomes an empty placeholder of kind ``WITHHELD``.
3. **Share mode "answers"**: every other answer is kept whole (text, value, choice,
   media types, discuss flag).
4. **Share mode "figures"** (and any unknown share mode): numbers only. Scale answers
   keep their value, their prompt (the programme's question, needed to say what the
   number is about) and their discuss flag; every other answer becomes a ``WITHHELD``
   placeholder that keeps only its day and its discuss flag. No words of the learner
   remain: no text, no choice, no media, and no reply to the mentor's feedback.
5. **Always**: ``refers_to_text`` (the earlier plan a checkback quotes) is dropped, and
   that plan is cut out of the checkback's prompt text ("…") unless the mentor sees the
   plan itself this week (a shared answer): it may have been private, or from a week
   that was held back. ``earlier_trend`` is dropped: the store cannot say which of those older
   values were private or held back. The mentor's own feedback stays.
6. **No ranking**: the digest keeps the input order of learners; nothing is sorted by
   participation.
7. **From the link onward** (``link.since``): an answer written before the mentor was
   linked is not there for that mentor at all — no text, no count, no placeholder —
   and neither are the days asked before the link's day. Only when the learner shares
   an older week themselves (``link.shared_weeks`` holds its Monday) does that week
   follow the rules above as if it were written under the link. Rules 1–5 still apply
   to every answer that remains.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.core.mentorweek import (
    STATE_ACTIVE,
    STATE_NOT_STARTED,
    STATE_PAUSED,
    Period,
    SharedItem,
    question_of,
    shown_days,
)
from bot.core.progress import QUOTE_CHARS, shorten
from bot.core.summary import (
    VOICE_MEDIA,
    WITHHELD,
    has_answer,
    in_day_order,
    participation,
    sparkline,
)
from bot.core.weekly import LearnerWeek, LinkView, MentorDigestInput, WeekAnswer, WeekFeedback

SHARE_ANSWERS = "answers"
SHARE_FIGURES = "figures"
LOW_SCALE = 2  # a shared scale value at or below this is flagged
DETAIL_CHARS = 300  # shared answers are kept up to this length (the details view)

FLAG_DISCUSS = "discuss"
FLAG_LOW_SCALE = "low_scale"
FLAG_NO_ANSWERS = "no_answers"


def _withheld(answer: WeekAnswer, *, private: bool, discuss: bool = False) -> WeekAnswer:
    return WeekAnswer(
        answer_id=answer.answer_id,
        day=answer.day,
        prompt_id=None,
        kind=WITHHELD,
        skipped=not has_answer(answer),
        private=private,
        discuss=discuss and has_answer(answer),
    )


def _scrub(prompt_text: str, refers_to: str | None) -> str:
    """Cut the quoted earlier answer out of a checkback's prompt text."""
    if not refers_to or not refers_to.strip():
        return prompt_text
    for quoted in (refers_to, " ".join(refers_to.split()), shorten(refers_to, QUOTE_CHARS)):
        if quoted.strip():
            prompt_text = prompt_text.replace(quoted, "…")
    return prompt_text


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _visible(answer: WeekAnswer, figures: bool, shared_texts: frozenset[str]) -> WeekAnswer:
    if answer.private or answer.kind == "note":
        return _withheld(answer, private=True)
    if answer.kind == WITHHELD:  # already filtered: stays empty
        return _withheld(answer, private=False, discuss=answer.discuss)
    refers = answer.refers_to_text
    prompt = answer.prompt_text
    if refers and _norm(refers) not in shared_texts:
        prompt = _scrub(prompt, refers)
    if figures:
        if answer.value is not None and not answer.skipped:
            return WeekAnswer(
                answer_id=answer.answer_id,
                day=answer.day,
                prompt_id=answer.prompt_id,
                kind="scale",
                prompt_text=prompt,
                value=answer.value,
                discuss=answer.discuss,
                low_is_bad=answer.low_is_bad,
            )
        return _withheld(answer, private=False, discuss=answer.discuss)
    return replace(answer, prompt_text=prompt, refers_to_text=None)


def before_link(week: LearnerWeek, link: LinkView) -> LearnerWeek:
    """Rule 7: leave out what was written before the link, unless that week is shared."""
    if link.since is None or week.week_start in link.shared_weeks:
        return week
    since = link.since
    answers = tuple(a for a in week.answers if a.created_at is not None and a.created_at >= since)
    days = week.days_asked if link.since_day is None else tuple(
        d for d in week.days_asked if d >= link.since_day)
    return replace(week, answers=answers, days_asked=days)


def mentor_view(week: LearnerWeek, link: LinkView) -> LearnerWeek | None:
    """The learner's week as the mentor may see it, or None when it is held back.

    See the module docstring for the rules. Participation counts stay equal to the
    learner's own (a private answer counts as answered, as a number only), counted
    from the link onward."""
    if link.held_back:
        return None
    week = before_link(week, link)
    figures = link.share_mode != SHARE_ANSWERS
    # Words the mentor sees anyway (answers mode): a checkback may keep quoting them.
    shared_texts = frozenset() if figures else frozenset(
        _norm(a.text) for a in week.answers
        if a.text and not a.private and a.kind != "note" and not a.skipped
    )
    feedback = tuple(replace(f, reply=None) for f in week.feedback) if figures else week.feedback
    return replace(
        week,
        answers=tuple(_visible(a, figures, shared_texts) for a in week.answers),
        feedback=feedback,
        earlier_trend=(),
    )


@dataclass(frozen=True)
class LearnerDigest:
    """One learner's block in the mentor's digest (already filtered by ``mentor_view``)."""

    link_id: int
    name: str
    answered: int
    asked: int
    shared: tuple[tuple[str, str], ...]  # (prompt text, answer text or choice), ≤ 300 chars
    scale_values: tuple[int, ...]
    sparkline: str
    flags: tuple[str, ...]  # subset of discuss, low_scale, no_answers, in that order
    held_back: bool
    feedback: tuple[WeekFeedback, ...]
    figures_only: bool = False
    scales: tuple[tuple[date, str, int], ...] = ()  # (day, prompt text, value) per scale value
    discuss_days: tuple[date, ...] = ()  # days of shared answers the learner wants to discuss
    low_days: tuple[tuple[date, int], ...] = ()  # (day, value) of low scores where low is bad
    note: str | None = None  # the programme's line for the mentor about the learner's coming week
    items: tuple[SharedItem, ...] = ()  # every shared answer: question → words, choice, media
    state: str = STATE_ACTIVE  # active | not_started | paused
    resume_on: date | None = None  # while paused: the day prompts start again, if set
    private_count: int = 0  # answers the learner kept private (a number only, never content)
    goal_counts: tuple[tuple[str, int], ...] = ()  # (goal, shared answers tied to it)


@dataclass(frozen=True)
class MentorDigest:
    mentor_name: str
    lang: str
    week_start: date
    learners: tuple[LearnerDigest, ...]
    track_message: str | None
    period: Period | None = None  # the days covered, weekend days nobody was asked left out


def held_back_digest(link_id: int, name: str) -> LearnerDigest:
    return LearnerDigest(
        link_id=link_id, name=name, answered=0, asked=0, shared=(), scale_values=(),
        sparkline="", flags=(), held_back=True, feedback=(),
    )


def learner_digest(week: LearnerWeek, link: LinkView) -> LearnerDigest:
    """The mentor's block for one learner (``mentor_view`` applied here)."""
    view = mentor_view(week, link)
    if view is None:
        return held_back_digest(link.link_id, week.learner_name)
    answered, asked = participation(view)
    ordered = in_day_order(view.answers)
    shown = [a for a in ordered if a.kind != WITHHELD and not a.skipped]
    shared: list[tuple[str, str]] = []
    scales: list[tuple[date, str, int]] = []
    items: list[SharedItem] = []
    for a in shown:
        words = (a.text or "").strip() or (a.choice_label or "").strip()
        if words:
            shared.append((a.prompt_text, shorten(words, DETAIL_CHARS)))
        if a.value is not None:
            scales.append((a.day, a.prompt_text, int(a.value)))
        item = _shared_item(a)
        if item is not None:
            items.append(item)
    discuss_days = tuple(sorted({a.day for a in ordered if a.discuss and not a.private}))
    values = tuple(v for _, _, v in scales)
    flags: list[str] = []
    if discuss_days:
        flags.append(FLAG_DISCUSS)
    # Only where the writer said low is bad news: "1 = bijna nooit" about a tricky
    # situation, or "1 = niks nieuws", is no reason for a mentor to worry.
    low_days = tuple((a.day, int(a.value)) for a in shown
                     if a.value is not None and a.value <= LOW_SCALE and a.low_is_bad)
    if low_days:
        flags.append(FLAG_LOW_SCALE)
    if asked and not answered and link.state == STATE_ACTIVE:
        flags.append(FLAG_NO_ANSWERS)
    state = link.state
    if state == STATE_NOT_STARTED and (asked or answered):
        state = STATE_ACTIVE
    return LearnerDigest(
        link_id=link.link_id,
        name=week.learner_name,
        answered=answered,
        asked=asked,
        shared=tuple(shared),
        scale_values=values,
        sparkline=sparkline(values),
        flags=tuple(flags),
        held_back=False,
        feedback=view.feedback,
        figures_only=link.share_mode != SHARE_ANSWERS,
        scales=tuple(scales),
        discuss_days=discuss_days,
        low_days=low_days,
        items=tuple(items),
        private_count=sum(1 for a in view.answers
                          if a.kind == WITHHELD and a.private and not a.skipped),
        state=state,
        resume_on=link.resume_on if state == STATE_PAUSED else None,
    )


def _shared_item(answer: WeekAnswer) -> SharedItem | None:
    """What the mentor is shown of one visible answer (scale values go to the numbers)."""
    voice = any(m in VOICE_MEDIA for m in answer.media)
    photo = any(m not in VOICE_MEDIA for m in answer.media)
    words = (answer.text or "").strip()
    choice = (answer.choice_label or "").strip()
    if not (words or choice or voice or photo):
        return None
    return SharedItem(
        answer_id=answer.answer_id, day=answer.day, question=question_of(answer.prompt_text),
        words=words, choice=choice, voice=voice, photo=photo,
        voice_seconds=answer.voice_seconds if voice else None, discuss=answer.discuss,
    )


def build_mentor_digest(inp: MentorDigestInput) -> MentorDigest:
    """One digest for all of a mentor's learners, in the input order (no ranking)."""
    asked = [d for week, _ in inp.learners for d in week.days_asked]
    return MentorDigest(
        mentor_name=inp.mentor_name,
        lang=inp.lang,
        week_start=inp.week_start,
        learners=tuple(learner_digest(week, link) for week, link in inp.learners),
        track_message=inp.track_message,
        period=shown_days(inp.period, asked) if inp.period is not None else None,
    )
