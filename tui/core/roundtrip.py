"""Keep an analyst's comments, key order and layout when the app rewrites a YAML file.

The store renders each file afresh (yaml_io.render); `preserve(old, new)` carries the
old file's comments over to that new text:

- When the keys are in the store's order (the usual case), comments move line by line
  (fast, linear): a comment line goes before the line it stood before, a trailing comment
  onto its line, each line known by where it sits (`meta/title`, the mention at
  `mentions/120-131`, the person `people/id=wang-yi/name`). Comments of a record that
  was deleted go with it.
- When an analyst reordered keys by hand, ruamel.yaml's round-trip loader updates the
  old document in place instead (records matched by identity), keeping order, comments
  and quoting. It is slow on big files (seconds for a thousand mentions), so it is only
  used then.

Whatever preserve returns is checked to read back (PyYAML, the fast loader) as exactly
the new content; if it does not, or the old text is not valid YAML, the fresh text is
used: a comment may be lost then, a correction never.
"""

from __future__ import annotations

import re

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def preserve(old_text: str | None, new_text: str) -> str:
    """new_text's content with old_text's comments (and hand key order; see above)."""
    if not old_text or old_text == new_text:
        return new_text
    same_order = _same_order(old_text, new_text)
    if same_order:
        if "#" not in _without_header(old_text, new_text):
            return new_text
        text = transplant_comments(old_text, new_text)
        if _reads_as(text, new_text):
            return text
    from tui.core.ruamel_update import ruamel_update  # slow to import and to run: only here

    updated = ruamel_update(old_text, new_text)
    if updated is not None:
        updated = _keep_header(updated, new_text)
    return updated if updated is not None and _reads_as(updated, new_text) else new_text


def _reads_as(text: str, new_text: str) -> bool:
    try:
        return yaml.load(text, Loader=_LOADER) == yaml.load(new_text, Loader=_LOADER)
    except yaml.YAMLError:
        return False


# --- comments moved line by line -----------------------------------------------------

_KEY = re.compile(r"([^\s#'\"{\[][^:#]*?):(?:\s|$)")
_SPAN = re.compile(r"\bstart: (\d+), end: (\d+)")
_ID = re.compile(r"^id: (.+)$")
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*$")


def transplant_comments(old_text: str, new_text: str) -> str:
    """new_text with old_text's comment lines and trailing comments placed by line identity."""
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    new_ids = _identities(new_lines)
    new_comments = {line.strip() for line in new_lines if line.lstrip().startswith("#")}
    before: dict[str, list[str]] = {}
    trailing: dict[str, str] = {}
    pending: list[str] = []
    for line, ident in zip(old_lines, _identities(old_lines)):
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and pending):
            if stripped not in new_comments:
                pending.append(line)
            continue
        if ident is None:
            continue
        if pending:
            before.setdefault(ident, []).extend(pending)
            pending = []
        comment = _split_comment(line)[1]
        if comment:
            trailing[ident] = comment
    out: list[str] = []
    for line, ident in zip(new_lines, new_ids):
        if ident is not None:
            out.extend(before.pop(ident, []))
            if ident in trailing and _split_comment(line)[1] is None:
                line = f"{line}  {trailing[ident]}"
        out.append(line)
    out.extend(pending)   # comments at the end of the file
    return "\n".join(out) + "\n"


def _identities(lines: list[str]) -> list[str | None]:
    """Each line's place in the document ("meta/title", "mentions/120-131"), None for
    comments, blank lines and the inside of block scalars."""
    stack: list[tuple[int, str, bool]] = []   # (indent, name, is a list item)
    out: list[str | None] = []
    scalar_indent: int | None = None
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if scalar_indent is not None:
            if stripped and indent <= scalar_indent:
                scalar_indent = None
            else:
                out.append(None)
                continue
        if not stripped or stripped.startswith("#"):
            out.append(None)
            continue
        code = _split_comment(stripped)[0]
        if code.startswith("- ") or code == "-":
            while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and stack[-1][2])):
                stack.pop()
            body = code[2:]
            stack.append((indent, _item_name(body), True))
            ident = "/".join(name for _, name, _ in stack)
            if (key := _KEY.match(body)) is not None:
                stack.append((indent + 2, key.group(1), False))
        elif (key := _KEY.match(code)) is not None:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, key.group(1), False))
            ident = "/".join(name for _, name, _ in stack)
        else:
            ident = None
        if _BLOCK_SCALAR.search(code):
            scalar_indent = indent
        out.append(ident)
    return out


def _item_name(body: str) -> str:
    if span := _SPAN.search(body):
        return f"{span.group(1)}-{span.group(2)}"
    if ident := _ID.match(body):
        return f"id={ident.group(1).strip()}"
    return body


def _split_comment(line: str) -> tuple[str, str | None]:
    """(code, "# comment") of a line; a # inside quotes is not a comment."""
    quote: str | None = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote == "'":
            if ch == "'" and line[i + 1:i + 2] == "'":
                i += 1
            elif ch == "'":
                quote = None
        elif quote == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " [{,:"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i:]
        i += 1
    return line, None


def _without_header(text: str, new_text: str) -> str:
    """text without its first line when that is the header the store writes anyway."""
    first, _, rest = text.partition("\n")
    return rest if first.startswith("#") and first == new_text.partition("\n")[0] else text


def _same_order(old_text: str, new_text: str) -> bool:
    """True when the lines both texts share come in the same order: no key was moved
    by hand (a line scan, no YAML parse: this runs on every save)."""
    old_ids = [i for i in _identities(old_text.splitlines()) if i]
    new_ids = [i for i in _identities(new_text.splitlines()) if i]
    common = set(old_ids) & set(new_ids)
    return [i for i in old_ids if i in common] == [i for i in new_ids if i in common]


def _keep_header(text: str, new_text: str) -> str:
    """The store's first-line header comment, when the old file had none."""
    header = new_text.split("\n", 1)[0]
    if header.startswith("#") and not text.startswith("#"):
        return f"{header}\n{text}"
    return text
