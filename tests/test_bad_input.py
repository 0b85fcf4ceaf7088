"""One bad input at a time, through every way in: `newsdesk annotate`, `export` and `search`
(real processes of the installed command) and the app (Pilot).

Each case starts from the seeds and their hand-checked annotations (annotated once, so no
case runs the model unless it adds an article), adds one bad thing, brings the annotations
up to date in-process, and then asserts for every runner:

  - no traceback, and no escape or bell character reaches the terminal;
  - the documented exit status: 1 when a file had a problem (the rest is done), 0 when
    there was only a warning (a warning is not a problem);
  - a `path: …` or `path:line: …` line naming the file (`path: warning: …` for a warning),
    on stderr or on the app's `!` screen, and every seed article still loaded;
  - every file under annotations/ byte-identical afterwards: nothing here may be written.

A new case is one line in CASES.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from edit_fixtures import problems_screen_text, ready

from tui.core.controls import visible_line

ROOT = Path(__file__).resolve().parent.parent
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
SEED_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
A4 = "004_a2871e021c39f267"
PEOPLE, MEETINGS, YAML_4 = "annotations/people.yaml", "annotations/meetings.yaml", f"annotations/articles/{A4}.yaml"
# Lines of the seed annotation files that the edits below change.
FIRST_MENTION = "- {start: 0, end: 2, text: US, label: GPE, by: model, status: accepted}"
BLINKEN_MENTION = "- {start: 22, end: 36, text: Antony Blinken, label: PERSON, person: antony-blinken,"
FIRST_REPORT = "{article: 002_0af8d4bc5d39ec79, start: 595, end: 876,"
STORY = "Blinken met Wang Yi in Beijing on Monday, officials said.\n"
ALIAS_BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]) + "\n"
# Binary without a NUL byte: random bytes, the NULs made 0x01 (seeded: the same bytes every run).
RANDOM_BINARY = random.Random(10).randbytes(6000).replace(b"\0", b"\1")
MB = 1024 * 1024


# --- ways to make a bad input in a corpus root (root/seeds, root/annotations) --------------

def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return make


def edit(rel: str, old: str | bytes, new: str | bytes) -> Callable[[Path], None]:
    """Replace the first `old` in a seed annotation file (which must hold it)."""
    def make(root: Path) -> None:
        path = root / rel
        raw = path.read_bytes()
        before, after = (x.encode() if isinstance(x, str) else x for x in (old, new))
        assert before in raw, (rel, old)
        path.write_bytes(raw.replace(before, after, 1))
    return make


def sparse(rel: str, size: int) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with open(root / rel, "wb") as file:
            file.truncate(size)
    return make


def special(rel: str, kind: str) -> Callable[[Path], None]:
    """A folder, a FIFO, a symlink to itself or to nothing, in place of a file."""
    def make(root: Path) -> None:
        path = root / rel
        if path.exists():
            path.unlink()
        {"folder": path.mkdir, "fifo": lambda: os.mkfifo(path), "loop": lambda: path.symlink_to(path.name),
         "dangling": lambda: path.symlink_to("nowhere.txt")}[kind]()
    return make


def both(*makes: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        for one in makes:
            one(root)
    return make


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], None]
    where: str              # the file the message must name, from the root; ":N": with its line
    status: int = 1         # of annotate, export and search
    warning: bool = False   # the message is `path: warning: …`

    def param(self):
        return pytest.param(self, id=self.id)


CASES = [
    # --- malformed YAML: refused at a line, never overwritten ------------------------------
    Case("alias-bomb-people", write(PEOPLE, ALIAS_BOMB), PEOPLE),
    Case("alias-bomb-article", write(YAML_4, ALIAS_BOMB), YAML_4),
    Case("python-object-apply-people", write(PEOPLE, "people: !!python/object/apply:os.system [true]\n"), PEOPLE + ":N"),
    Case("python-object-meetings", write(MEETINGS, "meetings:\n- !!python/object:os.system {}\n"), MEETINGS + ":N"),
    Case("python-name-article", edit(YAML_4, "model:", "source2: !!python/name:os.system\nmodel:"), YAML_4 + ":N"),
    Case("unknown-tag-people", write(PEOPLE, "people: !pwn [1]\n"), PEOPLE + ":N"),
    Case("50mb-people-sparse", sparse(PEOPLE, 50 * MB), PEOPLE),
    Case("50mb-article-yaml-sparse", sparse(YAML_4, 50 * MB), YAML_4),
    Case("nul-byte-people", edit(PEOPLE, "people:", "people:\0"), PEOPLE),
    Case("nul-byte-article-yaml", edit(YAML_4, "model:", "\0model:"), YAML_4),
    Case("deep-nesting-article", write(YAML_4, "mentions: " + "[" * 10_000 + "]" * 10_000 + "\n"), YAML_4 + ":N"),
    Case("deep-nesting-meetings", write(MEETINGS, "meetings:\n" + "- " * 5_000 + "x\n"), MEETINGS + ":N"),
    Case("syntax-error-people", write(PEOPLE, "people: {broken\n"), PEOPLE + ":N"),
    Case("tab-indent-meetings", write(MEETINGS, "meetings:\n\t- id: x\n"), MEETINGS + ":N"),
    Case("duplicate-key-article", edit(YAML_4, "model:", "source: x.txt\nmodel:"), YAML_4 + ":N"),
    Case("top-level-list-people", write(PEOPLE, "- a\n- b\n"), PEOPLE),
    Case("top-level-scalar-meetings", write(MEETINGS, "just some text\n"), MEETINGS),
    Case("empty-article-yaml", write(YAML_4, ""), YAML_4),
    Case("binary-article-yaml", write(YAML_4, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" * 20), YAML_4),
    Case("random-binary-people", write(PEOPLE, RANDOM_BINARY), PEOPLE),
    Case("not-utf8-people", edit(PEOPLE, "name: Bill Gates", b"name: Bill Gat\xe9s"), PEOPLE),
    # --- wrong types and values in an article's annotation file ----------------------------
    Case("offset-not-a-number", edit(YAML_4, "{start: 0,", "{start: zero,"), YAML_4 + ":N"),
    Case("offset-a-float", edit(YAML_4, "{start: 0,", "{start: 0.5,"), YAML_4 + ":N"),
    Case("offset-a-bool", edit(YAML_4, "{start: 0,", "{start: true,"), YAML_4 + ":N"),
    Case("offset-negative", edit(YAML_4, "{start: 0,", "{start: -1,"), YAML_4 + ":N"),
    Case("offset-past-the-text", edit(YAML_4, "{start: 0, end: 2,", "{start: 0, end: 999999,"), YAML_4 + ":N"),
    Case("offset-10e30", edit(YAML_4, "{start: 0, end: 2,", "{start: 0, end: 1" + "0" * 30 + ","), YAML_4 + ":N"),
    Case("empty-span", edit(YAML_4, "{start: 0, end: 2, text: US,", "{start: 2, end: 2, text: '',"), YAML_4 + ":N"),
    Case("start-after-end", edit(YAML_4, "{start: 0, end: 2,", "{start: 2, end: 0,"), YAML_4 + ":N"),
    Case("text-mismatch", edit(YAML_4, FIRST_MENTION, FIRST_MENTION.replace("text: US", "text: UK")), YAML_4 + ":N"),
    Case("unknown-label", edit(YAML_4, FIRST_MENTION, FIRST_MENTION.replace("GPE", "GPX")), YAML_4 + ":N"),
    Case("unknown-mention-key", edit(YAML_4, FIRST_MENTION, FIRST_MENTION.replace("}", ", colour: red}")),
         YAML_4 + ":N"),
    Case("unknown-status", edit(YAML_4, FIRST_MENTION, FIRST_MENTION.replace("accepted", "maybe")), YAML_4 + ":N"),
    Case("unknown-by", edit(YAML_4, FIRST_MENTION, FIRST_MENTION.replace("by: model", "by: robot")), YAML_4 + ":N"),
    Case("unknown-person-link", edit(YAML_4, BLINKEN_MENTION, BLINKEN_MENTION.replace("antony-blinken", "no-one")),
         YAML_4 + ":N"),
    Case("mention-not-a-mapping", edit(YAML_4, FIRST_MENTION, "- just a string"), YAML_4 + ":N"),
    Case("mentions-a-mapping", edit(YAML_4, "mentions:\n" + FIRST_MENTION, "mentions: {a: 1}\nmore:\n" + FIRST_MENTION),
         YAML_4 + ":N"),
    Case("unknown-top-level-key", edit(YAML_4, "model:", "colour: red\nmodel:"), YAML_4 + ":N"),
    Case("id-of-another-article", edit(YAML_4, f"id: {A4}", "id: 003_a13fe278588c347c"), YAML_4 + ":N"),
    Case("sha256-a-list", edit(YAML_4, "sha256: ", "sha256: [1, 2]\nx: "), YAML_4 + ":N"),
    Case("body-backwards", edit(YAML_4, "body: [0, 3103]", "body: [3103, 0]"), YAML_4 + ":N"),
    Case("chrome-unknown-kind", edit(YAML_4, "- [3105, 3133, credit]", "- [3105, 3133, sparkle]"), YAML_4 + ":N"),
    Case("chrome-past-the-text", edit(YAML_4, "- [3105, 3133, credit]", "- [3105, 999999, credit]"), YAML_4 + ":N"),
    Case("meta-title-a-list", edit(YAML_4, "title: Blinken holds", "title: [1, 2]\n  x: Blinken holds"), YAML_4 + ":N"),
    Case("annotation-without-article", write("annotations/articles/ghost.yaml", "id: ghost\n"),
         "annotations/articles/ghost.yaml"),
    # --- people.yaml and meetings.yaml -----------------------------------------------------
    Case("duplicate-person-id", edit(PEOPLE, "- id: bill-gates", "- id: antony-blinken"), PEOPLE + ":N"),
    Case("person-without-name", edit(PEOPLE, "  name: Bill Gates\n", ""), PEOPLE + ":N"),
    Case("person-id-a-list", edit(PEOPLE, "- id: bill-gates", "- id: [1]"), PEOPLE + ":N"),
    Case("aliases-a-number", edit(PEOPLE, "aliases: [Bill Gates]", "aliases: 5"), PEOPLE + ":N"),
    Case("unknown-person-key", edit(PEOPLE, "- id: bill-gates\n", "- id: bill-gates\n  colour: red\n"), PEOPLE + ":N"),
    Case("duplicate-meeting-id", edit(MEETINGS, "- id: xie-feng-kritenbrink-rosenberger-2022-12",
                                      "- id: xi-biden-bali-2022-11"), MEETINGS + ":N"),
    Case("unknown-participant", edit(MEETINGS, "[xi-jinping, joe-biden]", "[xi-jinping, no-one]"), MEETINGS + ":N"),
    Case("unknown-meeting-status", edit(MEETINGS, "status: held", "status: perhaps"), MEETINGS + ":N"),
    Case("meeting-date-not-a-date", edit(MEETINGS, "date: 2022-11\n", "date: someday\n"), MEETINGS + ":N"),
    Case("report-of-unknown-article", edit(MEETINGS, FIRST_REPORT, FIRST_REPORT.replace("002_0af8d4bc5d39ec79", "no")),
         MEETINGS + ":N"),
    Case("unknown-review", edit(MEETINGS, "review: accepted", "review: sure"), MEETINGS + ":N"),
    # --- article files ---------------------------------------------------------------------
    Case("nul-byte-article", write("seeds/nul.txt", b"abc\0def"), "seeds/nul.txt:N"),
    Case("png-named-txt", write("seeds/image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" * 20), "seeds/image.txt:N"),
    Case("empty-article", write("seeds/empty.txt", b""), "seeds/empty.txt"),
    Case("whitespace-article", write("seeds/blank.md", b" \n\n\t\n"), "seeds/blank.md"),
    Case("6mb-article-sparse", sparse("seeds/huge.txt", 6 * MB), "seeds/huge.txt"),
    Case("bad-utf16", write("seeds/utf16.txt", b"\xff\xfe\x00\xd8"), "seeds/utf16.txt"),
    Case("same-id-txt-and-md", both(write("seeds/dup.txt", STORY), write("seeds/dup.md", STORY)), "seeds/dup.md"),
    # --- odd articles read anyway: a warning, exit 0 ---------------------------------------
    Case("cp1252-article", write("seeds/cp1252.txt", b"Caf\xe9 talks in Beijing were \x93frank\x94, officials said.\n"),
         "seeds/cp1252.txt", status=0, warning=True),
    Case("latin1-article", write("seeds/latin1.txt", b"Talks in Beijing\x81 ended on Monday.\n"),
         "seeds/latin1.txt", status=0, warning=True),
    Case("mojibake-article", write("seeds/moji.txt", "Beijing said the talks were â€œfrankâ€.\n\nMore later.\n"),
         "seeds/moji.txt", status=0, warning=True),
    Case("only-page-chrome", write("seeds/chrome.txt", "Skip to main content\n\nAdvertisement\n\nShare\n"),
         "seeds/chrome.txt", status=0, warning=True),
    # --- odd names and things that are not files: named, skipped, the rest loads ------------
    Case("name-leading-space", write("seeds/ lead.txt", STORY), "seeds/ lead.txt"),
    Case("name-trailing-space", write("seeds/trail .txt", STORY), "seeds/trail .txt"),
    Case("name-backslash", write("seeds/a\\b.txt", STORY), "seeds/a\\b.txt"),
    Case("name-newline", write("seeds/a\nb.txt", STORY), "seeds/a\nb.txt"),
    Case("offset-5000-digits", edit(YAML_4, "{start: 0, end: 2,", "{start: 0, end: " + "9" * 5000 + ","),
         YAML_4 + ":N"),
    Case("symlink-loop", special("seeds/loop.txt", "loop"), "seeds/loop.txt"),
    Case("dangling-symlink", special("seeds/gone.txt", "dangling"), "seeds/gone.txt"),
    Case("fifo-article", special("seeds/pipe.txt", "fifo"), "seeds/pipe.txt"),
    Case("folder-named-txt", special("seeds/folder.txt", "folder"), "seeds/folder.txt"),
    Case("random-binary-without-nul", write("seeds/noise.txt", RANDOM_BINARY), "seeds/noise.txt"),
    Case("folder-people-yaml", special(PEOPLE, "folder"), PEOPLE),
    Case("folder-meetings-yaml", special(MEETINGS, "folder"), MEETINGS),
    Case("fifo-people-yaml", special(PEOPLE, "fifo"), PEOPLE),      # opening it would block for ever
    Case("control-chars-in-article", write("seeds/esc.txt", "Blinken met Wang Yi.\x1b]0;pwned\x07\x1b[2J Talks ended.\n"),
         "seeds/esc.txt", status=0, warning=True),
    Case("control-chars-in-yaml", edit(PEOPLE, "name: Bill Gates", 'name: "Bill\\e]52;c;cHduZWQ=\\aGates"'),
         PEOPLE + ":N"),
    # --- dumps and pages (docs/input-formats.md): a bad row is named at its line ------------
    Case("jsonl-row-cut-off", write("seeds/feed.jsonl", '{"title": "Talks", "text": "Blinken met\n'), "seeds/feed.jsonl:N"),
    Case("jsonl-row-without-text", write("seeds/feed.jsonl", '{"title": "Talks in Beijing"}\n'), "seeds/feed.jsonl:N"),
    Case("jsonl-text-a-list", write("seeds/feed.jsonl", '{"text": ["Blinken", "met"]}\n'), "seeds/feed.jsonl:N"),
    Case("jsonl-same-row-twice", write("seeds/feed.jsonl", '{"url": "https://x.example/a", "text": "Blinken met Wang."}\n'
                                                            * 2), "seeds/feed.jsonl:N"),
    Case("jsonl-escape-in-bad-row", write("seeds/feed.jsonl", '{"text": 5, "title": "\\u001b]0;pwned\\u0007"}\n'),
         "seeds/feed.jsonl:N"),
    Case("csv-row-with-empty-text", write("seeds/feed.csv", "title,body\nTalks in Beijing,\n"), "seeds/feed.csv:N"),
    Case("json-object-without-a-list", write("seeds/feed.json", '{"status": "ok", "totalResults": 0}'),
         "seeds/feed.json:N"),
    Case("json-cut-off", write("seeds/feed.json", '[{"text": "Blinken met Wang Yi."'), "seeds/feed.json:N"),
    Case("html-without-a-story", write("seeds/shell.html", "<html><body><div id=root></div></body></html>"),
         "seeds/shell.html"),
]


def test_the_table_has_at_least_60_cases():
    assert len({case.id for case in CASES}) == len(CASES) >= 60


# --- the four runners --------------------------------------------------------------------

def _message(root: Path, case: Case) -> re.Pattern:
    """A line naming the case's file, with a line number when the case says ':N'."""
    rel, needs_line = (case.where[:-2], True) if case.where.endswith(":N") else (case.where, False)
    path = re.escape(visible_line(str(root / rel)))   # messages show a newline in a name as ␊
    line = r":\d+" if needs_line else r"(?::\d+)?"
    return re.compile(rf"^{path}{line}: {'warning: ' if case.warning else ''}\S", re.MULTILINE)


def _files(root: Path) -> dict[str, bytes | str]:
    """Every entry under annotations/: the bytes of a file, the kind of anything else. Not the
    derived index in annotations/.newsdesk/: a cache newsdesk may write (and git ignores)."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, names in os.walk(root / "annotations"):
        if Path(folder) == root / "annotations":
            dirs[:] = [d for d in dirs if d != ".newsdesk"]
        for name in dirs + names:
            path = Path(folder, name)
            found[str(path.relative_to(root))] = path.read_bytes() if path.is_file() and not path.is_symlink() \
                else "folder" if path.is_dir() else "other"
    return found


def _cli(args: list[str], root: Path, case: Case) -> list[str]:
    """What is wrong with one command's run on the case's corpus (nothing: [])."""
    try:
        result = subprocess.run([NEWSDESK, *args, str(root / "seeds")], capture_output=True, text=True,
                                timeout=60, stdin=subprocess.DEVNULL, errors="replace")
    except subprocess.TimeoutExpired:
        return [f"{args[0]}: still running after 60 s"]
    wrong = []
    if "Traceback" in result.stderr:
        wrong.append(f"{args[0]}: traceback:\n{result.stderr[-2000:]}")
    if re.search("[\x1b\x07]", result.stdout + result.stderr):
        wrong.append(f"{args[0]}: an escape or bell character reached the terminal")
    if result.returncode != case.status:
        wrong.append(f"{args[0]}: exit {result.returncode}, not {case.status}:\n{result.stderr[-2000:]}")
    if not _message(root, case).search(result.stderr):
        wrong.append(f"{args[0]}: no line naming {case.where}:\n{result.stderr[-2000:]}")
    return wrong


async def _app(root: Path, case: Case) -> list[str]:
    from tui.ui.app import NewsdeskApp

    app = NewsdeskApp(root / "seeds", root / "annotations", annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        if app.ws is None:
            return [f"app: the workspace did not open: {app.query_one('#status').render()}"]
        wrong = []
        if missing := set(SEED_IDS) - set(app.ws.articles):
            wrong.append(f"app: seed articles not loaded: {sorted(missing)}")
        text = await problems_screen_text(app, pilot)
        if not _message(root, case).search(text):
            wrong.append(f"app: ! does not name {case.where}:\n{text[-2000:]}")
    return wrong


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    from tui.core.annotate import annotate
    from tui.core.workspace import open_workspace

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    case.make(tmp_path)
    # A case that adds an article has it annotated first (the model loads once per process),
    # so that every runner sees a corpus where nothing is left to write.
    if open_workspace(tmp_path / "seeds", tmp_path / "annotations").stale_ids():
        annotate(tmp_path / "seeds", tmp_path / "annotations")
    before = _files(tmp_path)
    wrong: list[str] = []
    for name, run in (("annotate", lambda: _cli(["annotate"], tmp_path, case)),
                      ("export", lambda: _cli(["export"], tmp_path, case)),
                      ("search", lambda: _cli(["search", "Blinken"], tmp_path, case)),
                      ("app", lambda: asyncio.run(asyncio.wait_for(_app(tmp_path, case), 60)))):
        wrong += run()
        if _files(tmp_path) != before:
            wrong.append(f"{name}: changed a file under annotations/")
            before = _files(tmp_path)
    assert not wrong, "\n".join(wrong)
