"""Corrections become rules, in the app: the offer after an edit and the key that takes it.

After a relabel, reject, add or link, a toast offers the corpus-wide rule it suggests
(tui.core.patterns.offer); editing goes on as before. `R` takes the offer: the rule goes
into annotations/patterns.yaml and is applied at once to every open article, as one edit
that `u` undoes (tui.core.rule_match.rule_edit). The matching needs spaCy's tokenizer,
so the edit is built in a thread and only made on the event loop.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.binding import Binding, BindingType

RULE_BINDINGS: list[BindingType] = [
    Binding("R", "apply_rule", "Rule", tooltip="Make the rule offered after a relabel, reject, add or link, "
                                               "and apply it to every open article now (u undoes)", show=False),
]


class RulesMixin:
    """For NewsdeskApp, beside EditingMixin (whose _run_edit calls offer_rule)."""

    ws: Any
    sync: Any
    annotations_dir: Any
    _rule_offer: Any = None    # the rule the last edit suggested, until R takes it or another edit comes
    _patterns: Any = None      # patterns.Patterns of annotations_dir, read when first needed

    def _patterns_now(self) -> Any:
        """The rules, read once a session (save_patterns merges later hand edits); their
        problems are listed under `!`, and Sync saves them."""
        from tui.core.patterns import load_patterns

        if self._patterns is None or self._patterns.path.parent != self.annotations_dir:
            self._patterns = load_patterns(self.annotations_dir)
        self.ws.problems.extend([p for p in self._patterns.problems if p not in self.ws.problems])
        if self.sync is not None:
            self.sync.patterns = self._patterns
        return self._patterns

    def offer_rule(self, edit: Any) -> None:
        """After an edit: offer its rule, in a toast that never stands in the way."""
        from tui.core.patterns import offer

        self._rule_offer = rule = offer(edit, self._patterns_now())
        if rule is not None:
            person = self.ws.people.get(rule.person) if rule.person else None
            self.notify(f"{rule.describe(person.name if person else None)} in every article? "
                        "R applies it to all open articles now", title="Make it a rule", timeout=8)

    def action_apply_rule(self) -> None:
        if blocked := self._editing_blocked():
            self.notify(blocked, severity="warning", timeout=3)
            return
        rule, self._rule_offer = self._rule_offer, None
        if rule is None:
            self.notify("No rule on offer: relabel, reject, add or link an entity first.", timeout=3)
            return
        self.notify(f"Applying {rule.describe()} to every open article…", timeout=2)
        self._build_rule_edit(rule, self._patterns_now())

    @work(thread=True, exclusive=True, exit_on_error=False, group="rules", description="apply a rule")
    def _build_rule_edit(self, rule: Any, patterns: Any) -> None:
        from tui.core.rule_match import rule_edit

        try:
            edit = rule_edit(self.ws, patterns, rule)
        except Exception as error:  # noqa: BLE001 - say why, never a traceback
            self.call_from_thread(self.notify, f"Rule not applied: {type(error).__name__}: {error}",
                                  severity="error", timeout=8)
            return
        self.call_from_thread(self._run_edit, lambda: edit)
