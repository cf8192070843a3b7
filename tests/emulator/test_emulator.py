"""The Bot API emulator, driven by real PTB objects over real HTTP.

If these pass, PTB accepts every JSON shape the emulator produces and maps every emulated
error to the exception the bot will see from Telegram. Nothing here sleeps to wait: tests
wait on the emulator's own events, and timeouts only bound a failure.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.emulator import BotApiEmulator
from bot.emulator.html_check import HtmlParseError, parse_html

NOW = 1_750_000_000  # a fixed "now" for message dates


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(clock=lambda: NOW + 0.75) as emulator:
        yield emulator


@pytest_asyncio.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as b:
        yield b


# -- HTML checking, without a server -------------------------------------------------------


def test_html_is_stripped_and_unescaped_with_utf16_entities() -> None:
    parsed = parse_html('😀 <b>Hoi</b> &lt;naam&gt; &amp; <a href="https://x.nl/?a=1&amp;b=2">x</a>')
    assert parsed.text == "😀 Hoi <naam> & x"
    assert parsed.entities == [
        {"offset": 3, "length": 3, "type": "bold"},  # the emoji counts as two UTF-16 units
        {"offset": 16, "length": 1, "type": "text_link", "url": "https://x.nl/?a=1&b=2"},
    ]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>x", "Can't find end tag corresponding to start tag b"),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("é<b>x</i>", 'Unmatched end tag at byte offset 6, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'Unescaped "&" (the emulator is strict here: write &amp;) at byte offset 4'),
    ],
)
def test_html_errors_name_the_reason_and_byte_offset(html: str, reason: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(html)
    assert str(caught.value) == reason


def test_bare_ampersand_is_accepted_when_not_strict() -> None:
    assert parse_html("Tom & Jerry", strict_ampersand=False).text == "Tom & Jerry"


# -- the Bot API through PTB ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_get_me_token_and_unknown_methods(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "werkplekcoach_bot")

    wrong = Bot("999:WRONG", base_url=emu.base_url)
    with pytest.raises(InvalidToken):
        await wrong.initialize()  # PTB puts the token in this message: keep it out of logs
    await wrong.shutdown()

    async with aiohttp.ClientSession() as http:
        url = f"{emu.base_url}{emu.token}"
        async with http.post(f"{url}/GETME") as response:  # names are case-insensitive
            assert (await response.json())["result"]["id"] == 123456
        async with http.post(f"{url}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.post(f"{emu.base_url}1:NOPE/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"
    assert all(emu.token not in repr(call) for call in emu.calls)


@pytest.mark.asyncio
async def test_send_message_html_good_and_bad(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42, first_name="Sam")
    sent = await bot.send_message(
        42, "<b>Dag Sam</b>, 3 &lt; 4 &amp; klaar", parse_mode="HTML", disable_notification=True
    )
    assert sent.text == "Dag Sam, 3 < 4 & klaar"
    assert sent.date == dtm.datetime.fromtimestamp(NOW, dtm.UTC)
    assert sent.chat.type == "private" and sent.from_user is not None and sent.from_user.is_bot
    assert sent.entities[0].type == "bold"

    record = await user.next_message()
    assert record.text == "Dag Sam, 3 < 4 & klaar"
    assert record.html == "<b>Dag Sam</b>, 3 &lt; 4 &amp; klaar"
    assert record.disable_notification

    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: Unsupported start tag"):
        await bot.send_message(42, "Hoi <naam>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: Can't find end tag"):
        await bot.send_message(42, "<b>open", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)Message text is empty"):
        await bot.send_message(42, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)Message is too long"):
        await bot.send_message(42, "x" * 4097)
    assert len(user.messages) == 1  # refused messages never arrive

    reply = await bot.send_message(42, "Antwoord", reply_to_message_id=sent.message_id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id
    assert (await user.next_message()).reply_to_message_id == sent.message_id


@pytest.mark.asyncio
async def test_edit_text_and_markup(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42)
    sent = await bot.send_message(42, "Vraag?", reply_markup=keyboard([("Ja", "q:yes")]))
    record = user.last

    edited = await bot.edit_message_text("<i>Vraag!</i>", 42, sent.message_id, parse_mode="HTML")
    assert not isinstance(edited, bool) and edited.text == "Vraag!"
    assert edited.edit_date is not None
    # The record is live, and an edit without reply_markup drops the keyboard, as on Telegram.
    assert (record.text, record.edited, record.reply_markup) == ("Vraag!", True, None)

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<i>Vraag!</i>", 42, sent.message_id, parse_mode="HTML")

    markup = keyboard([("Nee", "q:no")])
    await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=markup)
    assert user.buttons() == [[("Nee", "q:no")]]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=markup)

    with pytest.raises(BadRequest, match=r"(?i)Message to edit not found"):
        await bot.edit_message_text("x", 42, 999)
    assert await bot.delete_message(42, sent.message_id)
    assert record.deleted
    with pytest.raises(BadRequest, match=r"(?i)Message to edit not found"):
        await bot.edit_message_text("x", 42, sent.message_id)


@pytest.mark.asyncio
async def test_inline_keyboard_press_and_answer(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42)
    await bot.send_message(42, "Kies", reply_markup=keyboard([("👍 Goed", "r:1"), ("Matig", "r:2")]))
    assert user.buttons() == [[("👍 Goed", "r:1"), ("Matig", "r:2")]]

    query_id = await user.press_button("Goed")
    updates = await bot.get_updates(timeout=0)
    query = updates[-1].callback_query
    assert query is not None and query.id == query_id and query.data == "r:1"
    assert query.message is not None and query.message.message_id == user.last.message_id

    assert await bot.answer_callback_query(query_id, text="Genoteerd", show_alert=True)
    assert (await user.wait_answer(query_id)).text == "Genoteerd"
    assert user.callback_answers == [(query_id, "Genoteerd", True)]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(42, "x", reply_markup=keyboard([("Te lang", "x" * 65)]))


@pytest.mark.asyncio
async def test_photo_and_document_uploads(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42)
    photo = await bot.send_photo(42, b"\x89PNG not really", caption="<b>Week 3</b>", parse_mode="HTML")
    assert photo.caption == "Week 3" and len(photo.photo) == 2
    assert user.last.kind == "photo" and user.last.caption == "Week 3"

    again = await bot.send_photo(42, photo.photo[-1].file_id)  # resend by file_id
    assert again.photo[-1].file_id == photo.photo[-1].file_id

    document = await bot.send_document(42, b"naam;score\nSam;8\n", filename="overzicht.csv")
    assert document.document is not None
    assert document.document.file_name == "overzicht.csv"
    file = await bot.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"naam;score\nSam;8\n"

    with pytest.raises(BadRequest, match=r"(?i)Message caption is too long"):
        await bot.send_document(42, b"x", filename="x.txt", caption="c" * 1025)


@pytest.mark.asyncio
async def test_commands_are_stored_per_scope_and_language(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Beginnen"), ("pauze", "Even pauze")], language_code="nl")
    await bot.set_my_commands([("start", "Start")], language_code="en")
    assert [c.command for c in await bot.get_my_commands(language_code="nl")] == ["start", "pauze"]
    assert emu.commands(language_code="en") == [{"command": "start", "description": "Start"}]
    assert await bot.get_my_commands() == ()
    await bot.delete_my_commands(language_code="en")
    assert emu.commands(language_code="en") == []
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Start", "Hoofdletters mogen niet")])


@pytest.mark.asyncio
async def test_unknown_chat_blocked_user_and_kicked_bot(emu: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)Chat not found"):
        await bot.send_message(777, "hallo?")

    user = emu.user(42)
    await user.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(42, "Nog even...")
    await user.send("/start")  # writing to the bot unblocks it, as Telegram apps do
    await bot.send_message(42, "Welkom terug")

    group = emu.group(-1001234567890, "Team Zorg")
    await group.add_bot(by=user)
    await bot.send_message(-1001234567890, "Hallo team")
    assert group.last.text == "Hallo team"
    await group.remove_bot(by=user)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(-1001234567890, "Nog iemand?")

    kinds = [
        (u.my_chat_member.new_chat_member.status if u.my_chat_member else "message")
        for u in await bot.get_updates(timeout=0)
    ]
    assert kinds == ["kicked", "member", "message", "member", "kicked"]


@pytest.mark.asyncio
async def test_retry_after_network_down_and_timeouts(
    emu: BotApiEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    emu.user(42)
    emu.user(43)
    emu.fail_next("sendMessage", error_code=429, retry_after=7, chat_id=43)
    await bot.send_message(42, "andere chat: geen fout")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(43, "te snel")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    assert emu.calls[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(43, "nu wel")

    emu.set_down(True)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(42, "niemand thuis")
    emu.set_down(False)

    emu.delay_next("sendMessage", 0.3)
    with pytest.raises(TimedOut):
        await bot.send_message(42, "traag", read_timeout=0.05)
    # Telegram may still deliver what timed out; the emulator does the same.
    late = await emu.wait_for(lambda c: c.params.get("text") == "traag")
    assert (late.status, late.client_gone) == (200, True)


@pytest.mark.asyncio
async def test_get_updates_offsets_long_poll_and_duplicates(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42, username="sam")
    await user.send("/start week3")
    await user.send("gewoon tekst")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["/start week3", "gewoon tekst"]
    entity = first[0].message.entities[0] if first[0].message else None
    assert entity is not None and (entity.type, entity.length) == ("bot_command", 6)

    assert len(await bot.get_updates(timeout=0)) == 2  # not confirmed yet
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == ()

    # A long poll returns as soon as something arrives, not after its timeout.
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_polling()
    await user.send_voice(duration=4)
    (voice_update,) = await asyncio.wait_for(poll, 2)
    assert voice_update.message is not None and voice_update.message.voice is not None

    # allowed_updates is remembered: messages are dropped while only callbacks are wanted.
    offset = voice_update.update_id + 1
    await bot.get_updates(offset=offset, timeout=0, allowed_updates=["callback_query"])
    await user.send_sticker()
    assert await bot.get_updates(offset=offset, timeout=0) == ()
    await bot.get_updates(offset=offset, timeout=0, allowed_updates=[])

    emu.duplicate_next_update()
    await user.send_location()
    (once,) = await bot.get_updates(offset=offset, timeout=0)
    (twice,) = await bot.get_updates(offset=once.update_id + 1, timeout=0)
    assert twice.update_id == once.update_id
    assert await bot.get_updates(offset=once.update_id + 1, timeout=0) == ()
    await emu.wait_idle()


@pytest.mark.asyncio
async def test_a_newer_poller_ends_the_older_with_conflict(emu: BotApiEmulator, bot: Bot) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_polling()
    async with Bot(emu.token, base_url=emu.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(older, 2)


@pytest.mark.asyncio
async def test_user_actions_reach_the_bot_as_updates(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42, first_name="Sam", language_code="en")
    sent = await bot.send_message(42, "Hoe ging het?")
    await user.reply(sent.message_id, "Prima")
    await user.send_photo(caption="mijn werkplek")
    await user.send_document()
    updates = await bot.get_updates(timeout=0)
    messages = [u.message for u in updates if u.message]
    assert messages[0].reply_to_message is not None
    assert messages[0].reply_to_message.message_id == sent.message_id
    assert messages[0].from_user is not None and messages[0].from_user.language_code == "en"
    assert messages[1].photo and messages[1].caption == "mijn werkplek"
    assert messages[2].document is not None and messages[2].document.file_name == "notes.pdf"
    assert [m.message_id for m in messages] == [2, 3, 4]  # one id sequence per chat

    group = emu.group(-4001, "Team Techniek")
    await group.add_bot(by=user)
    await group.send(user, "/tip@werkplekcoach_bot")
    *_, joined, said = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert joined.my_chat_member is not None and joined.my_chat_member.chat.title == "Team Techniek"
    assert said.message is not None and said.message.chat.type == "group"
    assert said.message.entities[0].length == len("/tip@werkplekcoach_bot")


@pytest.mark.asyncio
async def test_waiting_for_a_message_that_never_comes_explains_why(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(42)
    with pytest.raises(BadRequest):
        await bot.send_message(42, "<b>kapot", parse_mode="HTML")
    with pytest.raises(AssertionError, match=r"(?s)no new bot message.*sendMessage.*-> 400"):
        await user.next_message(timeout=0.05)


@pytest.mark.asyncio
async def test_application_polling_end_to_end(emu: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        payload = " ".join(context.args or [])
        await update.effective_message.reply_html(
            f"Welkom! Code: <code>{payload}</code>", reply_markup=keyboard([("Doen", "go")])
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Top")
        await query.edit_message_text("Gekozen: doen")

    app = (
        ApplicationBuilder().token(emu.token).base_url(emu.base_url).base_file_url(emu.base_file_url).build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    user = emu.user(42)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)

        await user.send("/start abc123")
        welcome = await user.next_message()
        assert welcome.text == "Welkom! Code: abc123"
        assert welcome.reply_to_message_id is None  # reply_html does not quote by default

        query_id = await user.press_button("Doen")
        assert (await user.wait_answer(query_id)).text == "Top"
        await emu.wait_for(lambda c: c.method == "editMessageText" and c.ok)
        assert (welcome.text, welcome.edited, welcome.reply_markup) == ("Gekozen: doen", True, None)
        await emu.wait_idle()

        await app.updater.stop()
        await app.stop()
    methods = [c.method for c in emu.calls]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
    # On stop PTB abandons its long poll and sends one last getUpdates to confirm the last
    # batch; like Telegram, the emulator ends the abandoned poll with 409 nobody receives.
    assert [c.status for c in emu.calls if not c.client_gone and c.status != 200] == []
