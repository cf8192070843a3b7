"""Mentors: invitation by deep link, accepting, ending, feedback and reactions.

The learner is in control: they create the single-use invitation, choose what the
mentor may see, and can end the link at any time. Every button is checked against
the person pressing it; a token is random, single use and expires after 7 days.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta

from telegram import Update

from bot.core.records import Button, MentorLink, Outgoing, User
from bot.core.schedule import local_date, next_weekly
from bot.messages.i18n import plain, t, tr
from bot.messages.render import format_day, when_text
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    language_of,
    notify,
    onboarded_user,
    say,
    send,
    set_user,
    svc,
)

log = logging.getLogger(__name__)

INVITE_DAYS = 7
TYPED_MAX = 3500  # characters of feedback or a reply: room for the text around it
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,48}$")
SHARE_MODES = ("answers", "figures")


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start=m_{token}"


# -- the learner's side ----------------------------------------------------------------


async def mentor_command(update: Update, context: Context) -> None:
    """``/mentor``: current mentors, and a new invitation with a chosen share mode."""
    user = await onboarded_user(update, context)
    if user is None:
        return
    s = svc(context)
    lang = user.language
    rows: list[tuple[Button, ...]] = []
    lines = []
    for link in await s.call(s.store.links_of_learner, user.id):
        mentor = await s.call(s.store.get_user, link.mentor_id)
        name = mentor.first_name if mentor else "?"
        lines.append(t(lang, f"mentor.current_{link.share_mode}", name=name))
        other = "figures" if link.share_mode == "answers" else "answers"
        rows.append((Button(plain(lang, f"mentor.btn_mode_{other}").format(name=name),
                            f"lnk:mode:{link.id}"),))
        rows.append((Button(plain(lang, "mentor.btn_end").format(name=name), f"lnk:end:{link.id}"),))
        rows.append((Button(plain(lang, "privacy.btn_older_weeks").format(name=name),
                            f"lsw:{link.id}"),))
    for invitation in await s.call(s.store.open_invitations, user.id, s.now()):
        until = format_day(local_date(invitation["expires_at"], user.tz), lang)
        rows.append((Button(plain(lang, "privacy.btn_revoke").format(day=until),
                            f"mi:rev:{invitation['ref']}"),))
    rows.append((Button(plain(lang, "mentor.btn_invite_answers"), "mi:answers"),))
    rows.append((Button(plain(lang, "mentor.btn_invite_figures"), "mi:figures"),))
    current = "\n".join(lines) if lines else t(lang, "mentor.none_yet")
    await send(context, update, Outgoing(t(lang, "mentor.menu", current=current), tuple(rows)))


async def invite_button(update: Update, context: Context) -> None:
    """``mi:<mode>``: make a single-use invitation link with that share mode."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    mode = query.data.removeprefix("mi:")
    revoke = re.fullmatch(r"rev:([0-9]{1,12})", mode)
    if user is not None and revoke:
        s = svc(context)
        await answer_callback(update)
        if await s.call(s.store.revoke_invitation, user.id, int(revoke[1]), s.now()):
            log.info("user %s revoked an open invitation", user.id)
            await say(context, update, user.language, "privacy.invite_revoked")
        else:
            await say(context, update, user.language, "errors.old_button")
        return
    if user is None or not user.onboarded or mode not in SHARE_MODES:
        await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                              alert=True)
        return
    s = svc(context)
    now = s.now()
    token = secrets.token_urlsafe(24)
    await s.call(s.store.create_invitation, token, user.id, mode, now, now + timedelta(days=INVITE_DAYS))
    await answer_callback(update)
    link = invite_link(context.bot.username, token)
    await send(context, update, Outgoing(t(
        user.language, "mentor.invite_created", link=link, days=INVITE_DAYS,
        sees=plain(user.language, f"mentor.sees_{mode}"))), kind="link")
    log.info("user %s created a mentor invitation (%s)", user.id, mode)


async def link_button(update: Update, context: Context) -> None:
    """``lnk:end:<id>`` asks either side to confirm (``lnk:endok``, ``lnk:keep``): a link
    ends only on purpose, never by a tap meant for the button beside it.
    ``lnk:mode:<id>`` switches what the mentor sees (learner only)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    parts = query.data.split(":")
    s = svc(context)
    link = await s.call(s.store.get_link, int(parts[2])) if len(parts) == 3 and parts[2].isdigit() else None
    lang = language_of(update, context)
    if user is None or link is None or link.status != "active" or \
            user.id not in (link.learner_id, link.mentor_id):
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    now = s.now()
    learner = await s.call(s.store.get_user, link.learner_id)
    mentor = await s.call(s.store.get_user, link.mentor_id)
    assert learner is not None and mentor is not None
    if parts[1] == "mode" and user.id == link.learner_id:
        mode = "figures" if link.share_mode == "answers" else "answers"
        await s.call(s.store.set_share_mode, link.id, mode)
        await answer_callback(update)
        await say(context, update, lang, f"mentor.mode_set_{mode}", name=mentor.first_name)
        await notify(context, mentor, Outgoing(t(mentor.language, f"mentor.mode_changed_{mode}",
                                                 name=learner.first_name)))
    elif parts[1] in ("end", "keep"):
        other = mentor if user.id == learner.id else learner
        await answer_callback(update)
        if parts[1] == "keep":
            await say(context, update, lang, "mentorweek.end_kept", name=other.first_name)
            return
        side = "learner" if user.id == learner.id else "mentor"
        await send(context, update, Outgoing(
            t(lang, f"mentorweek.end_confirm_{side}", name=other.first_name),
            ((Button(plain(lang, "mentorweek.btn_end_yes"), f"lnk:endok:{link.id}"),
              Button(plain(lang, "mentorweek.btn_end_no"), f"lnk:keep:{link.id}")),),
        ))
    elif parts[1] == "endok":
        await s.call(s.store.end_link, link.id, user.id, now)
        await answer_callback(update)
        other = mentor if user.id == learner.id else learner
        await say(context, update, lang, "mentor.ended_you", name=other.first_name)
        key = "ended_by_learner" if user.id == learner.id else "ended_by_mentor"
        await notify(context, other, Outgoing(t(other.language, f"mentorweek.{key}",
                                                name=user.first_name)))
        if not await s.call(s.store.links_of_mentor, mentor.id):
            await s.call(s.store.update_user, mentor.id, now, next_digest_at=None)
        log.info("mentor link %s ended by %s", link.id, user.id)
    else:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)


# -- the mentor's side -----------------------------------------------------------------


async def open_invitation(update: Update, context: Context, token: str) -> None:
    """``/start m_<token>``: show who invites you and exactly what you will see."""
    s = svc(context)
    now = s.now()
    lang = language_of(update, context)
    invitation = await s.call(s.store.get_invitation, token) if TOKEN.match(token) else None
    tg_user = update.effective_user
    assert tg_user is not None
    if invitation is None:
        await say(context, update, lang, "mentor.invite_unknown")
        return
    if invitation.learner_id == tg_user.id:
        await say(context, update, lang, "mentor.invite_own")
        return
    if invitation.outcome == "revoked":
        await say(context, update, lang, "privacy.invite_revoked_open")
        return
    if invitation.used_at is not None:
        await say(context, update, lang, "mentor.invite_used")
        return
    if invitation.expires_at <= now:
        await say(context, update, lang, "mentor.invite_expired")
        return
    learner = await s.call(s.store.get_user, invitation.learner_id)
    if learner is None:
        await say(context, update, lang, "mentor.invite_unknown")
        return
    await send(context, update, Outgoing(
        t(lang, "mentor.invite_screen", name=learner.first_name,
          sees=tr(lang, f"mentorweek.sees_{invitation.share_mode}", name=learner.first_name)),
        ((Button(plain(lang, "mentor.btn_accept"), f"inv:acc:{token}"),),
         (Button(plain(lang, "mentor.btn_decline"), f"inv:dec:{token}"),)),
    ))


async def invitation_button(update: Update, context: Context) -> None:
    """``inv:acc:<token>`` / ``inv:dec:<token>``: the invitation is used exactly once."""
    query = update.callback_query
    tg_user = update.effective_user
    chat = update.effective_chat
    assert query is not None and query.data is not None and tg_user and chat
    s = svc(context)
    now = s.now()
    lang = language_of(update, context)
    _, action, token = [*query.data.split(":", 2), "", ""][:3]
    invitation = await s.call(s.store.get_invitation, token) if TOKEN.match(token) else None
    if invitation is None or action not in ("acc", "dec") or invitation.learner_id == tg_user.id:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    outcome = "accepted" if action == "acc" else "declined"
    if not await s.call(s.store.use_invitation, token, tg_user.id, outcome, now):
        key = "mentor.invite_used" if invitation.used_at else "mentor.invite_expired"
        await answer_callback(update)
        await say(context, update, lang, key)
        return
    await answer_callback(update)
    learner = await s.call(s.store.get_user, invitation.learner_id)
    known = await s.call(s.store.get_user, tg_user.id)
    if known is None:
        known = await s.call(s.store.create_user, tg_user.id, chat.id, tg_user.first_name or "",
                             lang, s.settings.default_timezone, now)
    mentor = known
    if mentor.state in ("new", "consent", "declined"):
        mentor = await s.call(s.store.update_user, mentor.id, now, state="ready")
    if learner is None:
        await say(context, update, lang, "mentor.invite_unknown")
        return
    if outcome == "declined":
        await say(context, update, lang, "mentor.declined_you")
        await notify(context, learner, Outgoing(t(learner.language, "mentor.declined_learner",
                                                  name=mentor.first_name)))
        return
    await s.call(s.store.create_link, learner.id, mentor.id, invitation.share_mode, now)
    if mentor.next_digest_at is None:
        mentor = await s.call(s.store.update_user, mentor.id, now, next_digest_at=next_weekly(
            now, mentor.tz, mentor.digest_weekday, mentor.digest_time))
    assert mentor.next_digest_at is not None
    await say(context, update, lang, "mentor.accepted_you", name=learner.first_name,
              when=when_text(mentor.next_digest_at, mentor.tz, now, lang))
    await notify(context, learner, Outgoing(t(learner.language, "mentor.accepted_learner",
                                              name=mentor.first_name)))
    log.info("mentor %s linked to learner %s", mentor.id, learner.id)


async def _own_link(context: Context, user: User | None, data: str, prefix: str) -> MentorLink | None:
    """The active link in the button data, only if this user is its mentor."""
    raw = data.removeprefix(prefix)
    if user is None or not raw.isdigit():
        return None
    link = await svc(context).call(svc(context).store.get_link, int(raw))
    if link is None or link.status != "active" or link.mentor_id != user.id:
        return None
    return link


async def feedback_button(update: Update, context: Context) -> None:
    """``fb:<link>``: the mentor wants to write feedback; ``fb:cancel`` stops that."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    if query.data == "fb:cancel" and user is not None:
        await s.call(s.store.update_user, user.id, s.now(), state="ready")
        await answer_callback(update)
        await say(context, update, lang, "feedback.cancelled")
        return
    link = await _own_link(context, user, query.data, "fb:")
    if link is None or user is None:
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    learner = await s.call(s.store.get_user, link.learner_id)
    assert learner is not None
    await s.call(s.store.update_user, user.id, s.now(), state=f"feedback:{link.id}")
    await answer_callback(update)
    await send(context, update, Outgoing(
        t(lang, "feedback.ask", name=learner.first_name),
        ((Button(plain(lang, "feedback.btn_cancel"), "fb:cancel"),),),
    ))


async def _typed_for_state(update: Update, context: Context, user: User) -> tuple[str, int] | None:
    """The text typed while ``state`` waits for it (``feedback:<id>``, ``fbreply:<id>``).

    Anything but text keeps waiting; text ends the wait and comes with the state's id.
    """
    message = update.effective_message
    if message is None or not message.text:
        await say(context, update, user.language, "feedback.text_only")
        return None
    if len(message.text) > TYPED_MAX:
        # Telegram takes 4,096 characters; the message around it needs the rest.
        await say(context, update, user.language, "trust.too_long", most=TYPED_MAX,
                  now=len(message.text))
        return None
    await set_user(context, user.id, state="ready")
    return message.text, int(user.state.split(":", 1)[1])


async def feedback_text(update: Update, context: Context, user: User) -> None:
    """The mentor's typed feedback: stored, sent to the learner, confirmed."""
    typed = await _typed_for_state(update, context, user)
    if typed is None:
        return
    text, link_id = typed
    s = svc(context)
    now = s.now()
    link = await s.call(s.store.get_link, link_id)
    learner = await s.call(s.store.get_user, link.learner_id) if link else None
    if link is None or link.status != "active" or learner is None:
        await say(context, update, user.language, "feedback.link_gone")
        return
    feedback = await s.call(s.store.add_feedback, link, text, now)
    status = await notify(context, learner, Outgoing(
        t(learner.language, "feedback.received", name=user.first_name, text=text),
        ((Button(plain(learner.language, "feedback.btn_thumbs"), f"fbr:{feedback.id}:up"),
          Button(plain(learner.language, "feedback.btn_reply"), f"fbr:{feedback.id}:re")),),
    ), kind="feedback")
    await _say_delivered(context, update, user, status, "feedback.sent", learner.first_name)
    log.info("mentor %s sent feedback %s", user.id, feedback.id)


async def reaction_button(update: Update, context: Context) -> None:
    """``fbr:<id>:up`` (thumbs-up) or ``fbr:<id>:re`` (write a reply) by the learner."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    parts = query.data.split(":")
    feedback = await s.call(s.store.get_feedback, int(parts[1])) if len(parts) == 3 and parts[1].isdigit() \
        else None
    if user is None or feedback is None or feedback.learner_id != user.id:
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    mentor = await s.call(s.store.get_user, feedback.mentor_id) if feedback.mentor_id else None
    now = s.now()
    if parts[2] == "up":
        await s.call(s.store.react_to_feedback, feedback.id, now, reaction="thumbs_up")
        await answer_callback(update, plain(lang, "feedback.thanks"))
        if mentor is not None:
            await notify(context, mentor, Outgoing(t(mentor.language, "feedback.thumbs_to_mentor",
                                                     name=user.first_name)))
    elif parts[2] == "re":
        await s.call(s.store.update_user, user.id, now, state=f"fbreply:{feedback.id}")
        await answer_callback(update)
        await say(context, update, lang, "feedback.reply_ask",
                  name=mentor.first_name if mentor else "")
    else:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)


async def reply_text(update: Update, context: Context, user: User) -> None:
    """The learner's reply to feedback goes back to the mentor."""
    typed = await _typed_for_state(update, context, user)
    if typed is None:
        return
    text, feedback_id = typed
    s = svc(context)
    now = s.now()
    feedback = await s.call(s.store.get_feedback, feedback_id)
    if feedback is None or feedback.learner_id != user.id:
        await say(context, update, user.language, "errors.old_button")
        return
    await s.call(s.store.react_to_feedback, feedback.id, now, reply=text)
    mentor = await s.call(s.store.get_user, feedback.mentor_id) if feedback.mentor_id else None
    status = "failed"
    if mentor is not None:
        status = await notify(context, mentor, Outgoing(t(
            mentor.language, "feedback.reply_to_mentor", name=user.first_name, text=text)))
    await _say_delivered(context, update, user, status, "feedback.reply_sent",
                         mentor.first_name if mentor else "")


async def _say_delivered(context: Context, update: Update, user: User, status: str, key: str,
                         name: str) -> None:
    """"Sent" only when it arrived; otherwise what is true: on its way, or not sent."""
    if status == "sent":
        await say(context, update, user.language, key, name=name)
    elif status in ("retry", "pending", "sending"):
        await say(context, update, user.language, "trust.on_its_way", name=name)
    else:
        await say(context, update, user.language, "trust.not_sent", name=name)
