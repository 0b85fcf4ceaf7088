"""`newsdesk annotate --jobs N` (issue #12 item 5): the parse in worker processes.

Real model and real processes, on the seeds copied a few times: two processes write the
same bytes as one, and a parallel run stopped by Ctrl-C, SIGTERM or SIGKILL leaves every
file whole and no process behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.core.annotate import annotate
from tui.core.store import AnnotationStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
pytestmark = pytest.mark.model


def seeds_times(folder: Path, copies: int) -> Path:
    """The seeds, copies times over, each copy under its own ids."""
    folder.mkdir(parents=True)
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copyfile(seed, folder / f"copy{n}_{seed.name}")
    return folder


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_two_processes_write_the_same_files_as_one(tmp_path: Path, nlp_model) -> None:
    articles = seeds_times(tmp_path / "articles", 3)
    one = annotate(articles, tmp_path / "one", jobs=1)
    two = annotate(articles, tmp_path / "two", jobs=2)
    assert (one.annotated, one.problems) == (15, [])
    assert (two.annotated, two.saved, two.mentions, two.people, two.meetings, two.model) == \
        (one.annotated, one.saved, one.mentions, one.people, one.meetings, one.model)
    assert files(tmp_path / "two") == files(tmp_path / "one")
    assert len(files(tmp_path / "one")) == 17   # 15 articles, people.yaml, meetings.yaml
    # a loaded pipeline, not a name, goes to the workers pickled
    assert annotate(articles, tmp_path / "loaded", model=nlp_model, jobs=2).annotated == 15
    assert files(tmp_path / "loaded") == files(tmp_path / "one")

    # and again after a story changed under an analyst's edits, forced, so all are parsed
    for run in ("one", "two"):
        store = AnnotationStore(tmp_path / run)
        annotation, _ = store.load_annotation("copy1_000_340ba6ed93e242f0")
        annotation.mentions[0].status = "rejected"
        annotation.note = "checked by hand"
        store.save_annotation(annotation)
    story = articles / "copy2_003_a13fe278588c347c.txt"
    story.write_text("Officials declined to comment further on Wednesday.\n\n" + story.read_text())
    assert annotate(articles, tmp_path / "one", jobs=1, force=True).annotated == 15
    assert annotate(articles, tmp_path / "two", jobs=2, force=True).annotated == 15
    assert files(tmp_path / "two") == files(tmp_path / "one")


def _children(pid: int) -> set[int]:
    """The processes whose parent is pid (Linux /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(tmp_path: Path) -> tuple[subprocess.Popen, set[int], Path]:
    """`newsdesk annotate --jobs 2` on 100 articles, once both workers are parsing."""
    articles = seeds_times(tmp_path / "articles", 20)
    annotations = tmp_path / "annotations"
    process = subprocess.Popen([sys.executable, "-m", "tui", "annotate", str(articles), "--annotations",
                                str(annotations), "--jobs", "2"], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               # as from a terminal: an xdist worker may pass SIGINT on ignored,
                               # and a process that inherits it ignored rightly keeps ignoring it
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        workers = {pid for pid in _children(process.pid) if b"multiprocessing" in _cmdline(pid)
                   and b"resource_tracker" not in _cmdline(pid)}
    assert len(workers) == 2, "the workers never started"
    time.sleep(6)   # loading the model, then parsing
    assert process.poll() is None, "the run ended before it could be stopped: give it more articles"
    return process, _children(process.pid), annotations


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _gone(pids: set[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(pid) for pid in pids)


def _all_whole(annotations: Path) -> int:
    """No temp file is left, and every file loads without a problem; the article files' count."""
    assert not [p.name for p in annotations.rglob("*.tmp")]
    store = AnnotationStore(annotations)
    ids = [p.stem for p in sorted((annotations / "articles").glob("*.yaml"))]
    for article_id in ids:
        annotation, problems = store.load_annotation(article_id)
        assert annotation is not None and problems == [], article_id
    assert store.load_people()[1] == [] and store.load_meetings()[1] == []
    return len(ids)


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_parallel_run_stopped_saves_what_was_parsed_whole_and_leaves_no_process(tmp_path: Path, how: str) -> None:
    process, children, annotations = _start(tmp_path)
    if how == "ctrl-c":   # a terminal sends it to the whole foreground group, workers too
        os.killpg(process.pid, signal.SIGINT)
    else:                 # `kill`, a service manager: the parent alone
        process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == (130 if how == "ctrl-c" else 143), err
    assert _gone(children), "a worker outlived the run"
    saved = _all_whole(annotations)
    said = "interrupted" if how == "ctrl-c" else "terminated"
    assert f"{said}; {saved} file" in err and "Traceback" not in err, err
    assert saved < 100


def test_workers_of_a_killed_run_stop_by_themselves(tmp_path: Path) -> None:
    process, children, annotations = _start(tmp_path)
    process.kill()   # SIGKILL: the parent can do nothing
    process.communicate(timeout=60)
    assert _gone(children), "a worker outlived its killed parent"
    _all_whole(annotations)
