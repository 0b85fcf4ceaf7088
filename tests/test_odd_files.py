"""One odd file never breaks the corpus: each is named as `path: what is wrong` and
every other article still loads, in the corpus reader, in `export`, `search`,
`annotate` and the app. Real files on disk: FIFOs, symlink loops, folders, binary.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from edit_fixtures import ready
from ui_fixtures import write_seed_annotations

from tui.core.corpus import read_article, read_corpus
from tui.core.store import AnnotationStore
from tui.core.workspace import open_workspace
from tui.ui.app import NewsdeskApp

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
NEWSDESK = Path(sys.executable).with_name("newsdesk")

# file name -> what its problem says
ODD = {
    " lead.txt": "spaces at the start or end",
    "trail .txt": "spaces at the start or end",
    "back\\slash.txt": "folder separator",
    "new\nline.txt": "control character (U+000A)",
    "loop.txt": "symlink loop",
    "gone.txt": "symlink to nothing",
    "pipe.txt": "FIFO",
    "folder.txt": "a folder",
    "junk.txt": "binary file",
}


def junk(size: int, seed: int = 7) -> bytes:
    """Random bytes without NUL: what a mis-saved download looks like."""
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))


def odd_corpus(folder: Path) -> Path:
    """The seeds plus one of each odd entry."""
    shutil.copytree(SEEDS, folder)
    for name in (" lead.txt", "trail .txt", "back\\slash.txt", "new\nline.txt"):
        (folder / name).write_text("Antony Blinken met Wang Yi in Beijing.\n")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "folder.txt").mkdir()
    (folder / "junk.txt").write_bytes(junk(3000))
    return folder


def in_thread(call, timeout: float = 20):
    """call() in a thread: a FIFO opened for reading blocks forever, and must fail the test, not hang it."""
    result: list = []

    def target() -> None:
        try:
            result.append(call())
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            result.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert result, f"still blocked after {timeout} s (a FIFO or device was opened for reading)"
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def assert_each_odd_file_named(problems: list, folder: Path) -> None:
    said = {Path(p.path).name: p.message for p in problems}
    for name, what in ODD.items():
        assert name in said, f"{name!r} not reported; problems: {problems}"
        assert what in said[name], (name, said[name])


def test_each_odd_file_is_a_problem_and_the_seeds_still_load(tmp_path):
    folder = odd_corpus(tmp_path / "articles")
    articles, problems = in_thread(lambda: read_corpus(folder))
    assert [a.id for a in articles] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert_each_odd_file_named(problems, folder)
    assert len(problems) == len(ODD)


def test_a_problem_with_a_newline_in_the_file_name_stays_on_one_line(tmp_path):
    folder = odd_corpus(tmp_path / "articles")
    _, problems = read_corpus(folder)
    line = str(next(p for p in problems if "\n" in p.path))
    assert "\n" not in line and line.startswith(str(folder / "new␊line.txt") + ": ")


# From 200 bytes: below that a ratio cannot tell (40 random bytes score 0-35 %), and a
# threshold low enough to catch them would refuse a short page with a few escapes.
@pytest.mark.parametrize("size", [200, 3000, 100_000])
def test_random_binary_without_nul_is_refused(tmp_path, size):
    path = tmp_path / "blob.txt"
    path.write_bytes(junk(size, seed=size))
    article, problems = read_article(path)
    assert article is None
    assert "binary file, not an article" in problems[0].message


def test_a_page_with_a_few_stray_escapes_is_still_an_article(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text((SEEDS / "000_340ba6ed93e242f0.txt").read_text() + "\x1b[2J\x1b]0;title\x07\n")
    article, problems = read_article(path)
    assert problems == [] and article is not None
    assert article.text.endswith("␛[2J␛]0;title␇\n")   # loaded, and the escapes made visible


@pytest.mark.skipif(not BBC.is_dir(), reason="the BBC corpus is not at ../shared/corpora/bbc-news")
def test_no_real_bbc_article_is_taken_for_binary():
    """The junk threshold on 2,055 real articles: none may be refused."""
    loaded = 0
    for folder in sorted(p for p in BBC.iterdir() if p.is_dir()):
        articles, problems = read_corpus(folder)
        assert problems == [], problems[:3]
        loaded += len(articles)
    assert loaded == 2055


def annotated_copy(tmp_path: Path) -> tuple[Path, Path]:
    articles, annotations = tmp_path / "articles", tmp_path / "annotations"
    shutil.copytree(SEEDS, articles)
    write_seed_annotations(articles, annotations)
    return articles, annotations


def run(*args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSDESK, *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("command", [["export"], ["search", "Blinken"]])
def test_export_and_search_name_each_odd_file_and_do_the_rest(tmp_path, command):
    articles, annotations = annotated_copy(tmp_path)
    shutil.rmtree(articles)
    odd_corpus(articles)
    done = run(*command, articles, "--annotations", annotations)
    assert "Traceback" not in done.stderr, done.stderr
    for name in ODD:
        assert f"{articles / name.replace(chr(10), '␊')}: " in done.stderr, (name, done.stderr)
    assert "antony-blinken" in done.stdout
    if command == ["export"]:
        assert done.returncode == 1   # README: some file had a problem, the rest is done


@pytest.mark.model
def test_annotate_names_each_odd_file_and_annotates_the_rest(tmp_path):
    articles, annotations = tmp_path / "articles", tmp_path / "annotations"
    odd_corpus(articles)
    done = run("annotate", articles, "--annotations", annotations, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    for name in ODD:
        assert f"{articles / name.replace(chr(10), '␊')}: " in done.stderr, (name, done.stderr)
    assert sorted(p.stem for p in (annotations / "articles").glob("*.yaml")) == sorted(
        p.stem for p in SEEDS.glob("*.txt"))


async def test_the_app_opens_a_folder_with_odd_files(tmp_path):
    articles, annotations = annotated_copy(tmp_path)
    shutil.rmtree(articles)
    odd_corpus(articles)
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert app.ws is not None, "the workspace never loaded"
        assert sorted(app.ws.articles) == sorted(p.stem for p in SEEDS.glob("*.txt"))
        assert_each_odd_file_named(app.ws.problems, articles)


# ---- offsets too long for int() ---------------------------------------------------------------

HUGE = "9" * 5000


def huge_start(text: str) -> str:
    """text with its first `start:` offset made 5,000 digits long."""
    return re.sub(r"start: [0-9]+", f"start: {HUGE}", text, count=1)


def test_an_offset_of_thousands_of_digits_is_a_problem_at_its_line(tmp_path):
    articles, annotations = annotated_copy(tmp_path)
    path = annotations / "articles" / "000_340ba6ed93e242f0.yaml"
    lines = path.read_text().split("\n")
    n = next(i for i, line in enumerate(lines) if line.startswith("- {start: "))
    lines[n] = huge_start(lines[n])
    body = next(i for i, line in enumerate(lines) if line.startswith("body: "))
    lines[body] = f"body: [0, {HUGE}]"
    path.write_text("\n".join(lines))
    before = path.read_bytes()
    ws = open_workspace(articles, annotations)
    said = {p.line: p.message for p in ws.problems if p.path == str(path)}
    assert "5000 digits" in said[n + 1] and "5000 digits" in said[body + 1], ws.problems
    assert path in ws.store.read_only   # never rewritten while the analyst has to fix it
    assert len(ws.articles) == 5
    assert path.read_bytes() == before


def test_a_report_offset_of_thousands_of_digits_in_meetings_yaml(tmp_path):
    articles, annotations = annotated_copy(tmp_path)
    path = annotations / "meetings.yaml"
    text = path.read_text()
    assert "start: " in text
    path.write_text(huge_start(text))
    meetings, problems = AnnotationStore(annotations).load_meetings()
    assert any("5000 digits" in p.message and p.line for p in problems), problems


@pytest.mark.parametrize("command", [["export"], ["search", "Blinken"]])
def test_commands_survive_a_huge_offset(tmp_path, command):
    articles, annotations = annotated_copy(tmp_path)
    path = annotations / "articles" / "000_340ba6ed93e242f0.yaml"
    path.write_text(huge_start(path.read_text()))
    done = run(*command, articles, "--annotations", annotations)
    assert "Traceback" not in done.stderr, done.stderr
    assert f"{path}:" in done.stderr and "5000 digits" in done.stderr
    assert "antony-blinken" in done.stdout


async def test_the_app_opens_a_workspace_with_a_huge_offset(tmp_path):
    articles, annotations = annotated_copy(tmp_path)
    path = annotations / "articles" / "000_340ba6ed93e242f0.yaml"
    path.write_text(huge_start(path.read_text()))
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert app.ws is not None and len(app.ws.articles) == 5
        assert any("5000 digits" in p.message for p in app.ws.problems)


# ---- people.yaml, meetings.yaml and article YAML that are not files ----------------------------

def make_odd(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")   # a character device that never ends
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
@pytest.mark.parametrize("name", ["people.yaml", "meetings.yaml", "articles/000_340ba6ed93e242f0.yaml"])
def test_an_annotation_file_that_is_not_a_file_is_refused_not_read(tmp_path, name, kind):
    articles, annotations = annotated_copy(tmp_path)
    path = annotations / name
    make_odd(path, kind)
    ws = in_thread(lambda: open_workspace(articles, annotations))
    said = [p for p in ws.problems if p.path == str(path)]
    assert said and "not a regular file" in said[0].message, ws.problems
    assert path in ws.store.read_only
    assert len(ws.articles) == 5


@pytest.mark.parametrize("kind", ["fifo", "folder"])
async def test_the_app_starts_when_people_yaml_is_not_a_file(tmp_path, kind):
    articles, annotations = annotated_copy(tmp_path)
    make_odd(annotations / "people.yaml", kind)
    make_odd(annotations / "meetings.yaml", kind)
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert app.ws is not None and len(app.ws.articles) == 5
        bad = {Path(p.path).name for p in app.ws.problems if "not a regular file" in p.message}
        assert bad == {"people.yaml", "meetings.yaml"}
