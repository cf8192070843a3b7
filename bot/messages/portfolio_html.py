"""The portfolio as one plain HTML file, beside the PDF: for a school system that takes
no PDF, a screen reader, or copying a line into a report.

One self-contained file: the style is inline and the charts are ``data:`` URIs, so it
opens offline and from a mail attachment. Every text a person wrote passes through the
catalog's escaping (``t``) or ``html.escape``: an answer holding ``<script>`` is shown
as text, never run.
"""

from __future__ import annotations

import base64
import html

from bot.core.portfolio import Entry, by_goal
from bot.messages.i18n import plain, t
from bot.messages.portfolio import Document, period_text
from bot.messages.render import format_day

STYLE = ("body{font-family:Helvetica,Arial,sans-serif;max-width:46em;margin:2em auto;"
         "padding:0 1em;line-height:1.45;color:#222}h1{font-size:1.6em}"
         "h2{margin-top:1.8em;border-bottom:1px solid #ddd}.small{color:#555;font-style:italic}"
         ".entry{margin:.8em 0}img{max-width:100%;height:auto}")


def portfolio_html(doc: Document) -> str:
    """The same document as the PDF, as HTML text (UTF-8: emoji stay emoji here)."""
    lang = doc.lang
    esc = html.escape
    title = t(lang, "portfolio.title", name=doc.name)
    privacy = "portfolio.with_private" if doc.include_private else "portfolio.without_private"
    parts = [
        f"<!doctype html><html lang='{esc(lang)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{period_text(doc)}</p>",
        f"<p class='small'>{esc(plain(lang, privacy))}</p>",
    ]
    sections = by_goal(list(doc.chosen), [g.id for g in doc.goals])
    for goal in doc.goals:
        parts.append(f"<h2>{t(lang, 'portfolio.goal', text=goal.text)}</h2>")
        parts.append(f"<p class='small'>{t(lang, 'portfolio.sign', sign=goal.sign or '-')}</p>")
        parts += _answers(sections[goal.id], lang)
    if sections[None]:
        parts.append(f"<h2>{esc(plain(lang, 'portfolio.no_goal'))}</h2>")
        parts += _answers(sections[None], lang)
    if doc.charts:
        parts.append(f"<h2>{esc(plain(lang, 'portfolio.scores'))}</h2>")
        for chart_title, png in doc.charts:
            data = base64.b64encode(png).decode("ascii")
            parts.append(f"<p><img alt='{esc(chart_title)}'"
                         f" src='data:image/png;base64,{data}'></p>")
    if doc.feedback:
        parts.append(f"<h2>{esc(plain(lang, 'portfolio.feedback'))}</h2>")
        parts += [_entry(t(lang, "portfolio.feedback_line", day=format_day(day, lang), text=text))
                  for day, text in doc.feedback]
    parts.append("</body></html>")
    return "\n".join(parts)


def _entry(text: str) -> str:
    """A catalog text (already escaped) as a paragraph, its line breaks kept."""
    return "<p class='entry'>" + text.replace("\n", "<br>") + "</p>"


def _answers(chosen: list[Entry], lang: str) -> list[str]:
    if not chosen:
        return [f"<p class='small'>{html.escape(plain(lang, 'portfolio.none'))}</p>"]
    return [_entry(t(lang, "portfolio.entry", day=format_day(e.day, lang), question=e.question,
                     answer=e.answer)) for e in chosen]
