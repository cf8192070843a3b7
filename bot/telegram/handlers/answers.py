"""Answers: typed text, voice notes and photos, and answer buttons under a prompt.

Every answer is tied to the prompt it answers: the message it replies to, the
button's outbox id, or else today's open prompt. Nothing a learner sends is thrown
away: without an open prompt it is kept as a note.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Message, Update

from bot.core.parse import parse_time
from bot.core.programme import Kind, Programme, Prompt
from bot.core.progress import needs_follow_up
from bot.core.records import Answer, OutboxItem, Outgoing, User
from bot.core.schedule import local_date, next_occurrence
from bot.messages import callbacks
from bot.messages.i18n import plain, t
from bot.messages.render import (
    mark_chosen,
    name_next_day,
    next_day_after,
    render_prompt,
    when_text,
)
from bot.planning import daily, spaced, story
from bot.store import Store
from bot.telegram.handlers import finish, goals, mentors, nudges, overview, sharing, shifts, sprints
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    onboarded_user,
    say,
    send,
    set_user,
    svc,
)
from bot.telegram.handlers.onboarding import on_text_in_step, resolve_zone

log = logging.getLogger(__name__)

ReplyRow = Callable[..., OutboxItem | None]  # Dispatcher.reply_row
PROMPT_KINDS = ("prompt", "sprint_prompt", "follow_up", "prompt_repeat", "spaced")


def _prompt_row(store: Store, now: datetime, user: User, message: Message
                ) -> OutboxItem | None:
    """The daily prompt this message answers, or None when no prompt is open."""
    replied = message.reply_to_message
    if replied is not None:
        item = store.outbox_by_message(message.chat_id, replied.message_id)
        if item is not None and item.user_id == user.id and item.kind in PROMPT_KINDS:
            return _original(store, item)
    return store.last_sent_prompt_on(user.id, local_date(now, user.tz))


def _original(store: Store, item: OutboxItem) -> OutboxItem | None:
    """Follow-ups and repeats point back at the prompt row they belong to."""
    if item.kind in ("prompt", "sprint_prompt", "spaced"):
        return item
    original = item.payload.get("prompt")
    return store.get_outbox(int(original)) if isinstance(original, int) else None


async def on_message(update: Update, context: Context) -> None:
    """Text or media in a private chat."""
    message = update.effective_message
    assert message is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    if user is None:
        await say(context, update, lang, "errors.start_first_text")
        return
    user = await nudges.wake(update, context, user)
    if user.state.startswith("feedback:"):
        await mentors.feedback_text(update, context, user)
        return
    if user.state.startswith("fbreply:"):
        await mentors.reply_text(update, context, user)
        return
    if user.state.startswith(goals.STATES):
        await goals.typed(update, context, user)
        return
    if user.state == "sprint_name" and message.text:
        await sprints.typed_name(update, context, user)
        return
    if user.state == shifts.TYPING and message.text:
        await shifts.typed_cycle(update, context, user)
        return
    if user.onboarded and user.state in SETTING_STEPS and message.text \
            and _not_a_setting(message.text):
        # words while a setting waits are an answer, not a wrong time: keep them as one
        user = await set_user(context, user.id, state="ready")
        await store_answer(update, context, user, message, then="lived.step_left")
        return
    if user.state in ("sumtime", "digtime") and message.text:
        await overview.typed_time(update, context, user)
        return
    if not user.onboarded and user.state == "ready":
        await say(context, update, lang, "mentor.only_mentor")
        return
    if not user.onboarded or (user.state != "ready" and not user.state.startswith("other:")):
        if message.text:
            await on_text_in_step(update, context, user)
        else:
            await say(context, update, lang, "onboarding.use_buttons")
        return
    if user.state.startswith("other:") and message.text:
        await _other_text(update, context, user, message)
        return
    await store_answer(update, context, user, message)


SETTING_STEPS = ("time", "tz", "days", "programme", "language", "sumtime", "digtime")
SETTING_WORDS = 3


def _not_a_setting(text: str) -> bool:
    """A sentence, not a time or a time zone someone tried to type."""
    return len(text.split()) >= SETTING_WORDS and parse_time(text) is None \
        and resolve_zone(text) is None


@dataclass
class _Saved:
    """What one typed (or sent) answer's store step found and wrote."""

    prompt_row: OutboxItem
    programme: Programme | None
    prompt: Prompt | None
    answer: Answer
    ask_number: bool  # words under a scale: the number is asked for
    confirmation: OutboxItem | None  # recorded in the same transaction, to be sent now
    follow_up: bool  # the follow-up question is due (and marked as asked)
    story: Outgoing | None
    look_back: bool = False  # an earlier answer may come back after this one


def _save(store: Store, programmes: Mapping[str, Programme], user: User, message: Message,
          media: tuple[str, str, str | None] | None, now: datetime,
          reply: ReplyRow) -> _Saved | None:
    """In the store thread, one transaction: find the prompt, save the answer, record its
    confirmation (``reply``: the dispatcher's ``reply_row``) and read what the next
    messages need (follow-up, story, look-back). None: no prompt is open."""
    prompt_row = _prompt_row(store, now, user, message)
    if prompt_row is None:
        return None
    text = message.text or message.caption
    existing = store.answer_for(user.id, prompt_row.id)
    programme = programmes.get(prompt_row.programme_id or "")
    prompt = programme.prompt(prompt_row.prompt_id or "") if programme else None
    kind = prompt.kind.value if prompt else "open"
    answer = store.save_answer(prompt_row, user.id, kind, now, text=text,
                               source=(message.chat_id, message.message_id),
                               media=(*media, message.caption) if media else None)
    if media is not None:
        store.set_media_length(answer.id, media[1], _seconds_of(message))
    ask_number = prompt is not None and prompt.kind == Kind.SCALE and answer.value is None \
        and prompt_row.kind == "prompt"
    saved = _Saved(prompt_row, programme, prompt, answer, ask_number, None, False, None)
    if ask_number:
        return saved
    key = "answer.extended" if existing is not None and (existing.text or existing.media) \
        else "answer.saved"
    saved.confirmation = reply(message.chat_id, user.id, "reply", sharing.confirmation(
        store, user, t(user.language, key), answer))
    saved.follow_up = bool(prompt is not None and text
                           and needs_follow_up(prompt, answer.text or "")
                           and store.mark_follow_up_sent(answer.id))
    if not saved.follow_up and prompt is not None and prompt.story is not None \
            and programme is not None and prompt_row.kind == "prompt":
        # After the follow-up's answer (or at once, for a full answer): the whole story.
        saved.story = story.story_message(store, programme, user)
    saved.look_back = not saved.follow_up and spaced.return_due(store, user, prompt_row) \
        is not None
    return saved


async def store_answer(update: Update, context: Context, user: User, message: Message,
                       then: str | None = None) -> None:
    """``then``: a catalog key said right after the confirmation, before anything the
    answer brings next (a follow-up, a look-back), so it cannot seem to be about that."""
    s = svc(context)
    media = _media_of(message)
    saved = await s.call(_save, s.store, s.programmes, user, message, media, s.now(),
                         s.dispatcher.reply_row)
    if saved is None:
        await _store_note(update, context, user, message, media)
        if then:
            await say(context, update, user.language, then)
        return
    prompt_row, prompt, programme = saved.prompt_row, saved.prompt, saved.programme
    log.info("answer stored for user %s prompt %s", user.id, prompt_row.prompt_id)
    if saved.ask_number:
        # words under a scale are kept, and the number is asked for (it makes the chart)
        await send(context, update, Outgoing(t(user.language, "lived.scale_number"),
                                             prompt_row.buttons))
        if then:
            await say(context, update, user.language, then)
        return
    if saved.confirmation is not None:
        await s.dispatcher.send_recorded(saved.confirmation)
    if then:
        await say(context, update, user.language, then)
    if saved.follow_up:
        assert prompt is not None and prompt.follow_up is not None
        today = local_date(s.now(), user.tz)
        next_day = next_day_after(user.language, user.schedule, prompt_row.local_date or today,
                                  today)
        await send(
            context, update,
            Outgoing(t(user.language, "answer.follow_up", text=name_next_day(
                prompt.follow_up.get(user.language, prompt.follow_up["nl"]), user.language,
                next_day))),
            kind="follow_up", payload={"prompt": prompt_row.id},
            programme_id=prompt_row.programme_id, prompt_id=prompt_row.prompt_id,
        )
    elif saved.story is not None and programme is not None:
        await send(context, update, saved.story, kind="story", programme_id=programme.id,
                   dedupe_key=story.story_key(user, programme))
    if not saved.follow_up:  # after the last prompt's follow-up, not before it
        await finish.after_answer(update, context, user, prompt_row)
        if saved.look_back:  # read in the answer's step: most days, no store job here
            await look_back(context, user, prompt_row)


async def _store_note(
    update: Update, context: Context, user: User, message: Message,
    media: tuple[str, str, str | None] | None,
) -> None:
    """No open prompt: keep what was sent as a note, and say when the next prompt comes."""
    s = svc(context)
    now = s.now()
    today = local_date(now, user.tz)
    text = message.text or message.caption
    note = await s.call(s.store.save_note, user.id, today, now, text,
                             source=(message.chat_id, message.message_id),
                             media=(*media, text) if media else None)
    if media is not None:
        await s.call(s.store.set_media_length, note.id, media[1], _seconds_of(message))
    upcoming = next_occurrence(now, user.schedule)
    when = when_text(upcoming, user.tz, now, user.language) if upcoming else \
        t(user.language, "when.none")
    await say(context, update, user.language, "answer.note_saved", when=when)


def _seconds_of(message: Message) -> int | None:
    """How long a voice note (or audio, video note) is: the mentor sees "(0:42)"."""
    media = message.voice or message.audio or message.video_note
    if media is None:
        return None
    length = media.duration  # PTB gives a timedelta when told to, else seconds
    return int(length.total_seconds()) if isinstance(length, timedelta) else int(length)


def _media_of(message: Message) -> tuple[str, str, str | None] | None:
    """(type, file id, unique id) of a voice note, photo, video or document."""
    if message.voice:
        return "voice", message.voice.file_id, message.voice.file_unique_id
    if message.photo:
        largest = message.photo[-1]
        return "photo", largest.file_id, largest.file_unique_id
    if message.video:
        return "video", message.video.file_id, message.video.file_unique_id
    if message.video_note:
        return "video_note", message.video_note.file_id, message.video_note.file_unique_id
    if message.audio:
        return "audio", message.audio.file_id, message.audio.file_unique_id
    if message.document:
        return "document", message.document.file_id, message.document.file_unique_id
    return None


async def _other_text(update: Update, context: Context, user: User, message: Message) -> None:
    """The typed answer after "anders, namelijk…"."""
    s = svc(context)
    now = s.now()
    outbox_id = int(user.state.split(":", 1)[1])
    await s.call(s.store.update_user, user.id, now, state="ready")
    prompt_row = await s.call(s.store.get_outbox, outbox_id)
    if prompt_row is None or prompt_row.user_id != user.id:
        await store_answer(update, context, user, message)
        return
    answer = await s.call(s.store.save_answer, prompt_row, user.id, "choice", now, text=message.text,
                                 choice="other", source=(message.chat_id, message.message_id))
    await _confirm(update, context, user, answer, t(user.language, "answer.saved"))
    await finish.after_answer(update, context, user, prompt_row)
    await look_back(context, user, prompt_row)


async def on_answer_button(update: Update, context: Context) -> None:
    """``a:`` buttons: scale, choice, other… and skip under a prompt."""
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = language_of(update, context)
    user = current_user(update, context)
    parsed = callbacks.parse_answer(query.data)
    s = svc(context)
    prompt_row = await s.call(s.store.get_outbox, parsed.outbox_id) if parsed else None
    if user is None or parsed is None or prompt_row is None or prompt_row.user_id != user.id \
            or prompt_row.kind not in ("prompt", "sprint_prompt", "spaced"):
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    latest = await s.call(s.store.latest_prompt_sent, user.id, prompt_row.kind, prompt_row.sprint_id)
    if latest is not None and latest.id != prompt_row.id:
        await answer_callback(update, plain(user.language, "answer.too_late"), alert=True)
        return
    now = s.now()
    programme = s.programmes.get(prompt_row.programme_id or "")
    prompt = programme.prompt(prompt_row.prompt_id or "") if programme else None
    if parsed.action == "skip":  # also the sprint's retrospective, which has no Prompt
        kind = prompt.kind.value if prompt else "open"
        await s.call(s.store.save_answer, prompt_row, user.id, kind, now, skipped=True)
        await answer_callback(update)
        await _show_choice(update, prompt_row, query.data)
        await say(context, update, user.language, "answer.skipped")
        await finish.after_answer(update, context, user, prompt_row)
        return
    if prompt is None:
        await answer_callback(update, plain(user.language, "errors.old_button"), alert=True)
        return
    if parsed.action == "other":
        await s.call(s.store.update_user, user.id, now, state=f"other:{prompt_row.id}")
        await answer_callback(update)
        await _show_choice(update, prompt_row, query.data)
        await say(context, update, user.language, "answer.other_ask")
        return
    if parsed.action == "scale":
        value = int(parsed.value)
        answer = await s.call(s.store.save_answer, prompt_row, user.id, prompt.kind.value, now, value=value)
        confirmation = t(user.language, "answer.scale_saved", value=value)
    else:
        option = prompt.option(parsed.value)
        if option is None:
            await answer_callback(update, plain(user.language, "errors.old_button"), alert=True)
            return
        answer = await s.call(s.store.save_answer, prompt_row, user.id, prompt.kind.value, now,
                                     choice=option.id)
        confirmation = t(user.language, "answer.choice_saved",
                         choice=option.label.get(user.language, option.label["nl"]))
    if user.state.startswith("other:"):
        await s.call(s.store.update_user, user.id, now, state="ready")
    await answer_callback(update)
    await _show_choice(update, prompt_row, query.data)
    await _confirm(update, context, user, answer, confirmation)
    await finish.after_answer(update, context, user, prompt_row)
    await look_back(context, user, prompt_row)


async def look_back(context: Context, user: User, answered: OutboxItem) -> None:
    """After the day's answer, on at most one day a week: an earlier answer comes back."""
    s = svc(context)
    if await s.call(spaced.enqueue_return, s.store, user, answered, s.now()):
        await s.dispatcher.send_due()


async def _confirm(update: Update, context: Context, user: User, answer: Answer, text: str) -> None:
    """The confirmation, with privacy toggles once someone else could see the answer
    (the answer just saved is passed on, not read again)."""
    s = svc(context)
    await send(context, update, await s.call(sharing.confirmation, s.store, user, text, answer))


async def _show_choice(update: Update, prompt_row: OutboxItem, chosen: str) -> None:
    """Tick the chosen button on the prompt itself; the learner may still change it."""
    await edit_buttons(update, mark_chosen(prompt_row.buttons, chosen))


async def today(update: Update, context: Context) -> None:
    """``/vandaag``: today's prompt again, or now if it was still to come today."""
    user = await onboarded_user(update, context)
    if user is None:
        return
    s = svc(context)
    now = s.now()
    day = local_date(now, user.tz)
    row = await s.call(s.store.prompt_on, user.id, day)
    if (row is None or row.status != "sent") and await finish.offer_again(update, context, user):
        return
    if row is not None and row.status == "sent":
        await send(context, update, Outgoing(row.text, row.buttons), kind="prompt_repeat",
                   payload={"prompt": row.id}, programme_id=row.programme_id,
                   prompt_id=row.prompt_id)
        return
    programme = s.programmes.get(user.programme_id or "")
    if programme is None or user.schedule.paused_on(day) or \
            day.isoweekday() not in user.work_days:
        upcoming = next_occurrence(now, user.schedule)
        when = when_text(upcoming, user.tz, now, user.language) if upcoming else \
            t(user.language, "when.none")
        await say(context, update, user.language, "today.none", when=when)
        return
    if row is not None:
        await s.call(s.store.bring_forward, row.id, now)
    else:  # today's prompt now, or (the programme just ended) the choice of the next one
        await s.call(daily.enqueue_prompt, s.store, programme, user, now, now, s.programmes.values())
    await s.dispatcher.send_due()


__all__ = ["on_answer_button", "on_message", "render_prompt", "store_answer", "today"]
