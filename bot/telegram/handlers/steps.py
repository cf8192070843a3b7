"""The screen of the step a person is at: onboarding steps or, once done, their settings.

Onboarding and the sprint join flow both show it, so it lives apart from both.
"""

from __future__ import annotations

from telegram import Update

from bot.core.records import User
from bot.messages import views
from bot.telegram.handlers.common import Context, current_user, say, send, svc


async def show_step(update: Update, context: Context, user: User) -> None:
    """Show the screen of the step the user is at (again)."""
    s = svc(context)
    lang = user.language
    screens = {
        "consent": lambda: views.welcome(lang, user.first_name),
        "days": lambda: views.days_step(lang, user.work_days),
        "time": lambda: views.time_step(lang),
        "tz": lambda: views.tz_step(lang, user.tz, s.now()),
        "programme": lambda: views.programme_step(lang, s.learner_programmes(), user.programme_id),
        "language": lambda: views.language_step(lang),
    }
    screen = screens.get(user.state)
    if screen is None:
        await show_settings(update, context, user)
        return
    await send(context, update, screen())


async def show_settings(update: Update, context: Context, user: User) -> None:
    s = svc(context)
    programme = s.programmes.get(user.programme_id or "")
    finished = programme is not None \
        and await s.call(s.store.finished_at, user.id, programme.id) is not None
    await send(context, update, views.settings_overview(user, programme, user.next_plan_at, s.now(),
                                                        finished=finished))


ONBOARDING_STEPS = ("consent", "language", "days", "time", "tz", "programme")
# Commands that start a wait of their own for typed text (a team name, a time) and
# would overwrite the sign-up step: not run until the sign-up is done.
NOT_DURING_SIGNUP = ("sprint", "instellingen", "settings", "overzicht", "overview")


async def leave_waiting_step(update: Update, context: Context) -> bool:
    """A command while the bot waits for typed text: the wait ends before it runs.

    Otherwise the text after the command lands in the old step (``/sprint`` during
    sign-up made the next text a team name, or feedback). In the middle of signing up,
    a command that would start a wait of its own is not run: the step stays where it
    was, the user is told, and this returns False. Others (/help, /mijngegevens) run.
    """
    message = update.message
    if message is None or not message.text or not message.text.startswith("/") \
            or message.chat.type != "private":
        return True
    user = current_user(update, context)
    if user is None:
        return True
    command = message.text.split()[0].lstrip("/").split("@")[0].lower()
    if not user.onboarded and user.state in ONBOARDING_STEPS:
        if command not in NOT_DURING_SIGNUP:
            return True
        await say(context, update, user.language, "trust.finish_signup_first")
        return False
    if user.state not in ("ready", "new", "declined"):
        s = svc(context)
        await s.call(s.store.update_user, user.id, s.now(), state="ready")
    return True
