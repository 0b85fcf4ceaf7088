"""People, meetings and the person–person network, for other tools.

Three formats share one model of the network:
- json: one document (shape in docs/export-format.md);
- csv: a folder of people.csv, meetings.csv, articles.csv and edges.csv;
- graphml: people as nodes, "met" and "co-mentioned" edges, for networkx and Gephi.

Rejected mentions and meetings the analyst marked wrong are left out everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from tui.core.controls import visible
from tui.core.files import OutputRefused, output_target
from tui.core.models import Meeting
from tui.core.prodigy import to_jsonl
from tui.core.views import count_mentions
from tui.core.workspace import Workspace
from tui.core.yaml_io import write_atomic

FORMATS = ("json", "csv", "graphml", "prodigy", "spacy")   # prodigy, spacy: docs/interop.md
CSV_FILES = ("people.csv", "meetings.csv", "articles.csv", "edges.csv")
STDOUT = Path("-")


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    kind: str  # "met" or "co-mentioned"
    weight: int = 0
    articles: set[str] = field(default_factory=set)
    meetings: list[str] = field(default_factory=list)


def live_meetings(ws: Workspace) -> list[Meeting]:
    return [m for m in ws.meetings.values() if m.review != "rejected"]


def person_articles(ws: Workspace) -> dict[str, list[str]]:
    """For each person id, the sorted ids of the articles that mention them."""
    seen: dict[str, set[str]] = defaultdict(set)
    for article_id, ann in ws.annotations.items():
        for m in ann.mentions:
            if m.person and m.status != "rejected":
                seen[m.person].add(article_id)
    return {pid: sorted(ids) for pid, ids in seen.items()}


def mention_counts(ws: Workspace) -> Counter[str]:
    """For each person id, how many (not rejected) mentions link to them."""
    return count_mentions(ws.annotations.values())


def edges(ws: Workspace) -> list[Edge]:
    """"met" edges (one per held meeting between two participants, weight = meetings)
    and "co-mentioned" edges (weight = articles that mention both)."""
    found: dict[tuple[str, str, str], Edge] = {}

    def edge(a: str, b: str, kind: str) -> Edge:
        a, b = sorted((a, b))
        return found.setdefault((a, b, kind), Edge(a, b, kind))

    for meeting in live_meetings(ws):
        if meeting.status != "held":
            continue
        for a, b in combinations(sorted(set(meeting.participants)), 2):
            e = edge(a, b, "met")
            e.weight += 1
            e.meetings.append(meeting.id)
            e.articles.update(r.article for r in meeting.reports)
    for article_id, people in _people_by_article(ws).items():
        for a, b in combinations(sorted(people), 2):
            e = edge(a, b, "co-mentioned")
            e.weight += 1
            e.articles.add(article_id)
    return sorted(found.values(), key=lambda e: (e.kind, e.source, e.target))


def _people_by_article(ws: Workspace) -> dict[str, set[str]]:
    by_article: dict[str, set[str]] = defaultdict(set)
    for pid, article_ids in person_articles(ws).items():
        if pid in ws.people:
            for article_id in article_ids:
                by_article[article_id].add(pid)
    return by_article


def to_document(ws: Workspace) -> dict:
    """The JSON document: people, meetings, articles and edges."""
    appears, counts = person_articles(ws), mention_counts(ws)
    people = [
        {
            "id": p.id, "name": p.name, "aliases": p.aliases,
            "roles": [{"title": r.title, "article": r.article} for r in p.roles],
            "affiliation": p.affiliation, "note": p.note,
            "articles": appears.get(p.id, []), "mentions": counts[p.id],
        }
        for p in sorted(ws.people.values(), key=lambda p: p.id)
    ]
    meetings = [
        {
            "id": m.id, "participants": m.participants, "unnamed": m.unnamed,
            "place": m.place, "date": m.date, "date_text": m.date_text, "status": m.status,
            "reports": [{"article": r.article, "start": r.start, "end": r.end, "evidence": r.evidence}
                        for r in m.reports],
        }
        for m in sorted(live_meetings(ws), key=lambda m: (m.date or "", m.id))
    ]
    articles = [
        {"id": a.id, "title": ann.meta.title if ann else a.meta.title,
         "outlet": ann.meta.outlet if ann else a.meta.outlet,
         "published": ann.meta.published if ann else a.meta.published,
         "source": a.path}
        for a in sorted(ws.articles.values(), key=lambda a: a.id)
        for ann in [ws.annotations.get(a.id)]
    ]
    return {
        "people": people, "meetings": meetings, "articles": articles,
        "edges": [{"source": e.source, "target": e.target, "type": e.kind, "weight": e.weight,
                   "articles": sorted(e.articles), "meetings": e.meetings} for e in edges(ws)],
    }


def to_json(ws: Workspace) -> str:
    return json.dumps(to_document(ws), indent=2, ensure_ascii=False) + "\n"


def _join(values) -> str:
    return "; ".join(values)


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @, also after
    spaces; a leading tab or CR) gets a leading ', as OWASP advises against CSV injection.
    (Read text holds no CR; the rule keeps OWASP's list whole.)"""
    if isinstance(value, str) and (value.lstrip()[:1] in ("=", "+", "-", "@") or value[:1] in ("\t", "\r")):
        return "'" + value
    return value


def to_csv_tables(ws: Workspace) -> dict[str, str]:
    """File name -> CSV text. Lists are joined with "; " in one cell."""
    doc = to_document(ws)
    tables = {
        "people.csv": (["id", "name", "aliases", "roles", "affiliation", "articles", "mentions"],
                       [[p["id"], p["name"], _join(p["aliases"]),
                         _join(f'{r["title"]} ({r["article"]})' for r in p["roles"]),
                         p["affiliation"] or "", _join(p["articles"]), p["mentions"]] for p in doc["people"]]),
        "meetings.csv": (["id", "participants", "unnamed", "place", "date", "date_text", "status",
                          "articles", "evidence"],
                         [[m["id"], _join(m["participants"]), _join(m["unnamed"]), m["place"] or "",
                           m["date"] or "", m["date_text"] or "", m["status"],
                           _join(dict.fromkeys(r["article"] for r in m["reports"])),  # each once
                           " | ".join(r["evidence"] for r in m["reports"])] for m in doc["meetings"]]),
        "articles.csv": (["id", "title", "outlet", "published", "source"],
                         [[a["id"], a["title"] or "", a["outlet"] or "", a["published"] or "", a["source"]]
                          for a in doc["articles"]]),
        "edges.csv": (["source", "target", "type", "weight", "articles", "meetings"],
                      [[e["source"], e["target"], e["type"], e["weight"], _join(e["articles"]),
                        _join(e["meetings"])] for e in doc["edges"]]),
    }
    out = {}
    for name, (header, rows) in tables.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
        out[name] = buffer.getvalue()
    return out


def to_graphml(ws: Workspace) -> str:
    """GraphML of people and their edges. networkx writes it (parallel "met" and
    "co-mentioned" edges need a MultiGraph, which Gephi 0.9+ reads)."""
    import networkx as nx  # only the graphml export needs it

    graph: nx.MultiGraph[str] = nx.MultiGraph()
    appears, counts = person_articles(ws), mention_counts(ws)
    for p in sorted(ws.people.values(), key=lambda p: p.id):
        graph.add_node(p.id, label=p.name, aliases=_join(p.aliases), affiliation=p.affiliation or "",
                       roles=_join(r.title for r in p.roles), articles=_join(appears.get(p.id, [])),
                       mentions=counts[p.id])
    for e in edges(ws):
        if e.source in graph and e.target in graph:
            graph.add_edge(e.source, e.target, key=e.kind, type=e.kind, weight=e.weight,
                           articles=_join(sorted(e.articles)), meetings=_join(e.meetings))
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def output_plan(fmt: str, output: Path | None) -> dict[Path, Path]:
    """{path as named: file to write} for the export; empty for standard output (json,
    graphml and prodigy with no -o, or -o -). Raises OutputRefused, before anything is computed,
    for a path that must not be written."""
    if fmt == "spacy":
        if output == STDOUT:
            raise OutputRefused("-: spacy writes a binary DocBin: name a file with -o")
        output = output or Path("newsdesk-export.spacy")
        return {output: output_target(output)}
    if fmt != "csv":
        return {} if output in (None, STDOUT) else {output: output_target(output)}
    if output == STDOUT:
        raise OutputRefused("-: csv writes four files into a folder: name a folder with -o, "
                            "or use --format json for standard output")
    folder = output or Path("newsdesk-export")
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"{folder}: not a folder: csv writes {', '.join(CSV_FILES)} into a folder; "
                            "name a folder with -o")
    return {folder / name: output_target(folder / name) for name in CSV_FILES}


def write_export(ws: Workspace, fmt: str, plan: dict[Path, Path]) -> list[Path]:
    """Write the export as output_plan planned it (atomically, through symlinks);
    returns the paths written. An empty plan: json, graphml and prodigy go to standard
    output. (spacy is written by docbin_export.)"""
    if fmt == "csv":
        texts = to_csv_tables(ws)
        for path, target in plan.items():
            write_atomic(target, texts[path.name].encode("utf-8"))
        return list(plan)
    text = to_json(ws) if fmt == "json" else to_jsonl(ws) if fmt == "prodigy" else to_graphml(ws)
    if not plan:
        print(visible(text), end="")
        return []
    for target in plan.values():
        write_atomic(target, text.encode("utf-8"))
    return list(plan)
