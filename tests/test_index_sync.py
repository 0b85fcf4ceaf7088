"""Saves and file polling keep the derived index in step with the YAML, the YAML first."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.core.edits import MEETINGS, PEOPLE
from tui.core.index import open_indexed
from tui.core.store import StoreError
from tui.core.sync import Sync

ROOT = Path(__file__).resolve().parent.parent
AID = "000_340ba6ed93e242f0"


@pytest.fixture
def desk(tmp_path: Path):
    articles, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(ROOT / "seeds", articles)
    shutil.copytree(ROOT / "annotations", annotations, ignore=shutil.ignore_patterns(".newsdesk"))
    ws, _ = open_indexed(articles, annotations)
    yield ws, Sync(ws)
    ws.index.close()


def test_a_save_goes_to_the_yaml_and_then_to_the_index(desk, monkeypatch):
    ws, sync = desk
    index = ws.index
    path = ws.store.article_path(AID)
    on_disk_when_indexed = []
    put = index.put_annotation

    def watched(annotation):
        on_disk_when_indexed.append("Retitled" in path.read_text())
        put(annotation)

    monkeypatch.setattr(index, "put_annotation", watched)
    ws.annotations[AID].meta.title = "Retitled"
    sync.save(ws, ("article", AID))
    assert on_disk_when_indexed == [True]
    assert index.annotation(AID).meta.title == "Retitled"


def test_people_saved_are_in_the_index(desk):
    ws, sync = desk
    ws.people["wang-yi"].note = "noted in the app"
    sync.save(ws, PEOPLE)
    assert ws.index.people()["wang-yi"].note == "noted in the app"


def test_meetings_saved_are_in_the_index(desk):
    ws, sync = desk
    ws.meetings["xi-biden-bali-2022-11"].place = "Valletta"
    sync.save(ws, MEETINGS)
    assert ws.index.meetings()["xi-biden-bali-2022-11"].place == "Valletta"


def test_a_save_that_fails_leaves_the_index_as_it_was(desk):
    ws, sync = desk
    path = ws.store.article_path(AID)
    os.chmod(path, 0o444)
    ws.annotations[AID].meta.title = "Not saved"
    with pytest.raises(StoreError):
        sync.save(ws, ("article", AID))
    assert ws.index.annotation(AID).meta.title != "Not saved"


def test_an_edit_on_disk_picked_up_by_polling_reaches_the_index(desk):
    ws, sync = desk
    path = ws.store.article_path(AID)
    path.write_text(path.read_text().replace("  title: ", "  title: Pulled ", 1))
    assert sync.poll().merged == [("article", AID)]
    assert ws.index.annotation(AID).meta.title.startswith("Pulled ")
