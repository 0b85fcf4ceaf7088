"""ctrl+e: the file behind what is on screen in $VISUAL / $EDITOR, at its line.

The article's YAML at the mention under the cursor; people.yaml or meetings.yaml at the
record when the side panel, with the focus, shows a person or a meeting. The app suspends
(Textual's App.suspend) while the editor runs; after it, the files are polled at once, so
the hand edit is merged, or shown as a conflict, as every change on disk is (tui/core/sync.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from textual.app import SuspendNotSupported


class ExternalEditorMixin:
    """The ctrl+e action of NewsdeskApp (see the module docstring)."""

    def _file_on_screen(self) -> tuple[Path, int] | None:
        """The file and line for what the analyst is looking at, or None (with a hint)."""
        from tui.core.editor import record_line
        from tui.core.store import AnnotationStore

        store = AnnotationStore(self.annotations_dir)
        page = self._side_page() if self._pane_of(self.focused) == "side" else None
        if page is not None and page[0] in ("person", "meeting"):
            path = store.people_path if page[0] == "person" else store.meetings_path
            section, match = ("people" if page[0] == "person" else "meetings"), {"id": page[1]}
        else:
            annotation = self.ws.annotations.get(self.article_id) if self.article_id else None
            if annotation is None:
                self.notify("This article has no annotation file yet: run newsdesk annotate.", timeout=3)
                return None
            path, section, match = store.article_path(self.article_id), "mentions", {}
            view = self._view()
            mentions = annotation.mentions
            index = view.cursor_mention
            if index is None:   # the first mention on screen
                index = next((i for i, m in enumerate(mentions) if m.start >= view.top_offset), None)
            if index is not None:
                m = mentions[index]
                match = {"start": m.start, "end": m.end, "label": m.label}
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            self.notify(f"{path}: {error.strerror or error}", severity="error", timeout=5)
            return None
        return path, record_line(text, section, match)

    def action_open_in_editor(self) -> None:
        from tui.core.editor import editor_command

        if self.ws is None:
            self.notify("Still loading the articles…", timeout=2)
            return
        found = self._file_on_screen()
        if found is None:
            return
        path, line = found
        command = editor_command(path, line, os.environ)
        try:
            with self.suspend():
                status = subprocess.run(command).returncode
        except SuspendNotSupported:
            self.notify(f"This terminal cannot hand over to an editor: open {path}:{line} yourself.", timeout=6)
            return
        except OSError as error:   # no such editor
            self.notify(f"{command[0]}: {error.strerror or error} (set $VISUAL or $EDITOR)", severity="error",
                        timeout=6)
            return
        if status:
            self.notify(f"{command[0]} exited with status {status}", severity="warning", timeout=4)
        self._poll_files()   # the hand edit merged (or a conflict shown) now, not at the next tick


__all__ = ["ExternalEditorMixin"]
