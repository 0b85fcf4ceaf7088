"""The analyst's settings file: $XDG_CONFIG_HOME/newsdesk/config.toml (docs/config.md).

Read with tomllib; every setting is checked, and a wrong one is reported as
`config.toml:LINE: what is wrong` and replaced by its default, so a typo never stops
the app. Settings changed in the app are written back with tomlkit, which keeps the
analyst's comments, order and layout, through the atomic write the annotation files use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui.core.files import NotRegularFile, read_regular
from tui.core.labels import EXTRACTED_LABELS
from tui.core.views import SORT_KEYS

if TYPE_CHECKING:
    from tui.core.models import Problem

CHROME_MODES = ("dimmed", "hidden")
MAX_BYTES = 1 << 20


class Config(NamedTuple):   # a NamedTuple, not a dataclass: read before the first frame, it costs less
    theme: str | None = None           # None: Textual's default
    sort: str = "date"
    hidden_labels: frozenset[str] = frozenset()
    chrome: str = "dimmed"
    keys: Mapping[str, str] = {}   # binding name -> keys ("ctrl+s" or "a,b"); never changed in place


def _base(env: Mapping[str, str], name: str, default: str) -> Path:
    """An XDG base folder: the variable when it is an absolute path (the spec ignores a
    relative one), else the default under the home folder."""
    value = env.get(name, "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / default


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    return _base(env, "XDG_CONFIG_HOME", ".config") / "newsdesk" / "config.toml"


def state_path(env: Mapping[str, str] = os.environ) -> Path:
    return _base(env, "XDG_STATE_HOME", ".local/state") / "newsdesk" / "state.json"


def load_config(path: Path, themes: Collection[str] | None = None,
                bindings: Collection[str] | None = None) -> tuple[Config, list[Problem]]:
    """The settings in path (the defaults where there is no file), and what is wrong in it.
    themes and bindings are the names the app knows (None: not checked)."""
    # Imported here: the app reads this file before its first frame, most often to find none.
    import tomllib

    from tui.core.models import Problem

    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return Config(), []
    except NotRegularFile as error:
        return Config(), [Problem(str(path), None, f"{error}; using the defaults")]
    except OSError as error:
        return Config(), [Problem(str(path), None, f"cannot be read: {error.strerror or error}; using the defaults")]
    if len(raw) > MAX_BYTES:
        return Config(), [Problem(str(path), None, "over 1 MB, not a settings file; using the defaults")]
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        return Config(), [Problem(str(path), None, "not UTF-8 text; using the defaults")]
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"at line (\d+)", str(error))
        return Config(), [Problem(str(path), int(where.group(1)) if where else None,
                                  f"not valid TOML ({str(error).split(' (at')[0]}); using the defaults")]
    return _checked(data, text, str(path), themes, bindings)


def _checked(data: dict, text: str, path: str, themes: Collection[str] | None,
             bindings: Collection[str] | None) -> tuple[Config, list[Problem]]:
    from tui.core.models import Problem

    problems: list[Problem] = []

    def wrong(key: str, message: str, table: str = "") -> None:
        problems.append(Problem(path, _line_of(text, table, key), message))

    values: dict = {}
    theme = data.get("theme")
    if theme is not None:
        if not isinstance(theme, str) or (themes is not None and theme not in themes):
            known = f" (one of: {', '.join(sorted(themes))})" if themes else ""
            wrong("theme", f"theme: no theme {theme!r}{known}; using the default")
        else:
            values["theme"] = theme
    if "sort" in data:
        if data["sort"] in SORT_KEYS:
            values["sort"] = data["sort"]
        else:
            wrong("sort", f"sort: {data['sort']!r} is not one of {', '.join(SORT_KEYS)}; using date")
    if "hidden_labels" in data:
        labels = data["hidden_labels"]
        if not isinstance(labels, list):
            wrong("hidden_labels", "hidden_labels: a list of labels, as [\"DATE\", \"NORP\"]; showing all")
        else:
            unknown = [label for label in labels if label not in EXTRACTED_LABELS]
            if unknown:
                wrong("hidden_labels", f"hidden_labels: no label {', '.join(map(repr, unknown))} "
                                       f"(one of: {', '.join(EXTRACTED_LABELS)}); left out")
            values["hidden_labels"] = frozenset(label for label in labels if label in EXTRACTED_LABELS)
    if "chrome" in data:
        if data["chrome"] in CHROME_MODES:
            values["chrome"] = data["chrome"]
        else:
            wrong("chrome", f"chrome: {data['chrome']!r} is not one of {', '.join(CHROME_MODES)}; using dimmed")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        wrong("keys", "keys: a table, [keys], of name = \"key\"; no keys changed")
        keys = {}
    values["keys"] = {}
    for name, key in keys.items():
        if bindings is not None and name not in bindings:
            wrong(name, f"keys.{name}: no such key binding (the names are in docs/config.md); ignored", "keys")
        elif not isinstance(key, str) or not key.strip() or any(not part.strip() for part in key.split(",")):
            wrong(name, f"keys.{name}: a key such as \"ctrl+s\", or several as \"f3,ctrl+g\"; ignored", "keys")
        else:
            values["keys"][name] = ",".join(part.strip() for part in key.split(","))
    for name in data.keys() - {"theme", "sort", "hidden_labels", "chrome", "keys"}:
        wrong(name, f"{name}: not a newsdesk setting (see docs/config.md); ignored")
    return Config(**values), sorted(problems, key=lambda p: p.line or 0)


_TABLE = re.compile(r"\s*\[\s*([^\]]+?)\s*\]")


def _line_of(text: str, table: str, key: str) -> int | None:
    """The line where key is set in table ("" for the top level), for a message."""
    current = ""
    setting = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        if (header := _TABLE.match(line)) and not line.lstrip().startswith("[["):
            current = header.group(1).strip("\"'")
        elif current == table and setting.match(line):
            return number
    return None


def save_settings(path: Path, settings: Mapping[str, object]) -> None:
    """Write these settings into the file, keeping everything else in it as it was
    (comments, order, [keys]). A file that is not valid TOML is left alone: ValueError."""
    import tomlkit

    from tui.core.yaml_io import write_atomic

    try:
        text = read_regular(path, MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        text = "# newsdesk settings: docs/config.md. The app writes theme, sort, hidden_labels and chrome.\n"
    except (NotRegularFile, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: {error}, so not changed") from None
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ValueError(f"{path}: not valid TOML, so not changed: {error}") from None
    for name, value in settings.items():
        if value is None:
            document.pop(name, None)
        elif document.get(name) != value:
            document[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
