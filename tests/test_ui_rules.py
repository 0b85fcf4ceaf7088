"""Corrections become rules in the app: the offer after an edit, R to apply it to every open
article, the reader's "rule: …", and u taking it all back (Pilot, real files)."""

from __future__ import annotations

from edit_fixtures import Session, start

from tui.core.patterns import load_patterns

A0 = "000_340ba6ed93e242f0"


def _state_department(session: Session) -> dict[str, list[tuple]]:
    """Every "State Department" mention on disk, per article: (label, by, rule)."""
    return {aid: [(m.label, m.by, m.rule) for m in session.disk(aid).mentions if m.text == "State Department"]
            for aid in session.ws.annotations}


async def test_relabel_offers_a_rule_r_applies_it_everywhere_and_u_takes_it_back(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "State Department")
        await pilot.press("l", "f")                       # relabel to FAC: the analyst's own edit
        await pilot.pause()
        toasts = [n.message for n in session.app._notifications]
        assert any("“State Department” is FAC in every article? R applies it" in t for t in toasts)
        before = _state_department(session)
        others = sum(1 for aid, ms in before.items() for label, by, _ in ms if aid != A0 and label == "ORG")
        assert others >= 2

        await pilot.press("R")
        await session.app.workers.wait_for_complete()
        await pilot.pause()
        after = _state_department(session)
        assert all(m == ("FAC", "rule", "state-department-fac") for aid, ms in after.items() if aid != A0
                   for m in ms)
        assert after[A0][0] == ("FAC", "analyst", None)   # the analyst's edit stays theirs
        assert [r.id for r in load_patterns(session.root).rules] == ["state-department-fac"]
        # the details of a rule-made mention name the rule
        other = next(aid for aid, ms in after.items() if aid != A0 and ms)
        await session.focus(pilot, other, "State Department")
        assert "rule: state-department-fac" in str(session.app.query_one("#entity-card").render())
        assert session.app.query_one("#reader-pane").border_subtitle.endswith("· rule: state-department-fac")

        await pilot.press("u")                            # one undo: every article and the rule
        await pilot.pause()
        assert _state_department(session) == before
        assert load_patterns(session.root).rules == []
        await pilot.press("R")                            # the offer was taken: nothing more to apply
        await pilot.pause()
        assert "No rule on offer" in [n.message for n in session.app._notifications][-1]


async def test_a_broken_rules_file_is_shown_and_r_changes_nothing(session: Session) -> None:
    broken = "rules:\n- id: x\n  phrase: Beijing\n  lable: GPE\n"
    (session.root / "patterns.yaml").write_text(broken, encoding="utf-8")
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        assert any("patterns.yaml:4: rule: unknown key 'lable'" in str(p) for p in session.app.ws.problems)
        await session.focus(pilot, A0, "State Department")
        await pilot.press("l", "f")
        await pilot.pause()
        before = _state_department(session)
        await pilot.press("R")
        await session.app.workers.wait_for_complete()
        await pilot.pause()
        assert "not saved until the file is fixed" in [n.message for n in session.app._notifications][-1]
        assert _state_department(session) == before
        assert (session.root / "patterns.yaml").read_text(encoding="utf-8") == broken
