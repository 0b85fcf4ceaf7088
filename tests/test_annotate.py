"""annotate.py: the incremental pipeline and the `newsdesk annotate` command.

Real model, real files in tmp_path. The model is loaded once per session (load_model
caches it), so in-process runs after the first cost only the parse.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_mutants import Recorder, _replaced_after_their_data

import tui.core.annotate as annotate_module
from tui.core.annotate import STAGES, Interrupted, annotate, merge
from tui.core.corpus import read_article
from tui.core.models import Mention
from tui.core.store import AnnotationStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model


def _run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "annotate", *map(str, args)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)


def _load(annotations: Path, articles: Path, stem: str):
    path = next(articles.glob(f"{stem}*.txt"))
    article, _ = read_article(path)
    annotation, problems = AnnotationStore(annotations).load_annotation(article.id, article)
    assert problems == []
    return article, annotation


def _review(annotated, stem: str, text: str, **changes) -> tuple:
    """Set fields of the first mention reading `text` in article `stem`, as the app would; save."""
    article, annotation = _load(annotated.annotations, annotated.articles, stem)
    mention = next(m for m in annotation.mentions if m.text == text)
    for name, value in changes.items():
        setattr(mention, name, value)
    AnnotationStore(annotated.annotations).save_annotation(annotation)
    return article, mention


@pytest.fixture(scope="module")
def annotated_once(tmp_path_factory, seeds_dir, nlp_model) -> Path:
    """The seeds, annotated once per module: tests get copies through `annotated`."""
    root = tmp_path_factory.mktemp("annotated")
    shutil.copytree(seeds_dir, root / "seeds")
    summary = annotate(root / "seeds", root / "annotations")
    assert (summary.annotated, summary.skipped, summary.failed) == (5, 0, 0), summary.problems
    return root


@pytest.fixture
def annotated(annotated_once, tmp_path) -> SimpleNamespace:
    """A fresh copy of the annotated seeds: .articles and .annotations, free to change."""
    shutil.copytree(annotated_once, tmp_path, dirs_exist_ok=True)
    return SimpleNamespace(articles=tmp_path / "seeds", annotations=tmp_path / "annotations")


def test_first_run_writes_a_valid_file_per_article(annotated, nlp_model):
    article, annotation = _load(annotated.annotations, annotated.articles, "000")
    assert annotation.sha256 == article.sha256
    assert annotation.model.startswith("en_core_web_sm")
    people = {(m.text, m.label) for m in annotation.mentions if m.label == "PERSON"}
    assert ("Daniel Kritenbrink", "PERSON") in people
    kritenbrink = next(m for m in annotation.mentions if m.text == "Daniel Kritenbrink")
    assert article.text[kritenbrink.start:kritenbrink.end] == "Daniel Kritenbrink"
    _, annotation_001 = _load(annotated.annotations, annotated.articles, "001")
    assert "Connor Nijsse" not in {m.text for m in annotation_001.mentions}


def test_unchanged_articles_are_skipped_without_loading_spacy(annotated):
    code = ("import sys; from pathlib import Path; from tui.core.annotate import annotate; "
            f"s = annotate(Path({str(annotated.articles)!r}), Path({str(annotated.annotations)!r})); "
            "print(s.annotated, s.skipped, s.failed, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "5", "0", "False"]


def test_a_run_with_nothing_new_writes_no_file(annotated):
    files = sorted(annotated.annotations.rglob("*.yaml"))
    assert len(files) == 7  # five articles, people.yaml, meetings.yaml
    before = [(f, f.stat().st_mtime_ns, f.stat().st_ino) for f in files]
    summary = annotate(annotated.articles, annotated.annotations)
    assert (summary.annotated, summary.skipped, summary.saved) == (0, 5, 0)
    assert summary.people > 20 and summary.meetings > 5
    assert [(f, f.stat().st_mtime_ns, f.stat().st_ino) for f in files] == before


def test_changed_article_keeps_analyst_work_at_new_offsets(annotated):
    store = AnnotationStore(annotated.annotations)
    article, annotation = _load(annotated.annotations, annotated.articles, "000")
    text = article.text
    bloomberg = next(m for m in annotation.mentions if m.text == "Bloomberg")
    bloomberg.status = "rejected"
    pacific = next(m for m in annotation.mentions if m.text == "Indo-Pacific")
    pacific.label, pacific.status = "LOC", "accepted"
    at = text.index("Vice Foreign Minister")
    added = Mention(at, at + len("Vice Foreign Minister"), "Vice Foreign Minister", "ORG", by="analyst",
                    status="accepted")
    annotation.mentions.append(added)
    annotation.note = "published date from the wire"
    annotation.meta.title = "Kritenbrink in Beijing (analyst title)"
    store.save_annotation(annotation)

    # The article changes: a new paragraph at the top shifts every offset.
    path = Path(article.path)
    new_para = "Antony Blinken will travel to Jakarta next week, officials said.\n\n"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Daniel Kritenbrink, the top", new_para + "Daniel Kritenbrink, the top", 1), encoding="utf-8")

    summary = annotate(annotated.articles, annotated.annotations)
    assert (summary.annotated, summary.skipped, summary.failed) == (1, 4, 0), summary.problems
    article, annotation = _load(annotated.annotations, annotated.articles, "000")
    assert annotation.sha256 == article.sha256
    for m in annotation.mentions:
        assert article.text[m.start:m.end] == m.text
    by_text = {}
    for m in annotation.mentions:
        by_text.setdefault(m.text, []).append(m)
    assert [(m.status, m.by) for m in by_text["Bloomberg"]] == [("rejected", "model")]  # not brought back
    assert [(m.label, m.status) for m in by_text["Indo-Pacific"]] == [("LOC", "accepted")]
    assert [(m.by, m.start) for m in by_text["Vice Foreign Minister"]] == [("analyst", at + len(new_para))]
    assert "Antony Blinken" in by_text  # the new paragraph was parsed
    assert annotation.note == "published date from the wire"
    assert annotation.meta.title == "Kritenbrink in Beijing (analyst title)"


def test_deleted_text_makes_an_orphan_not_a_loss(annotated):
    article, _ = _review(annotated, "004", "Bill Gates", status="accepted")
    path = Path(article.path)
    path.write_text(path.read_text(encoding="utf-8").replace("American billionaire Bill Gates", "a visitor"),
                    encoding="utf-8")
    summary = annotate(annotated.articles, annotated.annotations)
    assert summary.annotated == 1
    _, annotation = _load(annotated.annotations, annotated.articles, "004")
    assert "Bill Gates" not in {m.text for m in annotation.mentions}
    assert [(m.text, m.status) for m in annotation.orphans] == [("Bill Gates", "accepted")]


def test_fresh_mentions_overlapping_an_analyst_span_are_dropped(tmp_path, nlp_model):
    path = tmp_path / "x.txt"
    path.write_text("Secretary of State Antony Blinken met Wang Yi in Beijing on Monday.", encoding="utf-8")
    article, _ = read_article(path)
    owned = Mention(0, 32, "Secretary of State Antony Blinken", "PERSON", by="analyst", status="accepted")
    old = merge(article, None, [owned], "m")
    fresh = [Mention(13, 18, "State", "ORG"), Mention(19, 32, "Antony Blinken", "PERSON"),
             Mention(37, 44, "Wang Yi", "PERSON")]
    new = merge(article, old, fresh, "m")
    assert [(m.text, m.by) for m in new.mentions] == [("Secretary of State Antony Blinken", "analyst"),
                                                      ("Wang Yi", "model")]


def test_force_reparses_unchanged_articles_and_keeps_reviews(annotated):
    _, netherlands = _review(annotated, "002", "Netherlands", status="rejected")
    summary = annotate(annotated.articles, annotated.annotations, force=True)
    assert (summary.annotated, summary.skipped) == (5, 0)
    _, annotation = _load(annotated.annotations, annotated.articles, "002")
    there = [m for m in annotation.mentions if m.start < netherlands.end and netherlands.start < m.end]
    assert [(m.label, m.status) for m in there] == [("GPE", "rejected")]


def test_invalid_or_read_only_annotation_is_never_overwritten(annotated):
    bad = next(annotated.annotations.rglob("001*.yaml"))
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    locked = next(annotated.annotations.rglob("003*.yaml"))
    locked_bytes = locked.read_bytes()
    os.chmod(locked, 0o444)
    for stem in ("001", "003"):  # both articles change, so both would be rewritten
        path = next(annotated.articles.glob(f"{stem}*.txt"))
        path.write_text(path.read_text(encoding="utf-8") + "\n\nJoe Biden spoke later.\n", encoding="utf-8")
    summary = annotate(annotated.articles, annotated.annotations)
    assert (summary.annotated, summary.skipped, summary.failed) == (0, 3, 2)
    assert bad.read_text(encoding="utf-8") == "id: [unclosed\n"
    assert locked.read_bytes() == locked_bytes
    reported = " ".join(str(p) for p in summary.problems)
    assert "001" in reported and "003" in reported


def test_progress_and_stop(seed_copy, nlp_model):
    calls = []
    summary = annotate(seed_copy.articles, seed_copy.annotations,
                       progress=lambda done, total, what: calls.append((done, total, what)),
                       should_stop=lambda: len(calls) >= 3)  # loading + two articles
    assert summary.cancelled and summary.annotated == 2
    assert calls[0] == (0, 5, "loading model")
    assert [c[:2] for c in calls[1:3]] == [(1, 5), (2, 5)]
    assert calls[1][2].startswith("000")
    assert calls[3:] == [(2, 5, stage) for stage in ("linking people", "finding meetings", "saving")]
    assert len(list(seed_copy.annotations.glob("articles/*.yaml"))) == 2
    again = annotate(seed_copy.articles, seed_copy.annotations)
    assert (again.annotated, again.skipped) == (3, 2)  # the stopped run's work was kept


def test_ctrl_c_saves_what_was_parsed(seed_copy, nlp_model):
    def progress(done: int, total: int, what: str) -> None:
        if done == 3 and what not in STAGES:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as caught:
        annotate(seed_copy.articles, seed_copy.annotations, progress=progress)
    assert caught.value.summary.saved == 3
    assert len(list(seed_copy.annotations.glob("articles/*.yaml"))) == 3
    linked = [m for path in seed_copy.annotations.glob("articles/*.yaml")
              for m in AnnotationStore(seed_copy.annotations).load_annotation(path.stem)[0].mentions if m.person]
    assert linked  # the parsed articles were linked before they were saved


SUMMARY = re.compile(r"^5 articles: (\d) annotated, (\d) unchanged; \d+ mentions, \d+ (?:person|people), "
                     r"\d+ meetings?; \d+\.\d s$")


def test_cli_summary_then_unchanged_run(seed_copy):
    first = _run_cli(seed_copy.articles)  # default annotation folder: ARTICLES/../annotations
    assert first.returncode == 0, first.stderr
    assert SUMMARY.match(first.stdout.strip()).groups() == ("5", "0"), first.stdout
    assert "Traceback" not in first.stderr
    second = _run_cli(seed_copy.articles, "--annotations", seed_copy.annotations)
    assert second.returncode == 0, second.stderr
    assert SUMMARY.match(second.stdout.strip()).groups() == ("0", "5"), second.stdout
    forced = _run_cli(seed_copy.articles, "--force")
    assert forced.returncode == 0, forced.stderr
    assert SUMMARY.match(forced.stdout.strip()).groups() == ("5", "0"), forced.stdout


def test_cli_missing_model_is_one_line_and_exit_2(seed_copy):
    out = _run_cli(seed_copy.articles, "--model", "does_not_exist")
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "does_not_exist" in lines[0] and "pip install" in lines[0]


def test_cli_bad_or_empty_folder_is_exit_2(tmp_path):
    out = _run_cli(tmp_path / "nowhere")
    assert out.returncode == 2
    assert "nowhere" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "empty").mkdir()
    out = _run_cli(tmp_path / "empty")
    assert out.returncode == 2
    assert f"no articles in {tmp_path / 'empty'}" in out.stderr
    assert not (tmp_path / "annotations").exists()  # nothing written for nothing read


def test_invalid_people_file_stops_the_run_before_the_parse(annotated):
    people = annotated.annotations / "people.yaml"
    people.write_text("people: {broken\n", encoding="utf-8")
    annotation_002 = next(annotated.annotations.glob("articles/002*.yaml"))
    before = annotation_002.read_bytes()
    path = next(annotated.articles.glob("002*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n\nNed Price spoke again on Friday.\n", encoding="utf-8")
    summary = annotate(annotated.articles, annotated.annotations)
    assert (summary.annotated, summary.skipped, summary.failed) == (0, 4, 1)
    assert summary.model is None  # not even loaded
    assert people.read_text(encoding="utf-8") == "people: {broken\n"
    assert annotation_002.read_bytes() == before
    assert any(str(p).startswith(str(people)) and "1 changed article not annotated" in str(p)
               for p in summary.problems), summary.problems


def test_cli_problem_files_give_exit_1_with_path(annotated):
    (annotated.articles / "broken.txt").write_bytes(b"abc\x00def")
    out = _run_cli(annotated.articles, "--annotations", annotated.annotations)
    assert out.returncode == 1
    assert re.search(r"broken\.txt:1: binary file", out.stderr), out.stderr
    assert SUMMARY.match(out.stdout.strip()), out.stdout  # the five good ones: unchanged


@pytest.mark.parametrize("group", [256, 2])
def test_each_file_is_on_disk_before_its_rename_and_the_folder_synced_once_a_group(
        seed_copy, blank_nlp, monkeypatch, group):
    """A run writes its annotation files as AtomicBatch does: each file's data is fsynced
    before it takes its name, and the folder is fsynced after the renames of each group of
    SAVE_BATCH files, before the run returns; not once per file (4 s of the BBC corpus)."""
    monkeypatch.setattr(annotate_module, "SAVE_BATCH", group)
    recorder = Recorder(monkeypatch)
    summary = annotate(seed_copy.articles, seed_copy.annotations, model=blank_nlp)
    folder = seed_copy.annotations / "articles"
    paths = sorted(folder.glob("*.yaml"))
    assert (summary.saved, summary.annotated, summary.problems) == (5, 5, [])
    _replaced_after_their_data(recorder.calls, paths)
    synced = ("fsync", "dir", folder.stat().st_ino)
    # r: a rename into the folder, s: a sync of the folder, in the order they happened
    events = "".join("r" if call[0] == "replace" else "s" for call in recorder.calls
                     if call[0] == "replace" and call[2].parent == folder or call[:3] == synced)
    assert events == "".join("r" * min(group, 5 - first) + "s" for first in range(0, 5, group))
