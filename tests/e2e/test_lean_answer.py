"""An answer costs a handful of SQL statements: the user read once, no outbox re-reads."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboarded

PROMPT_TIME = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)  # Monday 16:45 in Amsterdam
# one typed answer, its confirmation and the bookkeeping (was 24: 3 user reads, an outbox
# re-read, the saved answer read again for its buttons; then 18: the answer and the reply's
# row read back after writing them), with one read of the learner's goals for the
# "Hoort bij" buttons under the confirmation
CEILING = 15
# transactions: the inbox row, the answer step (answer + its confirmation's row), the
# batched "sent" mark and the batched "done" mark
TRANSACTIONS = 4


async def test_a_typed_answer_reads_the_user_once_and_stays_under_a_ceiling(world: World) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()  # the prompt
    await world.settle()
    statements: list[str] = []
    world.db.conn.set_trace_callback(statements.append)
    try:
        await user.send("Ik heb geleerd hoe de nieuwe machine werkt.")
        await user.next_message()
        await world.settle()
    finally:
        world.db.conn.set_trace_callback(None)
    sql = [s for s in statements if not s.startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))]
    user_reads = [s for s in sql if s.startswith("SELECT * FROM users WHERE id")]
    assert len(user_reads) == 1, "\n".join(sql)
    assert len(sql) <= CEILING, f"{len(sql)} statements:\n" + "\n".join(sql)
    assert statements.count("BEGIN") <= TRANSACTIONS, "\n".join(statements)
    # a read is one statement, without a savepoint around it
    assert not [s for s in statements if "sqlite_utils_query" in s], "\n".join(statements)
    # the confirmation's row is recorded in the answer's own transaction
    step = statements[statements.index(next(s for s in statements
                                            if s.startswith("UPDATE answers"))):]
    step = step[:step.index("COMMIT")]
    assert any(s.startswith("INSERT OR IGNORE INTO outbox") for s in step), "\n".join(step)
