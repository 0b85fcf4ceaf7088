"""Hostile text cannot drive the terminal: escape sequences in a scraped article, a
YAML value or a file name are shown, one visible character for each control
character, and never reach the terminal: in the corpus, the CLI, and the real app
in tmux (the pane title and the screen stay as they were)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tui.core.annotate import annotate
from tui.core.corpus import read_article
from tui.core.store import AnnotationStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_340ba6ed93e242f0.txt"
NEWSDESK = Path(sys.executable).with_name("newsdesk")
# Set the window title twice (BEL and ST endings), clear the screen, write the clipboard
# (OSC 52), and an 8-bit CSI (U+009B) that some terminals also obey.
HOSTILE = ("He said \x1b]0;PWNED-TITLE\x07 and \x1b]2;PWNED2\x1b\\ then \x1b[2J\x1b[H cleared "
           "\x1b]52;c;aGVsbG8=\x07 clip \x9b31m red \x1b[31mRED")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_article(folder: Path) -> Path:
    """The seed with the hostile line as its third line."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines.insert(2, HOSTILE)
    path = folder / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_escapes_in_an_article_are_shown_one_for_one(tmp_path):
    path = hostile_article(tmp_path / "articles")
    raw = path.read_bytes()
    article, problems = read_article(path)
    assert problems == [] and article is not None
    assert not CONTROLS.search(article.text)
    decoded = raw.decode("utf-8")
    assert len(article.text) == len(decoded)   # every offset after the escapes is where it was
    assert article.text.index("cleared") == decoded.index("cleared")
    assert "␛]0;PWNED-TITLE␇" in article.text and "\ufffd31m red" in article.text
    assert article.sha256 == hashlib.sha256(raw).hexdigest()   # annotations stay current


def test_escapes_in_yaml_values_are_shown(tmp_path):
    root = tmp_path / "annotations"
    root.mkdir()
    (root / "people.yaml").write_text(
        'people:\n- id: x\n  name: "Eve \\e]0;PWNED\\a"\n  note: "\\e[2J\\x9b31m"\n', encoding="utf-8")
    people, problems = AnnotationStore(root).load_people()
    assert people["x"].name == "Eve ␛]0;PWNED␇"
    assert people["x"].note == "␛[2J\ufffd31m"


def test_the_cli_prints_no_escape(tmp_path):
    articles = tmp_path / "articles"
    hostile_article(articles)
    (articles / "\x1b]0;PWNED\x07.txt").write_text("Talks in Beijing.\n")   # refused by name
    (tmp_path / "annotations").mkdir()
    for command, flags in ((["search", "cleared"], ["--kind", "text"]),
                           (["search", "cleared"], ["--kind", "text", "--json"]), (["export"], [])):
        done = subprocess.run([NEWSDESK, *command, articles, "--annotations", tmp_path / "annotations", *flags],
                              capture_output=True, timeout=120)
        assert b"Traceback" not in done.stderr, done.stderr
        for stream in (done.stdout, done.stderr):
            assert not CONTROLS.search(stream.decode("utf-8").replace("\r", "")), (command, stream)
        assert "␛]0;PWNED␇.txt: " in done.stderr.decode("utf-8"), done.stderr


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("where", ["text", "file name"])
def test_the_app_in_a_real_terminal_keeps_its_title_and_screen(tmp_path, blank_nlp, where):
    articles, annotations = tmp_path / "articles", tmp_path / "annotations"
    if where == "text":
        hostile_article(articles)
    else:   # the first frame lists file names before any file is read
        articles.mkdir()
        shutil.copy(SEED, articles)
        (articles / "\x1b]0;PWNED-NAME\x07\x1b[2Jx.txt").write_text("Talks in Beijing.\n")
    annotate(articles, annotations, model=blank_nlp)
    name = f"newsdesk-hostile-{uuid.uuid4().hex[:8]}"
    # The pane gets a known title first; the app must leave it so. COLUMNS and LINES
    # are unset as in test_ui_terminal.py (the test run exports 80x24).
    command = (f"printf '\\033]2;before\\033\\\\'; exec env -u COLUMNS -u LINES XDG_CACHE_HOME={tmp_path / 'cache'} "
               f"XDG_CONFIG_HOME={tmp_path / 'config'} XDG_STATE_HOME={tmp_path / 'state'} "
               f"{NEWSDESK} {articles} --annotations {annotations}")
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    expected = "He said ␛]0;PWNED-TITLE␇" if where == "text" else "US and Chinese officials"
    try:
        deadline, screen = time.monotonic() + 30, ""
        while time.monotonic() < deadline and expected not in screen:
            time.sleep(0.3)
            screen = tmux("capture-pane", "-p", "-t", name)
        time.sleep(1)   # a few more frames: anything an escape did has happened by now
        screen = tmux("capture-pane", "-p", "-t", name)
        assert tmux("display", "-p", "-t", name, "#{pane_title}").strip() == "before"
        # Not cleared: the list, the reader's headline and the line around the escapes are all there.
        assert "Articles 1" in screen and expected in screen, screen
        assert "US and Chinese officials" in screen, screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
