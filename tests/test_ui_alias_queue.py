"""The alias queue (A) searches in a worker: driven through the real app with Pilot.

The search is the real find_suggestions, one person a batch, held by a gate after the
first pair it finds: so what the tests press lands while it is still running, on any
machine, however fast.
"""

from __future__ import annotations

import threading

import pytest
from edit_fixtures import Session, start

from tui.core import review
from tui.core.models import Person
from tui.core.review import load_decisions
from tui.core.views import count_mentions
from tui.ui.screens import alias_queue
from tui.ui.screens.alias_queue import AliasQueue


class Gate:
    """Stands in for find_suggestions in the queue; runs[i] says how far search i got:
    running, held (its first pair is out), resumed, then ended, or stopped if it was
    dropped before its end."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.runs: list[str] = []
        monkeypatch.setattr(alias_queue, "find_suggestions", self.find)

    def find(self, people, answered):
        run = len(self.runs)
        self.runs.append("running")
        try:
            for batch in review.find_suggestions(people, answered, step=1):
                yield batch
                if batch[2] and self.runs[run] == "running":
                    self.runs[run] = "held"
                    assert self.release.wait(10)
                    self.runs[run] = "resumed"
            self.runs[run] = "ended"
        finally:
            if self.runs[run] != "ended":
                self.runs[run] = "stopped"

    async def settled(self, pilot) -> list[str]:
        """Let every search go on, and wait until each has ended or stopped."""
        self.release.set()
        for _ in range(200):
            if all(r in ("ended", "stopped") for r in self.runs):
                break
            await pilot.pause(0.02)
        await pilot.pause()
        return self.runs


@pytest.fixture
def pairs(session: Session) -> Session:
    """Three pairs to ask about: J. Sullivan (found first, in id order), Kritenbrink, Xi."""
    for pid, name in (("j-sullivan", "J. Sullivan"), ("kritenbrink", "Kritenbrink"), ("xi", "Xi")):
        session.ws.people[pid] = Person(pid, name)
    return session


async def open_queue(session: Session, pilot) -> tuple[AliasQueue, review.Suggestion]:
    """Press A on the loaded app; the queue and the first pair it shows."""
    await start(session, pilot)
    await pilot.press("A")
    queue = session.app.screen
    assert isinstance(queue, AliasQueue)
    for _ in range(200):
        if queue.current is not None:
            return queue, queue.current
        await pilot.pause(0.02)
    raise AssertionError("no pair was shown")


def title(queue: AliasQueue) -> str:
    return str(queue.query_one("#alias-title").render())


async def test_keys_work_while_the_search_is_still_running(pairs: Session, monkeypatch) -> None:
    gate = Gate(monkeypatch)
    async with pairs.app.run_test(size=(120, 40)) as pilot:
        queue, first = await open_queue(pairs, pilot)
        assert {first.a, first.b} == {"jake-sullivan", "j-sullivan"}
        assert queue.searching and gate.runs == ["held"]
        assert "still looking through 11 people" in str(queue.query_one("#alias-progress").render())
        await pilot.press("n")
        assert load_decisions(pairs.root).answer("jake-sullivan", "j-sullivan") == "different"
        assert queue.current is None and title(queue) == "Looking for people who may be one…"
        assert queue.searching and gate.runs == ["held"]   # answered before the search was through
        assert await gate.settled(pilot) == ["ended"]
        assert not queue.searching and not queue.query_one("#alias-progress").display
        assert (queue.current.a, queue.current.b) == ("daniel-kritenbrink", "kritenbrink")
        assert title(queue) == "Same person? (2 pairs left)"
        mentions = count_mentions(pairs.ws.annotations.values())["daniel-kritenbrink"]
        assert f"daniel-kritenbrink · {mentions} mentions" in str(queue.query_one("#alias-pair").render())


async def test_closing_the_queue_stops_its_search(pairs: Session, monkeypatch) -> None:
    gate = Gate(monkeypatch)
    async with pairs.app.run_test(size=(120, 40)) as pilot:
        await open_queue(pairs, pilot)
        await pilot.press("escape")
        assert not isinstance(pairs.app.screen, AliasQueue)
        assert await gate.settled(pilot) == ["stopped"]


async def test_a_merge_starts_the_search_again_on_the_new_people(pairs: Session, monkeypatch) -> None:
    gate = Gate(monkeypatch)
    async with pairs.app.run_test(size=(120, 40)) as pilot:
        queue, first = await open_queue(pairs, pilot)
        await pilot.press("y")   # J. Sullivan into Jake Sullivan, while the search is held
        assert "j-sullivan" not in pairs.people() and first.b == "j-sullivan"
        await pilot.pause()
        assert len(gate.runs) == 2 and queue.searching
        assert await gate.settled(pilot) == ["stopped", "ended"]   # the stale one went no further
        assert (queue.current.a, queue.current.b) == ("daniel-kritenbrink", "kritenbrink")
        assert title(queue) == "Same person? (2 pairs left)"
        await pilot.press("n", "n")
        assert title(queue) == "No more pairs to ask about"


async def test_an_answer_costs_no_pass_over_the_corpus(pairs: Session, monkeypatch) -> None:
    from tui.core import views
    from tui.core.models import Person as PersonClass

    formatted, rows = [], []
    monkeypatch.setattr(PersonClass, "__repr__", lambda self: formatted.append(self.id) or self.id)
    article_rows = views.article_rows
    monkeypatch.setattr(views, "article_rows", lambda ws: rows.append(1) or article_rows(ws))
    async with pairs.app.run_test(size=(120, 40)) as pilot:
        queue, _ = await open_queue(pairs, pilot)
        await pairs.app.workers.wait_for_complete()
        # Textual names a worker by the repr of its arguments unless told otherwise:
        # here the copies of every person and annotation (10 s at 10,000 articles)
        assert formatted == []
        await pilot.press("n")   # decisions.yaml alone changes: the article list stays as it is
        assert rows == [] and load_decisions(pairs.root).answers
        await pilot.press("y")   # a merge moves mentions: the rows are worked out again
        assert rows == [1]
