"""The sandbox in a real headless Chromium: onboarding, answers, Friday, the mentor's Monday.

Starts from the demo (Sanne three weeks into "Leren op je werk", Joost her mentor), so
Friday brings a summary with a chart; a new persona, Kim, is added and onboarded in the
page. Skipped only when no Chromium is installed (CI installs Debian's package).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.sandbox.demo import build_demo
from bot.sandbox.runner import Sandbox
from bot.sandbox.web import make_app
from tests.e2e.harness import PROGRAMMES

from .conftest import MONDAY_8_AMS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The README's picture is made here: SANDBOX_SCREENSHOT=docs/sandbox.png python -m pytest …
SCREENSHOT = os.environ.get("SANDBOX_SCREENSHOT")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[tuple[str, Sandbox]]:
    sb = Sandbox(tmp_path / "sandbox.db", PROGRAMMES, demo=build_demo, start=MONDAY_8_AMS)
    await sb.open()
    runner = web.AppRunner(make_app(sb), shutdown_timeout=0.2)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", sb
    finally:
        await runner.cleanup()
        await sb.close()
    assert not sb.world_errors


async def test_the_main_loop_in_a_browser(site: tuple[str, Sandbox], tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    expect = playwright_api.expect
    expect.set_options(timeout=15_000)  # a busy two-core machine can be slow; passing runs are not
    base, _ = site
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 375, "height": 800})
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        watcher = await browser.new_page()  # a second tab on Joost's chat, never reloaded
        await watcher.goto(f"{base}/p/joost")
        await page.goto(f"{base}/p/sanne")
        log = page.locator("#log")
        await expect(log).to_contain_text("Opgeslagen")
        width = await page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 375, f"the page is {width}px wide at 375px"

        # A new persona, Kim, signs up by pressing buttons (and typing her time).
        await page.get_by_text("Persona toevoegen").click()
        await page.get_by_label("Naam").fill("Kim")
        await page.get_by_role("button", name="Toevoegen").click()
        await expect(page.locator("h2.chat-title")).to_have_text("Gesprek van Kim met de bot")
        text = page.get_by_label("Bericht")
        await text.fill("/start")
        await text.press("Enter")  # by keyboard, as in a chat app
        await expect(log).to_contain_text("Doe je mee?")
        await page.get_by_role("button", name="Ja, ik doe mee").click()
        await expect(log).to_contain_text("Op welke dagen werk je?")
        await page.get_by_role("button", name="Klaar").click()
        await expect(log).to_contain_text("Hoe laat")
        await text.fill("17:30")
        await text.press("Enter")
        await expect(log).to_contain_text("tijdzone")
        await page.get_by_role("button", name="Ja, dat klopt").click()
        await page.get_by_role("button", name="Kennismaken").click()
        await expect(log).to_contain_text("om 17:30")

        # Thursday 17:30: the first question, answered by typing.
        await page.get_by_role("button", name="Volgende vraag").click()
        await expect(log).to_contain_text("dag 1 van 10")
        await text.fill("Vandaag de <remmen> van drie e-bikes afgesteld")
        await text.press("Enter")
        await expect(log).to_contain_text("Vandaag de <remmen> van drie e-bikes afgesteld")

        # Friday: the weekly summaries (after the day's prompt). Sanne's comes with her chart.
        await page.get_by_role("button", name="Vrijdag: weekoverzicht").click()
        await expect(log).to_contain_text("Je week in het kort")
        await expect(page.locator("#personas a[href='/p/sanne'] .badge")).to_be_visible()
        # The second question (Friday 17:30, before the summary) is answered with a button.
        await expect(log).to_contain_text("dag 2 van 10")
        # (its reminder quotes it as a reply, so pick the message that carries the buttons)
        four = page.get_by_role("button", name="4", exact=True)
        await page.locator("#log li.msg.bot").filter(has_text="dag 2 van 10").filter(has=four).last \
            .get_by_role("button", name="4", exact=True).click()
        await expect(log).to_contain_text("Opgeslagen: 4 van 5")

        # Sanne's summary, with five weeks of her weekly question, and its chart inline.
        await page.locator("#personas a[href='/p/sanne']").click()
        summary = page.locator("#log li.msg.bot").filter(has_text="Je week in het kort").last
        await expect(summary).to_contain_text("Je score, week na week (1 tot 5): 2 → 3 → 2 → 3 → 4")
        chart = page.locator("#log li.msg.bot").filter(has_text="Dezelfde vraag, week na week").last
        picture = chart.locator("img")
        await expect(picture).to_be_visible()
        assert await picture.evaluate("img => img.decode().then(() => img.naturalWidth)") > 100
        after = await summary.evaluate("li => li.nextElementSibling && li.nextElementSibling.innerText")
        assert "Dezelfde vraag, week na week" in after  # the chart comes right after it

        # Kim invites a mentor; the link opens as Joost.
        await page.locator("#personas a").filter(has_text="Kim").click()
        await text.fill("/mentor")
        await text.press("Enter")
        await page.get_by_role("button", name="Uitnodigen: mag mijn antwoorden").click()
        await page.locator("#log a.deeplink").last.click()
        await page.get_by_role("button", name="Verder als Joost").click()
        await expect(log).to_contain_text("Kim nodigt je uit als begeleider")
        await page.get_by_role("button", name="Ja, ik begeleid").last.click()
        await expect(log).to_contain_text("Je begeleidt nu Kim")

        # Monday 08:00: Joost's digest with both learners.
        await page.get_by_role("button", name="Maandag 08:00").click()
        digest = page.locator("#log li.msg.bot").filter(has_text="Overzicht ·").last
        await expect(digest).to_contain_text("Kim")
        await expect(digest).to_contain_text("Sanne")
        await expect(page.locator("#clock")).to_contain_text("maandag 7 december 2026, 08:00")
        # The other tab got it all through the event stream, without a reload.
        await expect(watcher.locator("#log")).to_contain_text("Je begeleidt nu Kim")
        await expect(watcher.locator("#clock")).to_contain_text("maandag 7 december 2026")

        # The picture for the README: Sanne's Friday, on a wide screen.
        await page.set_viewport_size({"width": 1280, "height": 1180})  # summary and chart
        await page.goto(f"{base}/p/sanne")
        summary = page.locator("#log li.msg").filter(has_text="Je week in het kort").last
        await summary.evaluate("li => li.scrollIntoView({block: 'start'})")
        await page.screenshot(path=SCREENSHOT or str(tmp_path / "sandbox.png"))
        assert not errors, errors
        await browser.close()
