"""The hand-made seed annotations (ui_fixtures) on real files, opened by the real open_workspace."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ui_fixtures import SEEDS, seed_workspace

from tui.core.store import AnnotationStore
from tui.ui.app import NewsdeskApp
from tui.ui.history import Place
from tui.ui.widgets.article_view import ArticleView


def saved_workspace(root: Path):
    """The seed workspace with every file saved under root (store included)."""
    return seed_workspace(SEEDS, root)


class Session:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.ws = saved_workspace(root)
        self.app = NewsdeskApp(SEEDS, root, annotate=False, loader=lambda a, b: self.ws)

    def disk(self, aid: str):
        return AnnotationStore(self.root).load_annotation(aid, self.ws.articles[aid])[0]

    def people(self):
        return AnnotationStore(self.root).load_people()[0]

    def meetings(self):
        return AnnotationStore(self.root).load_meetings()[0]

    def index(self, aid: str, text: str, nth: int = 0) -> int:
        return [i for i, m in enumerate(self.ws.annotations[aid].mentions) if m.text == text][nth]

    async def focus(self, pilot, aid: str, text: str, nth: int = 0) -> int:
        """Put the reader's cursor on a mention; its index."""
        m = self.ws.annotations[aid].mentions[self.index(aid, text, nth)]
        self.app.go(Place(aid, (m.start, m.end)))
        self.app.action_focus_pane("reader")
        await pilot.pause()
        view = self.app.query_one(ArticleView)
        assert view.cursor_mention == self.index(aid, text, nth)
        return view.cursor_mention


async def start(session: Session, pilot) -> None:
    """Wait for the workspace and for the side panel, which mounts after it (and redraws)."""
    await session.app.workers.wait_for_complete()
    for _ in range(50):
        await pilot.pause()
        if session.app.ws is not None and getattr(session.app, "_side_panel", True) is not None:
            break
    await pilot.pause()


async def ready(app: NewsdeskApp, pilot) -> None:
    """Wait until the workspace is loaded and the side panel is up (both come after the first frame)."""
    for _ in range(200):
        if app.ws is not None and app._side() is not None:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def problems_screen_text(app: NewsdeskApp, pilot) -> str:
    """Press ! and return the text of the problems screen, one problem or warning a line."""
    from tui.ui.screens.problems import ProblemsScreen

    await pilot.press("exclamation_mark")
    assert isinstance(app.screen, ProblemsScreen)
    return app.screen.query_one("#problems-box").query("Static").first().render().plain


def hold_lock_and_save(annotations: Path, article_id: str, note: str, seconds: float) -> subprocess.Popen:
    """Another process that takes the annotations folder lock, reads one article's file,
    holds the lock for `seconds`, then saves it with `note`: as `newsdesk annotate` or a
    second app does. Returns once the lock is held."""
    script = f"""
import sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
from pathlib import Path
from tui.core.store import AnnotationStore
store = AnnotationStore(Path(sys.argv[1]))
with store.lock():
    annotation, _ = store.load_annotation({article_id!r})
    print("held", flush=True)
    time.sleep({seconds!r})
    annotation.note = {note!r}
    store.save_annotation(annotation)
"""
    child = subprocess.Popen([sys.executable, "-c", script, str(annotations)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "held"
    return child
