"""Where the analyst was in each corpus, to open there next time: the article, the text at
the top of the reader and the span under the cursor. One JSON file under
$XDG_STATE_HOME/newsdesk/ (tui.core.config.state_path), keyed by the resolved articles
folder; a damaged file is ignored, since it holds nothing but convenience."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tui.core.files import NotRegularFile, read_regular

MAX_CORPORA = 100   # the least recently left are forgotten
MAX_BYTES = 1 << 20


class LastPlace(NamedTuple):
    article: str
    top: int                          # the character offset at the top of the reader
    spot: tuple[int, int] | None      # the span under the cursor


def _read(path: Path) -> dict:
    try:
        raw = read_regular(path, MAX_BYTES)
    except (OSError, NotRegularFile):   # missing, unreadable, a folder: nothing remembered
        return {}
    import json  # here: the app asks before its first frame, and most often there is no file

    try:
        data = json.loads(raw)
    except ValueError:   # not JSON (or not UTF-8): nothing remembered
        return {}
    return data if isinstance(data, dict) else {}


def load_place(path: Path, articles_dir: Path) -> LastPlace | None:
    entry = _read(path).get(str(articles_dir.resolve()))
    if entry is None:
        return None
    try:
        spot = entry.get("spot")
        return LastPlace(str(entry["article"]), int(entry.get("top", 0)),
                         (int(spot[0]), int(spot[1])) if spot else None)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return None


def save_place(path: Path, articles_dir: Path, place: LastPlace) -> None:
    import json

    from tui.core.yaml_io import write_atomic

    data = _read(path)
    key = str(articles_dir.resolve())
    data.pop(key, None)   # to the end: the most recent last
    data[key] = {"article": place.article, "top": place.top, "spot": list(place.spot) if place.spot else None}
    for old in list(data)[:-MAX_CORPORA]:
        del data[old]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
