"""The pure core: rules over plain data with an explicit ``now``.

Nothing in here may import ``telegram``, ``sqlite_utils`` or read the clock, so the
rules can be tested exhaustively without a bot or a database.
"""
