"""Prodigy and spaCy round trips on copies of the real seeds and their gold annotations:
`newsdesk export --format prodigy|spacy` and `newsdesk import --format prodigy`
(docs/interop.md). The command runs as a user runs it (tui.cli.main); the files are read
back through the store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.corpus import read_corpus
from tui.core.models import Mention
from tui.core.store import AnnotationStore

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = "000_340ba6ed93e242f0"   # gold: every mention accepted or rejected
FRESH = "001_5843e84394fa44eb"      # made to look freshly annotated: model output unreviewed


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """tmp_path/seeds and tmp_path/annotations: the real seeds and gold, FRESH's accepted
    model mentions turned back into unreviewed model output."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    store = AnnotationStore(tmp_path / "annotations")
    annotation, _ = store.load_annotation(FRESH, _articles(tmp_path)[FRESH])
    for m in annotation.mentions:
        if m.by == "model" and m.status == "accepted":
            m.status = "unreviewed"
    store.save_annotation(annotation)
    return tmp_path


def _articles(root: Path) -> dict:
    return {a.id: a for a in read_corpus(root / "seeds")[0]}


def _mentions(root: Path, aid: str) -> set[tuple]:
    annotation, problems = AnnotationStore(root / "annotations").load_annotation(aid, _articles(root)[aid])
    assert not problems
    return {(m.start, m.end, m.text, m.label, m.by, m.status) for m in annotation.mentions}


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "annotations" / "articles").iterdir())}


def _run(capsys, *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def _export(capsys, root: Path, fmt: str, out: Path) -> tuple[int, str]:
    status, _, err = _run(capsys, "export", root / "seeds", "--format", fmt, "-o", out)
    return status, err


def _import(capsys, root: Path, jsonl: Path, *more: str) -> tuple[int, str, str]:
    return _run(capsys, "import", "--format", "prodigy", jsonl, root / "seeds", *more)


def _tasks(path: Path) -> dict[str, dict]:
    return {task["meta"]["id"]: task for task in map(json.loads, path.read_text().splitlines())}


def _write(path: Path, tasks) -> None:
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks))


def _span(task: dict, words: str, nth: int = 0) -> dict:
    return [s for s in task["spans"] if task["text"][s["start"]:s["end"]] == words][nth]


# ---- export prodigy -------------------------------------------------------------------------

def test_prodigy_export_is_one_ner_task_per_article(corpus, capsys):
    status, _ = _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    assert status == 0
    tasks, articles = _tasks(corpus / "tasks.jsonl"), _articles(corpus)
    assert sorted(tasks) == sorted(articles)
    for aid, task in tasks.items():
        assert task["text"] == articles[aid].text
        live = {(s, e, label) for s, e, _, label, _, status in _mentions(corpus, aid) if status != "rejected"}
        assert {(s["start"], s["end"], s["label"]) for s in task["spans"]} == live
        for span in task["spans"]:   # token_end is the last token, as Prodigy counts it
            first, last = task["tokens"][span["token_start"]], task["tokens"][span["token_end"]]
            assert (first["start"], last["end"]) == (span["start"], span["end"])
            assert span["text"] == task["text"][span["start"]:span["end"]]
        assert [t["id"] for t in task["tokens"]] == list(range(len(task["tokens"])))
        assert all(task["text"][t["start"]:t["end"]] == t["text"] for t in task["tokens"])
        assert task["meta"]["id"] == aid
    assert tasks[REVIEWED]["answer"] == "accept"
    assert tasks[FRESH]["answer"] == "ignore"   # unreviewed model output is not gold
    assert tasks[REVIEWED]["meta"]["outlet"] == "Bloomberg" and tasks[REVIEWED]["meta"]["date"] == "2023-06-06"


# ---- import prodigy -------------------------------------------------------------------------

def test_importing_an_unchanged_export_changes_nothing(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    before = _files(corpus)
    status, out, err = _import(capsys, corpus, corpus / "tasks.jsonl")
    assert status == 0, err
    assert "nothing changed" in out
    assert _files(corpus) == before


def test_an_accepted_task_comes_back_as_analyst_edits_and_twice_changes_nothing(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    task = _tasks(corpus / "tasks.jsonl")[FRESH]
    text = task["text"]
    dropped = _span(task, "Pacific")             # the annotator deleted it
    task["spans"].remove(dropped)
    relabelled = _span(task, "East Asian")       # NORP -> LOC
    relabelled["label"] = "LOC"
    new_start = text.index("officials said Tuesday")
    task["spans"].append({"start": new_start, "end": new_start + 9, "label": "NORP"})   # "officials": added
    task["answer"] = "accept"
    _write(corpus / "edited.jsonl", [task])

    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert status == 0, err
    after = _mentions(corpus, FRESH)
    assert (dropped["start"], dropped["end"], "Pacific", "LOC", "model", "rejected") in after
    s, e = relabelled["start"], relabelled["end"]
    assert (s, e, "East Asian", "NORP", "model", "rejected") in after   # kept, so a re-run does not bring it back
    assert (s, e, "East Asian", "LOC", "analyst", "accepted") in after
    assert (new_start, new_start + 9, "officials", "NORP", "analyst", "accepted") in after
    assert not any(status == "unreviewed" for *_, status in after)   # the rest: accepted as the task holds them
    assert (339, 357, "Daniel Kritenbrink", "PERSON", "model", "accepted") in after
    assert "1 article changed" in out

    before = _files(corpus)
    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert status == 0, err
    assert "nothing changed" in out and "1 already up to date" in out
    assert _files(corpus) == before


def test_a_rejected_task_rejects_its_spans_and_a_span_answer_wins(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    task = _tasks(corpus / "tasks.jsonl")[FRESH]
    task["answer"] = "reject"
    # A span may carry its own answer: Taiwan is no GPE here but a LOC (a span-level accept).
    task["spans"] = [_span(task, "TAIPEI"), dict(_span(task, "Taiwan"), label="LOC", answer="accept")]
    _write(corpus / "edited.jsonl", [task])
    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert status == 0, err
    after = _mentions(corpus, FRESH)
    assert (120, 126, "TAIPEI", "GPE", "model", "rejected") in after
    assert (128, 134, "Taiwan", "GPE", "model", "rejected") in after   # the reading the LOC replaces
    assert (128, 134, "Taiwan", "LOC", "analyst", "accepted") in after
    assert (145, 149, "U.S.", "GPE", "model", "unreviewed") in after   # not in the task: untouched


def test_a_span_that_disagrees_with_the_analyst_is_reported_and_the_analyst_edit_kept(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    task = _tasks(corpus / "tasks.jsonl")[REVIEWED]
    task["spans"].remove(_span(task, "Daniel Kritenbrink"))                # the analyst accepted it
    _span(task, "National Security Council")["label"] = "GPE"              # the analyst added it as ORG
    task["spans"].append({"start": 1005, "end": 1032, "label": "ORG"})     # the analyst rejected it
    task["spans"].remove(_span(task, "North American and Oceanian Affairs Department"))
    _write(corpus / "edited.jsonl", [task])
    before = _files(corpus)

    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert status == 1
    assert _files(corpus) == before   # every disagreement was with the analyst: nothing applied
    conflicts = [line for line in err.splitlines() if "conflict" in line]
    assert all(line.startswith(f"{corpus / 'edited.jsonl'}:1: conflict in {REVIEWED}") for line in conflicts)
    said = "\n".join(conflicts)
    assert "at 220-238: Prodigy leaves out PERSON “Daniel Kritenbrink”; the analyst accepted PERSON" in said
    assert "at 785-810: Prodigy has GPE “National Security Council”; the analyst added ORG" in said
    assert "at 1005-1032: Prodigy accepts ORG “Oceanian Affairs Department”; the analyst rejected ORG" in said
    assert out == "1 task: nothing changed; 4 conflicts, the analyst's version kept\n"


def test_a_file_rewritten_by_prodigy_still_finds_its_articles(corpus, capsys):
    """db-out writes its own keys and hashes, drops ours, and may not keep token ids."""
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    task = _tasks(corpus / "tasks.jsonl")[FRESH]
    rewritten = {"_input_hash": -1, "_task_hash": 7, "_view_id": "ner_manual", "_session_id": "x-analyst",
                 "answer": "accept", "meta": {}, "text": task["text"],
                 "spans": [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in task["spans"]]}
    _write(corpus / "db-out.jsonl", [rewritten])
    status, out, err = _import(capsys, corpus, corpus / "db-out.jsonl")
    assert status == 0, err
    assert not any(status == "unreviewed" for *_, status in _mentions(corpus, FRESH))


def test_tasks_without_an_article_and_bad_lines_are_reported_and_the_rest_imported(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    tasks = _tasks(corpus / "tasks.jsonl")
    changed = dict(tasks[REVIEWED], text=tasks[REVIEWED]["text"] + "\n")   # the article as it was once
    bad_label = json.loads(json.dumps(tasks[REVIEWED]))
    bad_label["spans"][0]["label"] = "PRODUCTS"
    good = dict(tasks[FRESH], answer="accept")
    path = corpus / "mixed.jsonl"
    path.write_text("\n".join([json.dumps(changed), "{not json", json.dumps(bad_label), json.dumps(good)]) + "\n")
    before = _files(corpus)[f"{REVIEWED}.yaml"]

    status, out, err = _import(capsys, corpus, path)
    assert status == 1
    assert f"{path}:1: no article with this text (article {REVIEWED} has changed since the export" in err
    assert f"{path}:2: not JSON" in err
    assert f"{path}:3: span 1: label \"PRODUCTS\" is not one of newsdesk's labels" in err
    assert "Traceback" not in err
    assert _files(corpus)[f"{REVIEWED}.yaml"] == before
    assert not any(status == "unreviewed" for *_, status in _mentions(corpus, FRESH))   # line 4 applied


def test_dry_run_writes_nothing(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    _write(corpus / "edited.jsonl", [dict(_tasks(corpus / "tasks.jsonl")[FRESH], answer="accept")])
    before = _files(corpus)
    status, out, _ = _import(capsys, corpus, corpus / "edited.jsonl", "--dry-run")
    assert status == 0
    assert out.startswith("dry run, nothing written: 1 task: 1 article changed")
    assert _files(corpus) == before


def test_the_import_waits_for_the_folder_lock_and_keeps_what_was_saved_meanwhile(corpus, capsys):
    """Another newsdesk holds the lock and saves an edit: the import reads the file after it."""
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    _write(corpus / "edited.jsonl", [dict(_tasks(corpus / "tasks.jsonl")[FRESH], answer="accept")])
    holder = subprocess.Popen([sys.executable, "-c", f"""
import sys, time
from pathlib import Path
from tui.core.filelock import folder_lock
from tui.core.store import AnnotationStore
from tui.core.corpus import read_corpus
from tui.core.models import Mention
root = Path({str(corpus)!r})
store = AnnotationStore(root / "annotations")
article = next(a for a in read_corpus(root / "seeds")[0] if a.id == {FRESH!r})
with folder_lock(store.root):   # as the app saves an edit: check the file on disk, then write it
    annotation, _ = store.load_annotation(article.id, article)
    print("held", flush=True)
    time.sleep(1.5)
    annotation.note = "saved by the app meanwhile"
    store.save_annotation(annotation)
"""], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline() == "held\n"
    started = time.monotonic()
    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert holder.wait(timeout=30) == 0
    assert status == 0, err
    assert time.monotonic() - started > 0.5   # it waited for the lock
    annotation, _ = AnnotationStore(corpus / "annotations").load_annotation(FRESH, _articles(corpus)[FRESH])
    assert annotation.note == "saved by the app meanwhile"
    assert not any(m.status == "unreviewed" for m in annotation.mentions)


# ---- export spacy ---------------------------------------------------------------------------

def test_spacy_export_holds_the_reviewed_articles_entities(corpus, capsys):
    import spacy
    from spacy.tokens import DocBin

    status, err = _export(capsys, corpus, "spacy", corpus / "train.spacy")
    assert status == 0, err
    assert "4 reviewed articles" in err and "1 with model output to review left out" in err
    docs = list(DocBin().from_disk(corpus / "train.spacy").get_docs(spacy.blank("en").vocab))
    articles = _articles(corpus)
    assert sorted(doc.user_data["newsdesk_article"] for doc in docs) == sorted(set(articles) - {FRESH})
    for doc in docs:
        aid = doc.user_data["newsdesk_article"]
        assert doc.text == articles[aid].text
        live = {(s, e, label) for s, e, _, label, _, status in _mentions(corpus, aid) if status != "rejected"}
        assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} == live


def test_spacy_export_widens_mentions_inside_a_token_and_drops_overlaps_with_a_warning(corpus, capsys):
    import spacy
    from spacy.tokens import DocBin

    store = AnnotationStore(corpus / "annotations")
    article = _articles(corpus)[REVIEWED]
    annotation, _ = store.load_annotation(REVIEWED, article)
    annotation.mentions += [Mention(1, 6, "Bloom", "ORG", by="analyst", status="accepted"),   # inside "Bloomberg"
                            Mention(318, 320, "Ma", "PERSON", by="analyst", status="accepted")]  # under "Ma Zhaoxu"
    store.save_annotation(annotation)

    status, err = _export(capsys, corpus, "spacy", corpus / "train.spacy")
    assert status == 0, err
    assert "1 mention ending inside a spaCy token, widened to whole tokens: " \
           f"{REVIEWED} 1-6 “Bloom” → “Bloomberg”" in err
    assert f"1 mention left out (spaCy entities cannot overlap: the longest is kept): {REVIEWED} 318-320" in err
    doc = next(d for d in DocBin().from_disk(corpus / "train.spacy").get_docs(spacy.blank("en").vocab)
               if d.user_data["newsdesk_article"] == REVIEWED)
    ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    assert (318, 327, "PERSON") in ents and (318, 320, "PERSON") not in ents
    assert (1, 10, "ORG") in ents


def test_spacy_export_refuses_standard_output_and_an_all_unreviewed_corpus(corpus, capsys):
    status, err = _export(capsys, corpus, "spacy", "-")
    assert status == 2 and "binary DocBin" in err
    store = AnnotationStore(corpus / "annotations")
    for aid, article in _articles(corpus).items():
        annotation, _ = store.load_annotation(aid, article)
        annotation.mentions[0].status, annotation.mentions[0].by = "unreviewed", "model"
        store.save_annotation(annotation)
    status, err = _export(capsys, corpus, "spacy", corpus / "train.spacy")
    assert status == 2 and "no reviewed article" in err
    assert not (corpus / "train.spacy").exists()


def test_prodigy_goes_to_standard_output_without_o(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    status, out, _ = _run(capsys, "export", corpus / "seeds", "--format", "prodigy")
    assert status == 0
    assert out == (corpus / "tasks.jsonl").read_text()


def test_an_invalid_or_write_protected_annotation_file_is_reported_and_left_alone(corpus, capsys):
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    tasks = _tasks(corpus / "tasks.jsonl")
    _write(corpus / "edited.jsonl", [dict(tasks[FRESH], answer="accept"), dict(tasks[REVIEWED], spans=[])])
    articles = corpus / "annotations" / "articles"
    broken = articles / f"{REVIEWED}.yaml"
    broken.write_text(broken.read_text().replace("label: GPE", "label: PLACE", 1))   # invalid: read-only
    (articles / f"{FRESH}.yaml").chmod(0o444)                                          # the analyst locked it
    before = _files(corpus)

    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl", "--dry-run")
    assert status == 1 and f"{FRESH}.yaml is write-protected" in err   # a dry run says so too
    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert status == 1
    assert f"{REVIEWED}: its annotation file is invalid (see above): nothing imported" in err
    assert "PLACE" in err   # the reason, from the store's check
    assert f"{FRESH}.yaml is write-protected: nothing imported (to import into it, make it writable" in err
    assert "conflict" not in err   # the invalid file was not read for decisions
    assert "Traceback" not in err
    assert _files(corpus) == before


def test_an_article_changed_since_annotate_or_without_annotations_is_refused(corpus, capsys):
    with (corpus / "seeds" / f"{FRESH}.txt").open("a") as f:
        f.write("\nA line added after annotate ran.\n")
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")   # spans re-anchored onto the new text
    tasks = _tasks(corpus / "tasks.jsonl")
    _write(corpus / "edited.jsonl", [dict(tasks[FRESH], answer="accept"), dict(tasks[REVIEWED], answer="accept")])
    (corpus / "annotations" / "articles" / f"{REVIEWED}.yaml").unlink()
    before = _files(corpus)

    status, out, err = _import(capsys, corpus, corpus / "edited.jsonl")
    assert status == 1
    assert f"edited.jsonl:1: {FRESH} changed since it was annotated: run newsdesk annotate, then import again" in err
    assert f"edited.jsonl:2: {REVIEWED} has no annotation file: run newsdesk annotate first" in err
    assert _files(corpus) == before


def test_an_unreadable_file_or_an_empty_articles_folder_stops_the_import_with_status_2(corpus, capsys):
    for path, why in [(corpus / "nowhere.jsonl", "No such file"), (corpus / "seeds", "not a regular file but a folder")]:
        status, out, err = _import(capsys, corpus, path)
        assert status == 2 and why in err and "Traceback" not in err
    _export(capsys, corpus, "prodigy", corpus / "tasks.jsonl")
    (corpus / "empty").mkdir()
    status, out, err = _run(capsys, "import", "--format", "prodigy", corpus / "tasks.jsonl", corpus / "empty",
                            "--annotations", corpus / "annotations")
    assert status == 2 and f"no articles in {corpus / 'empty'}" in err


def test_the_interop_modules_import_neither_textual_nor_spacy():
    """spaCy is loaded only inside the two exports that need its tokenizer."""
    code = ("import sys, tui.core.prodigy, tui.core.prodigy_import, tui.core.docbin_export, tui.core.export; "
            "print(sorted(m for m in ('textual', 'rich', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_import_reads_a_dump_with_the_field_names_it_was_exported_with(tmp_path, capsys, blank_nlp):
    from tui.core.annotate import annotate

    folder = tmp_path / "dump"
    folder.mkdir()
    rows = [{"headline": "Talks in Beijing", "story": "Antony Blinken met Wang Yi in Beijing on Monday."},
            {"headline": "Talks in Paris", "story": "Emmanuel Macron met Olaf Scholz in Paris on Friday."}]
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fields = ["--field", "text=story", "--field", "title=headline"]
    annotate(folder, tmp_path / "annotations", model=blank_nlp, fields={"text": "story", "title": "headline"})
    status, _, err = _run(capsys, "export", folder, "--format", "prodigy", "-o", tmp_path / "tasks.jsonl", *fields)
    assert status == 0, err
    status, out, err = _run(capsys, "import", "--format", "prodigy", tmp_path / "tasks.jsonl", folder, *fields)
    assert status == 0, err
    assert "nothing changed" in out
