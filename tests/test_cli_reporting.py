"""How the installed `newsdesk` command reports: exit statuses, one wording per situation in
every subcommand, warnings on stderr, and a quiet end when the reader of a pipe goes away.

Exit statuses (README): 0 all well; 1 some file had a problem and the rest was done, or
`search` found nothing; 2 nothing could be done. A warning is not a problem: it never
changes the status.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")   # the installed command, as a user runs it
# Each subcommand with the arguments it needs besides ARTICLES_DIR; "" is the bare command (the app).
COMMANDS = {"annotate": ["annotate"], "export": ["export"], "search": ["search", "Blinken"]}


def newsdesk(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSDESK, *map(str, args)], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds and their gold annotations, copied: every command runs without the model."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    return tmp_path / "seeds"


@pytest.mark.parametrize("command", [[], *COMMANDS.values()], ids=["app", *COMMANDS])
def test_a_missing_folder_is_said_the_same_way_everywhere(tmp_path, command):
    prog = " ".join(["newsdesk", *command[:1]])
    missing = tmp_path / "nowhere"
    result = newsdesk(*command, missing)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"{prog}: {missing}: no such folder\n")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder\n")
    result = newsdesk(*command, a_file)
    assert (result.returncode, result.stderr) == (2, f"{prog}: {a_file}: not a folder\n")


@pytest.mark.parametrize("command", [[], *COMMANDS.values()], ids=["app", *COMMANDS])
def test_a_folder_without_readable_articles_is_exit_2_everywhere(tmp_path, command):
    prog = " ".join(["newsdesk", *command[:1]])
    folder = tmp_path / "articles"
    folder.mkdir()
    (tmp_path / "annotations").mkdir()   # export would first say that there are no annotations
    (folder / "notes.yaml").write_text("x: 1\n")
    result = newsdesk(*command, folder)
    assert result.returncode == 2
    assert result.stderr.endswith(f"{prog}: no articles in {folder} (newsdesk reads .txt, .md, .html and .htm files, and "
                                  ".jsonl, .json and .csv dumps)\n")
    if command:   # the app's listing does not read the files; the commands do, and say which failed
        (folder / "broken.txt").write_bytes(b"\0binary")
        result = newsdesk(*command, folder)
        assert result.returncode == 2, "nothing could be done"
        assert result.stderr.startswith(f"{folder / 'broken.txt'}:1: ")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_problem_file_is_exit_1_and_the_rest_is_done(corpus, name):
    (corpus / "broken.txt").write_bytes(b"abc\x00def")
    result = newsdesk(*COMMANDS[name], corpus)
    assert result.returncode == 1, result.stderr
    assert f"{corpus / 'broken.txt'}:1: binary file" in result.stderr
    assert result.stdout   # the summary, the export, the hits: the good articles are still done
    if name == "search":
        assert "antony-blinken" in result.stdout


def test_search_exits_1_when_nothing_matches_even_without_problems(corpus):
    result = newsdesk("search", "zqxvkw", corpus)
    assert (result.returncode, result.stdout) == (1, "")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_closed_pipe_ends_quietly(corpus, name):
    """`newsdesk … | head`: the reader goes away before the output is written."""
    process = subprocess.Popen([NEWSDESK, *COMMANDS[name], str(corpus)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    process.stdout.close()   # before the command has even imported its modules
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141   # 128 + SIGPIPE, what a shell shows for `yes | head`
    assert "Traceback" not in stderr and "Broken" not in stderr and "Exception ignored" not in stderr


# Three articles newsdesk reads anyway, each with the warning it says about them.
ODD_ARTICLES = {
    "cp1252.txt": (b"Caf\xe9 talks in Beijing were \x93frank\x94, officials said on Monday.\n",
                   "not UTF-8, read as cp1252"),
    "mojibake.txt": ("Beijing said the talks were â€œfrankâ€ and â€œusefulâ€.\n\nMore later.\n".encode(),
                     "repaired 4 mis-decoded character sequences (mojibake)"),
    "chrome.txt": (b"Skip to main content\n\nAdvertisement\n\nShare\n",
                   "no story text found: every line looks like page chrome"),
}


@pytest.mark.model
@pytest.mark.parametrize("name", COMMANDS)
def test_warnings_are_printed_and_do_not_change_the_status(corpus, name):
    for file, (data, _) in ODD_ARTICLES.items():
        (corpus / file).write_bytes(data)
    result = newsdesk(*COMMANDS[name], corpus)
    assert result.returncode == 0, result.stderr
    for file, (_, warning) in ODD_ARTICLES.items():
        assert f"{corpus / file}: warning: {warning}\n" in result.stderr
