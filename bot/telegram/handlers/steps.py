"""The screen of the step a person is at: onboarding steps or, once done, their settings.

Onboarding and the sprint join flow both show it, so it lives apart from both.
"""

from __future__ import annotations

from telegram import Update

from bot.core.records import User
from bot.messages import views
from bot.telegram.handlers.common import Context, send, svc


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
    finished = programme is not None and s.store.finished_at(user.id, programme.id) is not None
    await send(context, update, views.settings_overview(user, programme, user.next_plan_at, s.now(),
                                                        finished=finished))
