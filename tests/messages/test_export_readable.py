"""The readable page of /mijngegevens from known rows: goals with their status and the
mentor's reactions, the goal an answer belongs to, feedback received with the reply,
dates in words in the learner's own time zone (Dutch or English), and stored text
escaped."""

from __future__ import annotations

from typing import Any

from bot.messages.export import export_html

TABLES: dict[str, list[dict[str, Any]]] = {
    "users": [{"id": 1001, "first_name": "Sanne", "tz": "Europe/Amsterdam",
               "onboarded_at": "2026-09-01T06:30:00Z"}],
    "answers": [{"id": 7, "local_date": "2026-11-30"}],
    "goals": [{"id": 3, "user_id": 1001, "text": "Zelf een storing vinden", "sign": "Minder bellen",
               "status": "done", "created_at": "2026-09-01T07:00:00Z",
               "finished_at": "2026-11-27T15:00:00Z"}],
    "goal_notes": [{"id": 1, "goal_id": 3, "author_id": 2001, "text": "Mooi doel <b>zo</b>",
                    "created_at": "2026-09-02T10:00:00Z"}],
    "answer_goals": [{"answer_id": 7, "goal_id": 3, "created_at": "2026-11-30T16:00:00Z"}],
    "feedback": [{"id": 1, "link_id": 1, "mentor_id": 2001, "learner_id": 1001,
                  "text": "Goed gedaan", "reply": "Dank je", "created_at": "2026-11-30T09:00:00Z"}],
}
ANSWERS = [{"date": "2026-11-30", "question": "Wat ging er goed?", "answer": "De sensor",
            "choice": None, "scale": None, "skipped": False, "private": False,
            "media": [{"file": "photo-2026-11-30-1.jpg", "type": "photo", "caption": None}]}]


def test_goals_ties_and_feedback_read_as_sentences_with_dates_in_words() -> None:
    page = export_html("Sanne", "nl", ANSWERS, TABLES)
    assert "Wat ging er goed?" in page and "Hoort bij: Zelf een storing vinden" in page
    assert "photo-2026-11-30-1.jpg (foto)" in page
    assert "<b>Zelf een storing vinden</b> (afgerond) · sinds 1 september 2026 om 09:00" \
        " · tot 27 november 2026 om 16:00" in page  # Amsterdam time, summer and winter
    assert "Zo merk je vooruitgang: Minder bellen" in page
    assert "Reactie op 2 september 2026 om 12:00: Mooi doel &lt;b&gt;zo&lt;/b&gt;" in page
    assert "30 november 2026 om 10:00, van je begeleider: Goed gedaan<br>Reactie: Dank je" in page
    assert "onboarded_at: 1 september 2026 om 08:30" in page


def test_in_english_too() -> None:
    page = export_html("Sanne", "en", ANSWERS, TABLES)
    assert "Belongs to: Zelf een storing vinden" in page
    assert "(finished) · since 1 September 2026 at 9:00" in page
    assert "30 November 2026 at 10:00 AM, from your mentor: Goed gedaan" in page
