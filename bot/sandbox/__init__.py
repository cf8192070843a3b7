"""``coach sandbox``: the real bot in a browser chat, over the Bot API emulator, on a fake clock."""
