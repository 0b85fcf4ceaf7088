"""The hand-made seed annotations (ui_fixtures) on real files, opened by the real open_workspace."""

from __future__ import annotations

from pathlib import Path

from ui_fixtures import SEEDS, seed_workspace


def saved_workspace(root: Path):
    """The seed workspace with every file saved under root (store included)."""
    return seed_workspace(SEEDS, root)
