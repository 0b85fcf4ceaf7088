"""tui.core.index: the derived SQLite index, on real files, a real database and real processes.

The index is right when the workspace read through it is the one open_workspace reads
from the files, after any change to the files, and whatever happened to the index file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui.core.digest import digest_of
from tui.core.index import Index, index_file, open_indexed
from tui.core.search import build_index
from tui.core.views import article_rows, co_occurring, count_mentions, mentions_per_article
from tui.core.store import ReadOnlyError
from tui.core.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SEEDS, GOLD = ROOT / "seeds", ROOT / "annotations"


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds and their hand-checked annotations, copied."""
    articles, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(SEEDS, articles)
    shutil.copytree(GOLD, annotations, ignore=shutil.ignore_patterns(".newsdesk"))
    return articles, annotations


def same_as_files(ws, articles: Path, annotations: Path) -> None:
    """ws holds what open_workspace reads from the files, problems and read-only files included."""
    ref = open_workspace(articles, annotations)
    assert ws.articles == ref.articles
    assert ws.annotations == ref.annotations
    assert ws.people == ref.people
    assert list(ws.meetings.items()) == list(ref.meetings.items())
    assert sorted(map(str, ws.problems)) == sorted(map(str, ref.problems))
    assert ws.store.read_only == ref.store.read_only
    assert ws.person("tony-blinken") == ref.person("tony-blinken")
    same_views(ws, ref)


def same_views(ws, ref) -> None:
    """What the list, search and the person pages read of ws (from the index's digests where
    it has one) is what they read of ref (from its decoded annotations)."""
    assert ws.digests() == ref.digests()
    assert article_rows(ws) == article_rows(ref)
    assert ws.stale_ids() == ref.stale_ids()
    assert ws.warnings == ref.warnings
    assert ws.file_names() == ref.file_names()
    assert ws.person_counts() == count_mentions(ref.annotations.values())
    for pid in ref.people:
        assert ws.mentions_of(pid) == ref.mentions_of(pid)
        assert mentions_per_article(ws, pid) == mentions_per_article(ref, pid)
        assert co_occurring(ws, pid) == co_occurring(ref, pid)
    mine, theirs = build_index(ws), build_index(ref)
    for query in ("blinken", "beijing", "state department", "wang", "june 2023", "talks"):
        assert mine.search(query) == theirs.search(query)


def reads(articles: Path, annotations: Path) -> int:
    """How many articles a refresh read again from their files."""
    ws, done = open_indexed(articles, annotations)
    same_as_files(ws, articles, annotations)
    assert done.unavailable is None
    ws.index.close()
    return done.read


def opened(articles: Path, annotations: Path):
    """The workspace through the index, with the index closed (as at the end of a session)."""
    ws, done = open_indexed(articles, annotations)
    if ws.index is not None:
        ws.index.close()
    return ws, done


def test_the_first_open_builds_it_and_the_next_reads_nothing(desk):
    articles, annotations = desk
    ws, done = opened(articles, annotations)
    assert done.rebuilt == "there was none" and done.read == 5
    same_as_files(ws, articles, annotations)
    assert index_file(annotations).is_file()
    assert reads(articles, annotations) == 0


def test_it_lives_beside_the_annotations_and_git_ignores_it(desk):
    articles, annotations = desk
    subprocess.run(["git", "init", "-q", str(annotations)], check=True)
    opened(articles, annotations)
    assert index_file(annotations) == annotations / ".newsdesk" / "index.sqlite"
    status = subprocess.run(["git", "-C", str(annotations), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".newsdesk" not in status
    assert "people.yaml" in status   # git does see the analyst's files


def test_only_the_files_that_changed_are_read_again(desk):
    articles, annotations = desk
    opened(articles, annotations)
    yaml = annotations / "articles" / "000_340ba6ed93e242f0.yaml"
    yaml.write_text(yaml.read_text().replace("title: ", "title: Edited by hand ", 1))
    assert reads(articles, annotations) == 1
    ws, _ = open_indexed(articles, annotations)
    assert ws.annotations["000_340ba6ed93e242f0"].meta.title.startswith("Edited by hand ")

    text = articles / "000_340ba6ed93e242f0.txt"
    text.write_text(text.read_text() + "\nA line added by git pull.\n")
    assert reads(articles, annotations) == 1   # its annotation is anchored to the new text again


def test_a_file_replaced_with_the_same_size_and_mtime_is_read_again(desk):
    """An atomic replace within one mtime tick: the inode tells."""
    articles, annotations = desk
    opened(articles, annotations)
    yaml = annotations / "articles" / "000_340ba6ed93e242f0.yaml"
    before = yaml.stat()
    old = yaml.read_text()
    new = old.replace("status: accepted", "status: rejected", 1)
    assert new != old and len(new) == len(old)
    replacement = yaml.with_name(".replacement")
    replacement.write_text(new)
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, yaml)
    assert reads(articles, annotations) == 1


def test_articles_and_files_that_come_and_go(desk):
    articles, annotations = desk
    opened(articles, annotations)
    shutil.copy(articles / "000_340ba6ed93e242f0.txt", articles / "copy.txt")
    (articles / "001_5843e84394fa44eb.txt").unlink()   # its annotation file is left: a problem
    assert reads(articles, annotations) == 1
    ws, _ = open_indexed(articles, annotations)
    assert "copy" in ws.articles and "001_5843e84394fa44eb" not in ws.articles
    assert any("no article '001_5843e84394fa44eb'" in p.message for p in ws.problems)


def test_people_changed_on_disk_change_the_notices_of_the_files_that_link_to_them(desk):
    articles, annotations = desk
    opened(articles, annotations)
    people = annotations / "people.yaml"
    text = people.read_text()
    people.write_text(text.replace("id: wang-yi\n", "id: wang-yi-renamed\n", 1))
    read = reads(articles, annotations)   # the notices "no person 'wang-yi'" match open_workspace's
    assert 0 < read < 5                   # only the articles that link to Wang Yi
    people.write_text(text)
    assert reads(articles, annotations) == read


def test_an_invalid_file_is_read_only_from_the_index_too(desk):
    articles, annotations = desk
    opened(articles, annotations)
    yaml = annotations / "articles" / "000_340ba6ed93e242f0.yaml"
    yaml.write_text(yaml.read_text().replace("label: PERSON", "label: PERSONS", 1))
    opened(articles, annotations)
    ws, done = open_indexed(articles, annotations)
    assert done.read == 0
    same_as_files(ws, articles, annotations)
    with pytest.raises(ReadOnlyError):
        ws.store.save_annotation(ws.annotations["000_340ba6ed93e242f0"])


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign version", "not ours"])
def test_a_damaged_or_foreign_index_is_rebuilt_and_nothing_is_lost(desk, damage):
    articles, annotations = desk
    opened(articles, annotations)
    path = index_file(annotations)
    if damage == "garbage":
        path.write_bytes(b"not a database at all " * 500)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[:100] + b"\0" * 2000 + data[2100:len(data) // 2])
    else:
        con = sqlite3.connect(path)
        con.execute("PRAGMA user_version = 99" if damage == "foreign version" else "PRAGMA application_id = 7")
        con.commit()
        con.close()
    ws, done = opened(articles, annotations)
    assert done.rebuilt and done.read == 5, done
    same_as_files(ws, articles, annotations)
    assert reads(articles, annotations) == 0


def test_where_no_index_can_be_kept_the_files_are_read_as_they_are(desk):
    articles, annotations = desk
    (annotations / ".newsdesk").write_text("a file where the folder would be")
    ws, done = open_indexed(articles, annotations)
    assert done.unavailable and "cannot keep an index" in done.unavailable
    same_as_files(ws, articles, annotations)


def test_an_edit_saved_by_the_app_is_in_the_index_at_once_and_the_file_is_read_next_time(desk):
    articles, annotations = desk
    ws, _ = open_indexed(articles, annotations)
    annotation = ws.annotations["000_340ba6ed93e242f0"]
    annotation.meta.title = "Saved by the app"
    ws.store.save_annotation(annotation)
    index = Index(articles, annotations)
    index.put_annotation(annotation)
    assert index.annotation("000_340ba6ed93e242f0").meta.title == "Saved by the app"
    index.close()
    assert reads(articles, annotations) == 1


def test_the_list_search_and_counts_start_without_decoding_an_annotation(desk, monkeypatch):
    import tui.core.index as ix

    articles, annotations = desk
    open_indexed(articles, annotations)[0].index.close()
    ws, done = open_indexed(articles, annotations)
    assert done.read == 0
    decoded = []
    real = ix._annotation_from
    monkeypatch.setattr(ix, "_annotation_from", lambda aid, data: decoded.append(aid) or real(aid, data))
    rows = article_rows(ws)
    build_index(ws).search("blinken")
    ws.stale_ids(), ws.warnings, ws.person_counts()
    assert len(rows) == 5 and decoded == []
    # A person page decodes the articles that name the person, and no other.
    assert {aid for aid, _ in ws.mentions_of("antony-blinken")} == set(decoded) == {
        "001_5843e84394fa44eb", "002_0af8d4bc5d39ec79", "004_a2871e021c39f267"}
    ws.index.close()


def test_an_annotation_is_decoded_once_and_edits_to_it_are_what_later_lookups_see(desk):
    articles, annotations = desk
    ws, _ = open_indexed(articles, annotations)
    first = ws.annotations["000_340ba6ed93e242f0"]
    first.mentions[0].status = "rejected"
    assert ws.annotations["000_340ba6ed93e242f0"] is first
    assert dict(ws.annotations.items())["000_340ba6ed93e242f0"] is first
    assert "000_340ba6ed93e242f0" in ws.annotations and "no-such-article" not in ws.annotations
    with pytest.raises(KeyError):
        ws.annotations["no-such-article"]
    ws.index.close()


def test_an_edit_put_in_the_index_changes_its_digest(desk):
    articles, annotations = desk
    ws, _ = open_indexed(articles, annotations)
    aid = "004_a2871e021c39f267"
    annotation = ws.annotations[aid]
    before = ws.digests()[aid]
    blinken = [m for m in annotation.mentions if m.person == "antony-blinken"]
    for m in blinken:
        m.status = "rejected"
    annotation.meta.title = "Renamed by the analyst"
    ws.store.save_annotation(annotation)
    ws.index.put_annotation(annotation)
    after = ws.digests()[aid]
    assert after == digest_of(ws.articles[aid], annotation) != before
    assert after.title == "Renamed by the analyst" and "antony-blinken" not in dict(after.linked)
    assert aid not in {a for a, _ in ws.mentions_of("antony-blinken")}
    assert next(r for r in article_rows(ws) if r.id == aid).title == "Renamed by the analyst"
    ws.index.close()


KILLED = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import tui.core.index as ix
    ix.BATCH = 2
    def progress(done, total):
        if done >= 4:
            os.kill(os.getpid(), 9)   # in the middle of a refresh, between two write transactions
    ix.Index(Path(sys.argv[1]), Path(sys.argv[2])).refresh(progress)
""")


def test_a_process_killed_while_it_updates_the_index_leaves_the_files_whole_and_the_index_usable(desk, tmp_path):
    articles, annotations = desk
    before = {p: p.read_bytes() for p in annotations.rglob("*.yaml")}
    script = tmp_path / "killed.py"
    script.write_text(KILLED.format(root=str(ROOT)))
    done = subprocess.run([sys.executable, str(script), str(articles), str(annotations)])
    assert done.returncode == -9
    assert {p: p.read_bytes() for p in annotations.rglob("*.yaml")} == before
    ws, refreshed = open_indexed(articles, annotations)
    assert refreshed.read == 1 and not refreshed.rebuilt   # the four committed before the kill stay
    same_as_files(ws, articles, annotations)


BUSY = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from tui.core.index import open_indexed
    articles, annotations = Path(sys.argv[1]), Path(sys.argv[2])
    yaml = annotations / "articles" / f"{{sys.argv[3]}}.yaml"
    for n in range(15):
        ws, done = open_indexed(articles, annotations)
        assert done.unavailable is None, done.unavailable
        yaml.write_text(yaml.read_text().replace("model: ", f"model: {{sys.argv[3]}}{{n}} ", 1))
    print("ok")
""")


def test_two_processes_share_one_index(desk, tmp_path):
    """Each refreshes while the other writes, fifteen times: WAL and the busy timeout."""
    articles, annotations = desk
    script = tmp_path / "busy.py"
    script.write_text(BUSY.format(root=str(ROOT)))
    runs = [subprocess.Popen([sys.executable, str(script), str(articles), str(annotations), aid],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for aid in ("000_340ba6ed93e242f0", "001_5843e84394fa44eb")]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0 and out.strip() == "ok", err
    con = sqlite3.connect(index_file(annotations))
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    ws, _ = open_indexed(articles, annotations)
    same_as_files(ws, articles, annotations)
