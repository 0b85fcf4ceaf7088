"""Hand-reordered YAML updated in place with ruamel.yaml's round-trip loader.

roundtrip.preserve uses this only when an analyst moved keys by hand: it keeps their
order, comments and quoting, but costs seconds on a file with a thousand mentions.
Records in lists are matched by identity (people and meetings by id, mentions by span),
not by position, so a comment stays with its record when others are added before it.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError

# Fields that name a record in our lists: people and meetings by id, mentions by span.
_IDENTITY = (("id",), ("start", "end", "label"), ("start", "end"), ("people",), ("title", "article"))


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 1 << 30          # the store writes one flow mapping per line: never wrap it
    rt.indent(mapping=2, sequence=2, offset=0)
    rt.allow_unicode = True
    return rt


def ruamel_update(old_text: str, new_text: str) -> str | None:
    """new_text's content in old_text's document (order, comments, quoting); None when
    either text is not a YAML mapping."""
    rt = _yaml()
    try:
        old = rt.load(old_text)
        new = rt.load(new_text)
    except RuamelError:
        return None
    if not isinstance(old, CommentedMap) or not isinstance(new, CommentedMap):
        return None
    merged = _update(old, new)
    out = io.StringIO()
    try:
        rt.dump(merged, out)
    except RuamelError:
        return None
    return out.getvalue()


def _update(old: Any, new: Any) -> Any:
    """old changed in place to hold new's content; returns what to store in the parent."""
    if isinstance(old, CommentedMap) and isinstance(new, CommentedMap):
        for key in [k for k in old if k not in new]:
            del old[key]
        for position, key in enumerate(new):
            if key in old:
                old[key] = _update(old[key], new[key])
            else:
                old.insert(min(position, len(old)), key, new[key])
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, CommentedSeq):
        return _update_seq(old, new)
    if isinstance(old, (CommentedMap, CommentedSeq)) or isinstance(new, (CommentedMap, CommentedSeq)):
        return new
    return old if old == new and type(old) is type(new) or _same_scalar(old, new) else new


def _same_scalar(old: Any, new: Any) -> bool:
    """"2023" quoted by hand and 2023 plain mean the same to our reader: keep the hand's form."""
    return old is not None and new is not None and str(old) == str(new) and not isinstance(old, (bool, float))


def _update_seq(old: CommentedSeq, new: CommentedSeq) -> CommentedSeq:
    """The new list, reusing old items (and their comments) matched by identity."""
    keys = _identity_fields(new)
    by_key: dict[Any, list[int]] = {}
    for i, item in enumerate(old):
        by_key.setdefault(_identity(item, keys), []).append(i)
    used: set[int] = set()
    out = CommentedSeq()
    if old.fa.flow_style():   # flow or block, as the file had it
        out.fa.set_flow_style()
    if old.ca.comment:
        out.ca.comment = old.ca.comment
    for n, item in enumerate(new):
        candidates = [i for i in by_key.get(_identity(item, keys), []) if i not in used]
        if not candidates and n < len(old) and n not in used and keys is None:
            candidates = [n]   # a plain list (aliases): position is identity
        if candidates:
            i = candidates[0]
            used.add(i)
            out.append(_update(old[i], item))
            if i in old.ca.items:
                out.ca.items[n] = old.ca.items[i]
        else:
            out.append(item)
    return out


def _identity_fields(items: CommentedSeq) -> tuple[str, ...] | None:
    maps = [i for i in items if isinstance(i, CommentedMap)]
    if not maps:
        return None
    for fields in _IDENTITY:
        if all(all(f in m for f in fields) for m in maps):
            return fields
    return None


def _identity(item: Any, keys: tuple[str, ...] | None) -> Any:
    if keys is not None and isinstance(item, CommentedMap):
        return tuple(str(item.get(k)) for k in keys)
    if isinstance(item, (CommentedMap, CommentedSeq)):
        return id(item)
    return str(item)
