"""The installed `newsdesk` command in a real terminal (tmux), and what a start imports.

These run the real thing end to end: the console script, the real workspace and,
for a fresh folder, the real background annotation with the spaCy model.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from tui.core.annotate import annotate

NEWSDESK = Path(sys.executable).with_name("newsdesk")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Tmux:
    def __init__(self, command: list[str], width: int, height: int, env: dict[str, str]) -> None:
        self.name = f"newsdesk-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        # The test run exports COLUMNS=80 and LINES=24 (a pytest plugin does), and
        # shutil.get_terminal_size, which Textual asks, believes them over the pane.
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                        f"env -u COLUMNS -u LINES {exports} {' '.join(map(str, command))}"], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def wait_until(self, ok, what: str, timeout: float = 30) -> str:
        """The screen once ok(screen) is true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if ok(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} never happened; the screen was:\n{self.screen()}")

    def wait_for(self, *texts: str, timeout: float = 30) -> str:
        """The screen once one of the texts is on it."""
        return self.wait_until(lambda screen: any(t in screen for t in texts), f"any of {texts!r}", timeout)

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    sessions: list[Tmux] = []

    def start(*args: object, width: int = 120, height: int = 40) -> Tmux:
        session = Tmux([NEWSDESK, *args], width, height,
                       {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                        "XDG_STATE_HOME": str(tmp_path / "state"), "COLORTERM": "truecolor"})
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.kill()


@pytest.mark.model
def test_fresh_folder_opens_at_once_and_annotates_in_the_background(seed_copy, terminal):
    term = terminal(seed_copy.articles, "--annotations", seed_copy.annotations)
    term.wait_for("Articles 5", timeout=20)
    term.wait_for("annotating in the background", timeout=30)  # the status line, with a progress bar
    # Once annotated the workspace reloads: the status counts what the model found, the
    # list marks unreviewed output, the side panel lists the article's people.
    # One frame may be half drawn while the reload repaints: wait for all three together.
    term.wait_until(lambda screen: all(t in screen for t in ("to review: ", "●", "People (")),
                    "the reloaded workspace on screen", timeout=180)
    assert len(list((seed_copy.annotations / "articles").glob("*.yaml"))) == 5


def test_keys_move_through_articles_and_entities(seed_copy, blank_nlp, terminal):
    annotate(seed_copy.articles, seed_copy.annotations, model=blank_nlp)
    term = terminal(seed_copy.articles, "--annotations", seed_copy.annotations)
    term.wait_for("to review: ", timeout=30)
    term.keys("g", "Enter")
    term.wait_for("Reader · ")
    term.keys("n")
    # The reader's bottom edge names the entity under the cursor.
    screen = term.wait_for("─ PERSON ", "─ GPE ", "─ ORG ")
    def reader_title(screen: str) -> str:
        return next(line for line in screen.splitlines() if "Reader · " in line)

    title = reader_title(screen)
    term.keys("]")
    term.wait_until(lambda s: reader_title(s) != title, "] opening the next article")
    term.keys("?")
    help_screen = term.wait_for("newsdesk keys")
    assert "Previous article in the list" in help_screen and "Back to where you were" in help_screen
    term.keys("Escape")
    time.sleep(0.3)
    assert "newsdesk keys" not in term.screen()


def test_a_normal_start_does_not_import_spacy(seed_copy, blank_nlp, tmp_path):
    annotate(seed_copy.articles, seed_copy.annotations, model=blank_nlp)  # up to date: nothing to annotate
    probe = tmp_path / "probe.py"
    probe.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tui.ui.app import NewsdeskApp

        class Probe(NewsdeskApp):
            def on_mount(self):
                self.call_after_refresh(lambda: print("first", "spacy" in sys.modules, flush=True))

            def on_workspace_loaded(self, message):
                self.set_timer(0.5, self.done)

            def done(self):
                print("loaded", "spacy" in sys.modules, len(self.ws.annotations), flush=True)
                self.exit()

        Probe(Path({str(seed_copy.articles)!r}), Path({str(seed_copy.annotations)!r})).run(headless=True)
    """))
    done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=120,
                          env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                               "XDG_STATE_HOME": str(tmp_path / "state"), "PATH": "/usr/bin:/bin"})
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.startswith(("first", "loaded")))
    assert lines.get("first") == "False", done.stdout + done.stderr
    assert lines.get("loaded") == "False 5", done.stdout + done.stderr
