"""Opening an annotation file in the analyst's own editor: which command, at which line."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

import yaml


def editor_command(path: Path, line: int, env: Mapping[str, str]) -> list[str]:
    """$VISUAL, else $EDITOR, else vi, with its own arguments, then +LINE and the file
    (the form vi, vim, nvim, nano, emacs, micro and kakoune all take)."""
    editor = env.get("VISUAL", "").strip() or env.get("EDITOR", "").strip() or "vi"
    return [*shlex.split(editor), f"+{line}", str(path)]


def record_line(text: str, section: str, match: Mapping[str, object]) -> int:
    """The 1-based line of the first item of the top-level list `section` whose scalar
    fields equal those of match ({"start": 12, "end": 20}, {"id": "wang-yi"}); the line of
    the section itself when no item matches, and 1 when there is none or the file does not parse."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1
    if not isinstance(root, yaml.MappingNode):
        return 1
    for key, value in root.value:
        if key.value != section or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            if not isinstance(item, yaml.MappingNode):
                continue
            fields = {k.value: v.value for k, v in item.value if isinstance(v, yaml.ScalarNode)}
            if all(fields.get(name) == str(want) for name, want in match.items()):
                return item.start_mark.line + 1
        return key.start_mark.line + 1
    return 1
