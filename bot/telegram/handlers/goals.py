"""``/doelen``: up to three learning goals in the learner's own words, and a mentor's
reaction to them.

A goal is made in two typed steps (the goal, then how you notice progress), with the
programme's examples as a start. Goals are always shared with a linked mentor (the
learner is told so when they set one); the mentor may react, the learner decides.
"""

from __future__ import annotations

from telegram import Update

from bot.core.goals import ACTIVE, DONE, can_add, clean
from bot.core.records import Outgoing, User
from bot.messages import goals as screens
from bot.messages.i18n import plain, t
from bot.store import Store
from bot.telegram.handlers import sharing
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    notify,
    onboarded_user,
    say,
    send,
    set_user,
    svc,
)

# users.state while we wait for typed words: the goal (replacing one), its progress line,
# a mentor's reaction to a goal.
TEXT, SIGN, NOTE = "goaltext", "goalsign:", "goalnote:"
STATES = (TEXT, SIGN, NOTE)


async def goals_command(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    if user.state.startswith(STATES):
        user = await set_user(context, user.id, state="ready")
    await _menu(update, context, user)


async def _menu(update: Update, context: Context, user: User) -> None:
    s = svc(context)
    await send(context, update, await s.call(_menu_screen, s.store, user))


def _menu_screen(store: Store, user: User) -> Outgoing:
    return screens.menu(user.language, store.goals_of(user.id),
                        store.goals_of(user.id, history=True),
                        bool(store.links_of_learner(user.id)))


async def on_button(update: Update, context: Context) -> None:
    """``gl:new``, ``gl:ex:<n>``, ``gl:sign``, ``gl:done:<goal>``, ``gl:repl:<goal>``,
    ``gl:stop``."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    if user is None or not user.onboarded:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    s = svc(context)
    now = s.now()
    parts = query.data.split(":")
    action, arg = parts[1], (parts[2] if len(parts) > 2 else "")
    goal = await s.call(s.store.get_goal, int(arg)) if arg.isascii() and arg.isdigit() and action in (
        "done", "repl") else None
    if action in ("done", "repl") and (goal is None or goal.user_id != user.id
                                       or goal.status != ACTIVE):
        await answer_callback(update, plain(lang, "goals.old_button"), alert=True)
        return
    await answer_callback(update)
    if action == "new":
        if not can_add(await s.call(s.store.goals_of, user.id)):
            await say(context, update, lang, "goals.full")
            return
        await s.call(s.store.update_user, user.id, now, state=TEXT)
        await send(context, update, screens.ask_goal(lang, user.programme_id, None))
    elif action == "repl" and goal is not None:
        await s.call(s.store.update_user, user.id, now, state=f"{TEXT}:{goal.id}")
        await send(context, update, screens.ask_goal(lang, user.programme_id, goal))
    elif action == "done" and goal is not None:
        await s.call(s.store.end_goal, goal.id, DONE, now)
        await say(context, update, lang, "goals.finished")
        await _menu(update, context, user)
    elif action == "ex" and arg.isascii() and arg.isdigit() and user.state.startswith(TEXT):
        found = screens.programme_examples(lang, user.programme_id)
        if 1 <= int(arg) <= len(found):
            text, sign = found[int(arg) - 1]
            await _drafted(update, context, user, text, sign)
    elif action == "sign" and user.state.startswith(SIGN):
        draft = await s.call(s.store.get_goal, int(user.state.removeprefix(SIGN)))
        example = dict(screens.programme_examples(lang, user.programme_id))
        if draft is not None and example.get(draft.text):
            await _activate(update, context, user, draft.id, example[draft.text])
    elif action == "stop":
        await s.call(s.store.update_user, user.id, now, state="ready")
        await say(context, update, lang, "goals.cancelled")


async def _drafted(update: Update, context: Context, user: User, text: str,
                   suggestion: str | None) -> None:
    """The goal's words are in: ask how the learner will notice progress."""
    s = svc(context)
    now = s.now()
    _, _, replaced = user.state.partition(":")
    replaces = int(replaced) if replaced.isdigit() else None
    if replaces is None and not can_add(await s.call(s.store.goals_of, user.id)):
        await s.call(s.store.update_user, user.id, now, state="ready")
        await say(context, update, user.language, "goals.full")
        return
    draft = await s.call(s.store.draft_goal, user.id, text, now, replaces)
    await s.call(s.store.update_user, user.id, now, state=f"{SIGN}{draft.id}")
    await send(context, update, screens.ask_sign(user.language, text, suggestion))


async def _activate(update: Update, context: Context, user: User, goal_id: int,
                    sign: str) -> None:
    s = svc(context)
    now = s.now()
    goal = await s.call(s.store.activate_goal, goal_id, sign, now)
    await s.call(s.store.update_user, user.id, now, state="ready")
    if goal is None:
        await say(context, update, user.language, "goals.old_button")
        return
    mentor = bool(await s.call(s.store.links_of_learner, user.id))
    await send(context, update, Outgoing(screens.set_text(user.language, goal, mentor)))
    await _menu(update, context, user)


async def typed(update: Update, context: Context, user: User) -> None:
    """Words typed while a goal step (or a mentor's reaction) waits for them."""
    message = update.effective_message
    assert message is not None
    words = clean(message.text)
    if words is None:
        await say(context, update, user.language, "goals.type_words")
        return
    if user.state.startswith(NOTE):
        await _note(update, context, user, words)
    elif user.state.startswith(SIGN):
        await _activate(update, context, user, int(user.state.removeprefix(SIGN)), words)
    else:
        await _drafted(update, context, user, words, None)


# -- the mentor's side -------------------------------------------------------------------

def _mentors_goal(store: Store, mentor: User, goal_id: int) -> tuple[User, str] | None:
    """(the learner, the goal's text) when this mentor is linked to the goal's learner."""
    goal = store.get_goal(goal_id)
    if goal is None or goal.status != ACTIVE:
        return None
    if not any(link.learner_id == goal.user_id for link in store.links_of_mentor(mentor.id)):
        return None
    learner = store.get_user(goal.user_id)
    return (learner, goal.text) if learner is not None else None


async def react_button(update: Update, context: Context) -> None:
    """``gn:<goal>``: the mentor wants to react to one of their trainee's goals."""
    query = update.callback_query
    assert query is not None and query.data is not None
    mentor = current_user(update, context)
    lang = language_of(update, context)
    raw = query.data.removeprefix("gn:")
    found = await svc(context).call(_mentors_goal, svc(context).store, mentor, int(raw)) \
        if mentor and raw.isascii() and raw.isdigit() else None
    if mentor is None or found is None:
        await answer_callback(update, plain(lang, "goals.old_button"), alert=True)
        return
    await answer_callback(update)
    await set_user(context, mentor.id, state=f"{NOTE}{raw}")
    await say(context, update, lang, "goals.note_ask", name=found[0].first_name, text=found[1])


async def _note(update: Update, context: Context, mentor: User, words: str) -> None:
    s = svc(context)
    now = s.now()
    goal_id = int(mentor.state.removeprefix(NOTE))
    await s.call(s.store.update_user, mentor.id, now, state="ready")
    found = await svc(context).call(_mentors_goal, svc(context).store, mentor, goal_id)
    if found is None:
        await say(context, update, mentor.language, "goals.old_button")
        return
    learner, text = found
    await s.call(s.store.add_goal_note, goal_id, mentor.id, words, now)
    await notify(context, learner, Outgoing(t(learner.language, "goals.note_received",
                                              mentor=mentor.first_name, text=text, note=words)))
    await say(context, update, mentor.language, "goals.note_sent", name=learner.first_name)


async def tie_button(update: Update, context: Context) -> None:
    """``ag:<answer>:<goal>``: this answer belongs to that goal (again: to none)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    parts = query.data.split(":")
    ids = [int(p) for p in parts[1:] if p.isascii() and p.isdigit()]
    answer = await s.call(s.store.get_answer, ids[0]) if len(ids) == 2 else None
    goal = await s.call(s.store.get_goal, ids[1]) if len(ids) == 2 else None
    if user is None or answer is None or goal is None or answer.user_id != user.id \
            or goal.user_id != user.id or goal.status != ACTIVE:
        await answer_callback(update, plain(lang, "goals.old_button"), alert=True)
        return
    untie = await s.call(s.store.goal_of_answer, answer.id) == goal.id
    await s.call(s.store.tie_answer, answer.id, None if untie else goal.id, s.now())
    await edit_buttons(update, await s.call(sharing.answer_buttons, s.store, user, answer))
    await answer_callback(update, plain(lang, "goals.untied" if untie else "goals.tied"))
