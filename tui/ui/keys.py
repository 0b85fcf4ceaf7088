"""Names for the key bindings, so that config.toml's [keys] table can rebind them
(Textual's keymap matches bindings by id): the action, with its arguments, as
"entity_next" for entity(1), "side_tab_person" for side_tab('person')."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from textual.binding import Binding, BindingType

WORDS = {"1": "next", "-1": "prev", "1000000000": "last", "-1000000000": "first"}


def binding_name(action: str) -> str:
    name, _, args = action.partition("(")
    parts = [a.strip().strip("'\"") for a in args.rstrip(")").split(",") if a.strip()]
    return "_".join([name.rpartition(".")[2], *(WORDS.get(p, p) for p in parts)])


def named(bindings: Iterable[BindingType]) -> list[BindingType]:
    """The bindings, each given its name as id where it has none."""
    return [dataclasses.replace(b, id=binding_name(b.action)) if isinstance(b, Binding) and b.id is None else b
            for b in bindings]
