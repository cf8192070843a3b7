"""python -m bot: the same as the `coach` command."""

from bot.cli import main

if __name__ == "__main__":  # the chart process imports this module too (spawn)
    raise SystemExit(main())
