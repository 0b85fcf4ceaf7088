"""The analyst's settings and last place for NewsdeskApp (tui/core/config.py, last_place.py).

Read when the app is made, so that the first frame already has the theme, sort, hidden
labels, chrome mode and keys; what is wrong in the file is said after that frame, as
`config.toml:LINE: what is wrong`. A setting changed in the app is written back a moment
later (one write for a burst of keys), and on quitting; so is the place in this corpus,
which the next start opens.
"""

from __future__ import annotations

import os
from typing import Any

from tui.core.config import Config, config_path, load_config, state_path
from tui.core.last_place import load_place

SAVE_DELAY = 0.5   # seconds: a burst of label keys is one write


class SettingsMixin:
    """Settings of NewsdeskApp (see the module docstring)."""

    config: Config = Config()
    _settings_timer: Any = None
    _place_restored = False
    _settings_live = False   # set after the first frame: changes from then on are the analyst's
    _last_place: Any = None   # tui.core.last_place.LastPlace of this corpus, from the last session

    def load_settings(self) -> None:
        """Apply config.toml: call in __init__, before the first frame."""
        self.config_file = config_path(os.environ)
        self.config, _ = load_config(self.config_file)   # what is wrong is said after the first frame
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.sort_key = self.config.sort
        self.hidden_labels = self.config.hidden_labels
        self.chrome_hidden = self.config.chrome == "hidden"
        self._last_place = load_place(state_path(os.environ), self.articles_dir)
        self.key_overrides = dict(self.config.keys)
        if self.key_overrides:
            self.set_keymap(self.key_overrides)

    def report_settings(self) -> None:
        """After the first frame: say what is wrong in config.toml, with its line."""
        self._settings_live = True
        if not self.config_file.exists():
            return
        names: set[str] = set()
        if self.config.keys:   # the bindings' names, from every set of keys the help lists
            from textual.binding import Binding

            from tui.ui.screens.help import sections

            names = {b.id for _, bindings in sections() for b in bindings if isinstance(b, Binding) and b.id}
        _, problems = load_config(self.config_file, set(self.available_themes), names)
        for problem in problems:
            self.notify(str(problem), title="Settings", severity="warning", timeout=10, markup=False)

    def settings_changed(self) -> None:
        """A setting changed in the app: written to config.toml in a moment."""
        if self._settings_timer is not None:
            self._settings_timer.stop()
        self._settings_timer = self.set_timer(SAVE_DELAY, self.save_settings)

    def watch_theme(self) -> None:
        if self._settings_live:   # not the theme config.toml gave before the first frame
            self.settings_changed()

    def save_settings(self) -> None:
        from tui.core.config import save_settings as write_settings

        self._settings_timer = None
        settings = {"theme": self.theme, "sort": self.sort_key, "hidden_labels": sorted(self.hidden_labels),
                    "chrome": "hidden" if self.chrome_hidden else "dimmed"}
        if settings == {"theme": self.config.theme or self.theme, "sort": self.config.sort,
                        "hidden_labels": sorted(self.config.hidden_labels), "chrome": self.config.chrome}:
            return
        try:
            write_settings(self.config_file, settings)
        except (OSError, ValueError) as error:
            self.notify(f"Settings not saved: {error}", severity="warning", timeout=6, markup=False)
            return
        self.config = Config(settings["theme"], settings["sort"], frozenset(settings["hidden_labels"]),
                             settings["chrome"], self.config.keys)

    # --- the last place in this corpus ------------------------------------------------
    def remembered_article(self) -> str | None:
        """The article left open in this corpus last time, if any."""
        return self._last_place.article if self._last_place else None

    def restore_place(self) -> None:
        """Once the workspace and the side panel are in (the panel's arrival draws the
        article again): the scroll and cursor of last time, once."""
        from tui.ui.history import Place

        last = self._last_place
        if self._place_restored or self.ws is None or self._side() is None:
            return
        self._place_restored = True
        if last is not None and last.article in self.ws.articles:
            self._restore(Place(last.article, last.spot, None, last.top))

    def save_place(self) -> None:
        from tui.core.last_place import LastPlace, save_place

        if self.article_id is None or self.ws is None:
            return
        place = self.place()
        try:
            save_place(state_path(os.environ), self.articles_dir,
                       LastPlace(self.article_id, place.top or 0, place.spot))
        except OSError:   # a read-only home: the place is a convenience, quitting must not fail
            pass

    def exit(self, *args: Any, **kwargs: Any) -> None:
        if self._settings_timer is not None:
            self._settings_timer.stop()
            self.save_settings()
        self.save_place()
        super().exit(*args, **kwargs)
