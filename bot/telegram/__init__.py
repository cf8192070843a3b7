"""The Telegram edge: PTB application, handlers and the dispatcher."""
