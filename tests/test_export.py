"""`newsdesk export`: people, meetings and the network, on the committed gold annotations."""

from __future__ import annotations

import csv
import os
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tui.core.export import edges, to_csv_tables, to_document, to_graphml
from tui.core.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "annotations"


@pytest.fixture(scope="module")
def ws():
    workspace = open_workspace(SEEDS, GOLD)
    assert not [p for p in workspace.problems], workspace.problems
    return workspace


def test_json_document_has_the_documented_shape(ws):
    doc = to_document(ws)
    assert set(doc) == {"people", "meetings", "articles", "edges"}
    person = next(p for p in doc["people"] if p["id"] == "daniel-kritenbrink")
    assert set(person) >= {"id", "name", "aliases", "roles", "affiliation", "articles"}
    assert person["name"] == "Daniel Kritenbrink"
    # He is in every seed but 004.
    assert person["articles"] == sorted(a for a in ws.articles if not a.startswith("004"))
    meeting = doc["meetings"][0]
    assert set(meeting) >= {"id", "participants", "place", "date", "date_text", "status", "reports"}
    assert set(meeting["reports"][0]) >= {"article", "evidence"}
    assert {a["id"] for a in doc["articles"]} == set(ws.articles)
    assert all(set(a) >= {"id", "title", "outlet", "published"} for a in doc["articles"])


def test_one_meeting_reported_by_two_articles_is_one_met_edge(ws):
    met = {(e.source, e.target): e for e in edges(ws) if e.kind == "met"}
    kritenbrink_ma = met[("daniel-kritenbrink", "ma-zhaoxu")]
    assert kritenbrink_ma.weight == 1
    assert {a[:3] for a in kritenbrink_ma.articles} == {"000", "001"}


def test_co_mentioned_weight_counts_articles(ws):
    co = {(e.source, e.target): e for e in edges(ws) if e.kind == "co-mentioned"}
    both = co[("antony-blinken", "daniel-kritenbrink")]
    # Blinken and Kritenbrink are both named in 001 and 002 only.
    assert {a[:3] for a in both.articles} == {"001", "002"}
    assert both.weight == 2


def test_only_held_meetings_make_met_edges(ws):
    met = {(e.source, e.target): e for e in edges(ws) if e.kind == "met"}
    # Li Shangfu refused to meet Lloyd Austin: declined, so no "met" edge.
    assert ws.meetings and any(set(m.participants) == {"li-shangfu", "lloyd-austin"} and m.status == "declined"
                               for m in ws.meetings.values())
    assert ("li-shangfu", "lloyd-austin") not in met
    # Biden and Xi met in Bali, snubbed the G-20 in India and planned another meeting:
    # only the held one counts.
    held = [m for m in ws.meetings.values() if m.status == "held" and m.review != "rejected"
            and {"joe-biden", "xi-jinping"} <= set(m.participants)]
    assert met[("joe-biden", "xi-jinping")].weight == len(held) == 1


def test_a_meeting_marked_wrong_is_left_out(tmp_path):
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    ws = open_workspace(SEEDS, annotations)
    wrong = next(iter(ws.meetings.values()))
    wrong.review = "rejected"
    ws.store.save_meetings(ws.meetings)
    doc = to_document(open_workspace(SEEDS, annotations))
    assert wrong.id not in {m["id"] for m in doc["meetings"]}


def test_csv_tables_parse_and_match_the_json(ws):
    tables = to_csv_tables(ws)
    assert set(tables) == {"people.csv", "meetings.csv", "articles.csv", "edges.csv"}
    people = list(csv.DictReader(io.StringIO(tables["people.csv"])))
    assert len(people) == len(ws.people)
    row = next(r for r in people if r["id"] == "antony-blinken")
    assert row["affiliation"] == ws.people["antony-blinken"].affiliation
    edge_rows = list(csv.DictReader(io.StringIO(tables["edges.csv"])))
    assert len(edge_rows) == len(edges(ws))


def test_csv_names_each_article_of_a_meeting_once(ws):
    rows = list(csv.DictReader(io.StringIO(to_csv_tables(ws)["meetings.csv"])))
    cells = {r["id"]: r["articles"].split("; ") for r in rows}
    assert all(len(ids) == len(set(ids)) for ids in cells.values())
    # the Bali meeting has three reports in one article and two more elsewhere
    assert sorted(cells["xi-biden-bali-2022-11"]) == sorted({r.article for r in ws.meetings["xi-biden-bali-2022-11"].reports})


def test_graphml_reads_back_in_networkx(ws, tmp_path):
    path = tmp_path / "net.graphml"
    path.write_text(to_graphml(ws), encoding="utf-8")
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == len(ws.people)
    assert graph.nodes["wang-yi"]["label"] == "Wang Yi"
    # mentions counts mentions, not articles: Blinken is named 12 times in 3 articles.
    blinken = [m for a in ws.annotations.values() for m in a.mentions
               if m.person == "antony-blinken" and m.status != "rejected"]
    assert graph.nodes["antony-blinken"]["mentions"] == len(blinken) > len(
        graph.nodes["antony-blinken"]["articles"].split("; "))
    kinds = {data["type"] for _, _, data in graph.edges(data=True)}
    assert kinds == {"met", "co-mentioned"}
    # Parallel edges survive: Kritenbrink and Ma Zhaoxu met and are co-mentioned.
    assert graph.number_of_edges("daniel-kritenbrink", "ma-zhaoxu") == 2


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "export", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_json_to_stdout_and_csv_to_a_folder(tmp_path):
    result = _run("--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["people"]
    result = _run("--format", "csv", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "articles.csv", "edges.csv", "meetings.csv", "people.csv"]
    # "-o out.csv" makes a folder of that name, and the message says it is one
    result = _run("--format", "csv", "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 0 and (tmp_path / "out.csv").is_dir()
    assert f"folder, {tmp_path / 'out.csv'}{os.sep}" in result.stderr and "people.csv" in result.stderr


def test_cli_missing_folder_is_one_clear_line(tmp_path):
    result = _run(str(tmp_path / "nowhere"), "--format", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nowhere" in result.stderr


def test_missing_annotations_are_told_in_the_same_words_by_export_and_search(tmp_path):
    none = tmp_path / "none"
    exported = _run("--annotations", str(none), "--format", "json")
    searched = subprocess.run([sys.executable, "-m", "tui", "search", "Blinken", "--annotations", str(none)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    said = f"no annotations in {none}: run newsdesk annotate first, or name the folder with --annotations"
    assert said in exported.stderr and said in searched.stderr
    assert searched.returncode == 0 and "Blinken" in searched.stdout   # titles and text still searched


def test_cli_missing_annotations_is_an_error_not_an_empty_export(tmp_path):
    result = _run("--annotations", str(tmp_path / "none"), "--format", "csv", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "none" in result.stderr and "annotate" in result.stderr
    assert not (tmp_path / "out").exists()
