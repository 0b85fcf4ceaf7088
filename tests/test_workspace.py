"""open_workspace on a real copy of the seeds with real annotation files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tui.core.corpus import read_corpus
from tui.core.models import Annotation, Article, Meeting, Mention, Person, Report
from tui.core.store import AnnotationStore
from tui.core.workspace import open_workspace

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def mentions(article: Article, names: dict[str, str | None]) -> list[Mention]:
    """Every whole-word occurrence of each name inside the body; value = person id."""
    found = []
    for name, person in names.items():
        for match in re.finditer(rf"\b{re.escape(name)}\b", article.text):
            if not article.is_chrome(*match.span()):
                found.append(Mention(*match.span(), name, "PERSON" if person else "GPE", person=person))
    return sorted(found, key=lambda m: (m.start, m.end))


def annotation_of(article: Article, names: dict[str, str | None]) -> Annotation:
    return Annotation(id=article.id, source=Path(article.path).name, sha256=article.sha256, meta=article.meta,
                      body=article.body, chrome=list(article.chrome), mentions=mentions(article, names),
                      model="test")


NAMES = {"Blinken": "antony-blinken", "Antony Blinken": "antony-blinken", "Kritenbrink": "daniel-kritenbrink",
         "Daniel Kritenbrink": "daniel-kritenbrink", "Beijing": None}


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, dict[str, Article]]:
    articles_dir, annotations_dir = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(SEEDS, articles_dir)
    corpus, problems = read_corpus(articles_dir)
    assert problems == []
    store = AnnotationStore(annotations_dir)
    by_id = {a.id: a for a in corpus}
    for article in corpus[:4]:   # the last seed stays unannotated
        store.save_annotation(annotation_of(article, NAMES))
    store.save_people({p.id: p for p in [
        Person("antony-blinken", "Antony Blinken", ["Blinken"], merged=["tony-blinken"]),
        Person("daniel-kritenbrink", "Daniel Kritenbrink"),
    ]})
    first = corpus[0]
    evidence = first.text[first.body[0]:first.text.index(".", first.body[0]) + 1]
    store.save_meetings({g.id: g for g in [
        Meeting("m2", ["antony-blinken", "daniel-kritenbrink"], "planned"),
        Meeting("m1", ["tony-blinken"], "held", date="2023-06-05",
                reports=[Report(first.id, first.body[0], first.body[0] + len(evidence), evidence)]),
    ]})
    return articles_dir, annotations_dir, by_id


def test_opens_articles_annotations_people_and_meetings(folders) -> None:
    articles_dir, annotations_dir, by_id = folders
    ws = open_workspace(articles_dir, annotations_dir)
    assert ws.problems == []
    assert list(ws.articles) == sorted(by_id)
    assert set(ws.annotations) == set(sorted(by_id)[:4])
    assert ws.stale_ids() == [sorted(by_id)[4]]
    assert list(ws.meetings) == ["m1", "m2"]   # by date, undated last
    assert ws.person("tony-blinken").id == "antony-blinken"


def test_lookups_for_the_ui(folders) -> None:
    ws = open_workspace(*folders[:2])
    found = ws.mentions_of("antony-blinken")
    assert found and all(m.person == "antony-blinken" and m.text.endswith("Blinken") for _, m in found)
    assert {aid for aid, _ in found} <= set(ws.annotations)
    # m1 names the merged id: it still counts as a meeting of the person it was folded into
    assert [g.id for g in ws.meetings_of("antony-blinken")] == ["m1", "m2"]
    assert [g.id for g in ws.meetings_of("daniel-kritenbrink")] == ["m2"]
    first = sorted(ws.articles)[0]
    assert [g.id for g in ws.meetings_in(first)] == ["m1"]
    assert ws.meetings_in(sorted(ws.articles)[1]) == []


def test_rejected_mentions_are_not_listed_for_a_person(folders) -> None:
    articles_dir, annotations_dir, _ = folders
    ws = open_workspace(articles_dir, annotations_dir)
    aid, mention = ws.mentions_of("daniel-kritenbrink")[0]
    mention.status = "rejected"
    ws.store.save_annotation(ws.annotations[aid])
    ws = open_workspace(articles_dir, annotations_dir)
    assert (aid, mention) not in ws.mentions_of("daniel-kritenbrink")


def test_a_changed_article_is_stale_and_its_mentions_follow_the_text(folders) -> None:
    articles_dir, annotations_dir, by_id = folders
    aid = sorted(by_id)[1]
    path = articles_dir / Path(by_id[aid].path).name
    raw = path.read_text(encoding="utf-8")
    path.write_text("Editor's note: this story was updated.\n\n" + raw.replace("Kritenbrink", "the envoy"),
                    encoding="utf-8")
    ws = open_workspace(articles_dir, annotations_dir)
    assert aid in ws.stale_ids()
    text = ws.articles[aid].text
    annotation = ws.annotations[aid]
    assert annotation.mentions and all(text[m.start:m.end] == m.text for m in annotation.mentions)
    assert {m.text for m in annotation.orphans} == {"Kritenbrink", "Daniel Kritenbrink"} & \
        {m.text for m in mentions(by_id[aid], NAMES)}
    expected = [p for p in ws.problems if "the article changed since it was annotated" in p.message]
    assert len(expected) == (1 if annotation.orphans else 0)


def test_bad_and_orphan_files_are_problems_and_the_rest_loads(folders) -> None:
    articles_dir, annotations_dir, by_id = folders
    first, second = sorted(by_id)[:2]
    bad = annotations_dir / "articles" / f"{first}.yaml"
    lines = bad.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- {start:"))
    lines[at] = lines[at].replace("label: PERSON", "label: PERSN").replace("label: GPE", "label: PERSN")
    bad.write_text("\n".join(lines) + "\n")
    (annotations_dir / "articles" / "gone.yaml").write_text("id: gone\n")
    (annotations_dir / "articles" / ".a.yaml.1234.tmp").write_text("left by a crash")
    ws = open_workspace(articles_dir, annotations_dir)
    assert [str(p) for p in ws.problems] == [
        f"{bad}:{at + 1}: label: 'PERSN' is not one of PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, "
        "WORK_OF_ART, LAW, LANGUAGE, DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL",
        f"{annotations_dir / 'articles' / 'gone.yaml'}: no article 'gone' in {articles_dir}: this annotation "
        "file is not loaded (kept as it is)",
    ]
    assert bad in ws.store.read_only
    assert first in ws.annotations and second in ws.annotations
    assert first not in ws.stale_ids()


def test_unknown_people_and_articles_are_reported(folders) -> None:
    articles_dir, annotations_dir, by_id = folders
    store = AnnotationStore(annotations_dir)
    store.save_people({"antony-blinken": Person("antony-blinken", "Antony Blinken")})   # Kritenbrink is gone
    meetings, _ = store.load_meetings()
    meetings["m3"] = Meeting("m3", ["antony-blinken"], "held", reports=[Report("no-such-article", 0, 5, "Hello")])
    store.save_meetings(meetings)
    ws = open_workspace(articles_dir, annotations_dir)
    messages = [p.message for p in ws.problems]
    assert "meeting 'm2': no person 'daniel-kritenbrink' in people.yaml" in messages
    assert "report: no article 'no-such-article'" in messages
    assert any(m.startswith("mention 'Daniel Kritenbrink': no person 'daniel-kritenbrink'") for m in messages)
    assert ws.store.read_only == set()   # notices: every file stays writable


def test_missing_folders_are_problems(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "nowhere", tmp_path / "annotations")
    assert [p.message for p in ws.problems] == ["folder does not exist"]
    assert ws.articles == {} and ws.annotations == {} and ws.stale_ids() == []


def test_a_deep_copy_of_an_annotation_is_equal_and_shares_nothing_mutable():
    # models.py copies by hand (the sync keeps a copy of every annotation it loads): a
    # copy that shared a list or the meta would change with the analyst's edits.
    import copy

    from tui.core.models import Annotation, ArticleMeta, Mention, Segment

    original = Annotation("a", "a.txt", "0" * 64, ArticleMeta("T", "AP", "2023", "X", ["Ann"]), (0, 9),
                          [Segment(0, 2, "byline")], "n", [Mention(0, 4, "Wang", "PERSON", None, ["wang-yi"])],
                          "m", [Mention(5, 6, "Li", "PERSON")])
    twin = copy.deepcopy(original)
    assert twin == original
    twin.meta.credits.append("Bob")
    twin.meta.title = "U"
    twin.mentions[0].candidates.append("wang-wenbin")
    twin.mentions[0].status = "rejected"
    twin.orphans.clear()
    twin.chrome.clear()
    assert original == Annotation("a", "a.txt", "0" * 64, ArticleMeta("T", "AP", "2023", "X", ["Ann"]), (0, 9),
                                  [Segment(0, 2, "byline")], "n",
                                  [Mention(0, 4, "Wang", "PERSON", None, ["wang-yi"])], "m",
                                  [Mention(5, 6, "Li", "PERSON")])
