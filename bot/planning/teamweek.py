"""What a team reads on request: the Details behind a week's digest or a final report, and
the final report of a past sprint again. Built from the store like the weekly messages,
with the same privacy rules (``bot.core.team``)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.programme import Programme, pick
from bot.core.records import Outgoing, Sprint, User
from bot.core.sprint import sprint_end
from bot.core.team import build_team_digest
from bot.messages.team import render_final_report_member, render_team_digest
from bot.messages.teamweek import PastSprint, render_past_sprints, render_team_details
from bot.planning.sprints import team_week
from bot.store import Store

PAST_LIMIT = 3


def details(store: Store, programmes: Mapping[str, Programme], sprint: Sprint, user: User,
            what: str) -> list[Outgoing] | None:
    """``what``: a week number (0-based; the lead's digest), ``f`` (the final report's
    Details) or ``r`` (the final report itself). None when this user may not see it: a
    week's digest is the lead's, the final report is the lead's and the members'."""
    if sprint.start_date is None:
        return None
    lead = sprint.lead_id == user.id
    member = store.member(sprint.id, user.id)
    took_part = member is not None and member.status in ("active", "left")
    if what in ("f", "r") and (lead or took_part):
        week, final = sprint.weeks - 1, True
    elif what.isdigit() and lead and int(what) < sprint.weeks:
        week, final = int(what), False
    else:
        return None
    data = team_week(store, programmes, sprint, week, user.language, final)
    digest = build_team_digest(data)
    if what == "r":
        more = f"td:{sprint.id}:f"
        return [render_team_digest(digest, data, more) if lead
                else render_final_report_member(digest, data, more)]
    return render_team_details(digest, data)


def past(store: Store, programmes: Mapping[str, Programme], user: User) -> list[Outgoing]:
    """After a sprint: the last one's final report again, then the sprints that are over
    (older reports one tap away) and a new sprint to start. Empty without past sprints."""
    ended = [sp for sp in store.past_sprints(user.id, PAST_LIMIT) if sp.start_date is not None]
    if not ended:
        return []
    lang = user.language
    items = []
    for sprint in ended:
        assert sprint.start_date is not None
        programme = programmes.get(sprint.programme_id or "")
        items.append(PastSprint(sprint.id, sprint.team_name,
                                pick(programme.title, lang) if programme else "",
                                sprint.start_date, sprint_end(sprint.start_date, sprint.weeks)))
    report = details(store, programmes, ended[0], user, "r") or []
    return [*report, render_past_sprints(items, lang)]
