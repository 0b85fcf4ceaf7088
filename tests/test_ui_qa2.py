"""Second newcomer QA run, driven through Pilot: label colours in a 256-colour terminal,
the side panel's grouping and date columns, the person page's empty state, the footer
at 80 columns and the add-meeting form with one named participant."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import ColorSystem
from test_ui_editing import Session, start
from textual.color import Color

from tui.core.models import EXTRACTED_LABELS
from tui.ui.widgets._lines import component_style
from tui.ui.widgets.article_view import ArticleView, label_class


@pytest.fixture(autouse=True)
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return Session(tmp_path / "annotations")


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    def luminance(c: Color) -> float:
        def channel(v: int) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
async def test_labels_keep_distinct_readable_colours_in_256_colours(session: Session, theme: str) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.theme = theme
        await pilot.pause()
        view = session.app.query_one(ArticleView)
        base = view.get_visual_style()
        names = [*(label_class(label) for label in EXTRACTED_LABELS), "article-view--mark", "article-view--cursor"]
        seen = {}
        for name in names:
            style = base + component_style(view, name, base)
            assert contrast(style.foreground, style.background) >= 4.5, (theme, name)
            seen[name] = style.rich_style.bgcolor.downgrade(ColorSystem.EIGHT_BIT).number
        assert len(set(seen.values())) == len(names), seen
        # and none of them is the reader's own background
        assert base.rich_style.bgcolor.downgrade(ColorSystem.EIGHT_BIT).number not in seen.values()
