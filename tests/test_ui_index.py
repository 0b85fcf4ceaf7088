"""The real app on real files, started through the derived index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from edit_fixtures import ready

from tui.core.index import index_file
from tui.core.store import AnnotationStore
from tui.core.workspace import open_workspace
from tui.ui.app import NewsdeskApp

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    articles, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(ROOT / "seeds", articles)
    shutil.copytree(ROOT / "annotations", annotations, ignore=shutil.ignore_patterns(".newsdesk"))
    return articles, annotations


async def run_once(articles: Path, annotations: Path) -> tuple[object, list[str]]:
    """Start the app, wait until it is ready; its workspace and the notifications it showed."""
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        notes = [n.message for n in app._notifications]
        ws = app.ws
    ws.index.close()   # as the end of the process would
    return ws, notes


def assert_same_as_files(ws, articles: Path, annotations: Path) -> None:
    ref = open_workspace(articles, annotations)
    assert (ws.articles, ws.annotations, ws.people, ws.meetings) == \
           (ref.articles, ref.annotations, ref.people, ref.meetings)


async def test_a_second_start_reads_no_yaml_file_and_a_changed_one_alone(desk, monkeypatch):
    articles, annotations = desk
    ws, _ = await run_once(articles, annotations)
    assert index_file(annotations).is_file() and len(ws.annotations) == 5
    read: list[str] = []
    load = AnnotationStore.load_annotation

    def counted(self, article_id, *args, **kwargs):
        read.append(article_id)
        return load(self, article_id, *args, **kwargs)

    monkeypatch.setattr(AnnotationStore, "load_annotation", counted)
    ws, _ = await run_once(articles, annotations)
    assert read == [] and len(ws.annotations) == 5
    yaml = annotations / "articles" / "002_0af8d4bc5d39ec79.yaml"
    yaml.write_text(yaml.read_text().replace("  title: ", "  title: Pulled ", 1))
    ws, _ = await run_once(articles, annotations)
    assert read == ["002_0af8d4bc5d39ec79"]
    assert ws.annotations["002_0af8d4bc5d39ec79"].meta.title.startswith("Pulled ")
    monkeypatch.undo()
    assert_same_as_files(ws, articles, annotations)


async def test_a_damaged_index_is_rebuilt_and_the_app_says_so_once(desk):
    articles, annotations = desk
    await run_once(articles, annotations)
    index_file(annotations).write_bytes(b"\x00garbage" * 1000)
    ws, notes = await run_once(articles, annotations)
    said = [n for n in notes if "rebuilt" in n]
    assert len(said) == 1 and "could not be read" in said[0]
    assert_same_as_files(ws, articles, annotations)
    ws, notes = await run_once(articles, annotations)
    assert not [n for n in notes if "rebuilt" in n]


async def test_pages_and_search_work_while_the_file_watcher_is_still_being_prepared(desk, monkeypatch):
    """Sync hashes every file and copies every record (24 s on 10,000 articles): not on the
    event loop, and not before reading works; edits wait for it and say so."""
    import threading

    from tui.core import sync as core_sync

    articles, annotations = desk
    release = threading.Event()
    build = core_sync.Sync.__init__

    def slow(self, *args, **kwargs):
        assert release.wait(30)
        build(self, *args, **kwargs)

    monkeypatch.setattr(core_sync.Sync, "__init__", slow)
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(200):
            if app.ws is not None and app._side() is not None and app.article_id:
                break
            await pilot.pause(0.05)
        assert app.ws is not None and app.sync is None
        assert "Getting ready to save edits" in app._editing_blocked()
        await pilot.press("p")   # the person page of the entity under the cursor opens
        await pilot.press("slash")
        await pilot.press(*"Beijing")
        for _ in range(100):
            if app.screen.shown_query == "Beijing":
                break
            await pilot.pause(0.05)
        assert app.screen.shown_query == "Beijing" and app.screen._links
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sync is not None and app._editing_blocked() is None
    app.ws.index.close()


async def test_a_load_overtaken_by_a_newer_one_does_not_replace_its_workspace(desk, monkeypatch):
    """A reload cancels the load still running (its refresh stops half-way): what that one
    read must never be shown after the newer workspace is in."""
    import threading

    import tui.core.index as core_index

    articles, annotations = desk
    opened, release = [], threading.Event()
    real = core_index.open_indexed

    def open_indexed(*args, **kwargs):
        first = not opened
        ws, done = real(*args, **kwargs)
        opened.append(ws)
        if first:
            assert release.wait(30)   # the newer load finishes before this one returns
        return ws, done

    monkeypatch.setattr(core_index, "open_indexed", open_indexed)
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(200):
            if opened:
                break
            await pilot.pause(0.05)
        app.load_workspace()
        for _ in range(200):
            if len(opened) == 2 and app.ws is opened[1]:
                break
            await pilot.pause(0.05)
        assert app.ws is opened[1]
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert app.ws is opened[1]
    for ws in opened:
        ws.index.close()
