"""`newsdesk annotate`: bring every annotation file up to date with its article.

Incremental: an article whose bytes hash to the sha256 in its annotation file is not
parsed again (the model is not even loaded when no article changed). A changed article is
parsed again; what the analyst made, reviewed or relabelled survives, re-anchored to the
new text, and wins over any fresh model mention it overlaps.

`annotate()` prints nothing and can be stopped, so the app's worker thread runs it too;
`run_annotate_command()` is the command-line face: progress bar, summary, exit code.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.anchor import reanchor
from tui.core.corpus import read_corpus
from tui.core.dask_parse import ClusterUnavailable
from tui.core.entity_repair import repair_entities
from tui.core.filelock import LockError
from tui.core.linking import link_corpus, refine_mentions
from tui.core.meetings import MeetingCandidate, extract_candidates, resolve_meetings
from tui.core.mention_repair import name_participants
from tui.core.models import Annotation, Article, ArticleMeta, Meeting, Mention, Person, Problem
from tui.core.nlp import ModelUnavailable, load_model, model_label, model_name, parse_articles, raw_mentions
from tui.core.patterns import load_patterns
from tui.core.report import no_articles, print_problems
from tui.core.rule_match import RuleMatcher, apply_rules, reassert
from tui.core.span_index import SpanIndex
from tui.core.store import AnnotationStore, StoreError, not_saved, write_protected
from tui.core.workspace import annotations_without_articles, known_people
from tui.core.yaml_io import AtomicBatch

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from tqdm import tqdm

# progress(done, total, what): `what` is the id of the article just parsed (done of total),
# or one of STAGES when a slow step around the parse begins.
Progress = Callable[[int, int, str], None]
STAGES = ("loading model", "linking people", "finding meetings", "saving")
# Annotation files saved under one hold of the folder lock: the app waits at most
# WAIT_SECONDS (10 s) for it, and a group takes well under a second.
SAVE_BATCH = 256


@dataclass(slots=True)
class AnnotateSummary:
    articles: int = 0     # articles read from the folder
    annotated: int = 0    # parsed and saved
    skipped: int = 0      # unchanged since their annotation file was written
    failed: int = 0       # could not be read, annotated or saved: see problems
    saved: int = 0        # annotation files written, unchanged articles with new links included
    mentions: int = 0     # mentions across the corpus, rejected ones not counted
    people: int = 0
    meetings: int = 0     # rejected ones not counted
    seconds: float = 0.0
    model: str | None = None   # the model label, when it was loaded
    cancelled: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)   # odd articles read anyway: no failure
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, for profiling

    def line(self) -> str:
        """"5 articles: 3 annotated, 2 unchanged; 312 mentions, 24 people, 9 meetings; 2.1 s"."""
        done = [f"{self.annotated} annotated", f"{self.skipped} unchanged"]
        if self.failed:
            done.append(f"{self.failed} failed")
        if self.cancelled:
            done.append("stopped early")
        found = [_count(self.mentions, "mention"), _count(self.people, "person", "people"),
                 _count(self.meetings, "meeting")]
        return f"{_count(self.articles, 'article')}: {', '.join(done)}; {', '.join(found)}; {self.seconds:.1f} s"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during annotate; carries what was done so far (files saved stay saved)."""

    def __init__(self, summary: AnnotateSummary) -> None:
        super().__init__()
        self.summary = summary


def annotate(articles_dir: Path, annotations_dir: Path, model: str | Language | None = None,
             progress: Progress | None = None, force: bool = False,
             should_stop: Callable[[], bool] | None = None, jobs: int = 1,
             dask: str | None = None, fields: Mapping[str, str] | None = None) -> AnnotateSummary:
    """Annotate the articles that changed since their annotation file was written.

    model is a model name (None: the default), or a loaded spaCy pipeline to use as it is.
    force re-parses unchanged articles too (after a model upgrade, say); analyst work
    survives either way. should_stop is polled after each article: when it says so, parsing
    stops and the articles parsed so far are linked and saved; the rest wait for the next
    run. Ctrl-C during the parse does the same, then raises Interrupted. Raises
    ModelUnavailable when a parse is needed and no model loads. jobs > 1 parses in that
    many worker processes (parallel_parse.py); dask, a scheduler's address or "local", parses
    on a Dask cluster (dask_parse.py; "local" starts `jobs` workers). The files are the same
    as with one process either way. fields: the --field overrides for dumps.
    """
    run = _Run(Path(articles_dir), Path(annotations_dir), progress or _no_progress, fields)
    try:
        run.execute(model, force, should_stop or _never, jobs, dask)
    except KeyboardInterrupt:   # a second Ctrl-C, during linking or saving
        raise Interrupted(run.finish()) from None
    if run.interrupted:
        raise Interrupted(run.finish())
    return run.finish()


def _no_progress(done: int, total: int, what: str) -> None:
    pass


def _never() -> bool:
    return False


class _Run:
    """One annotate run. Each file is written once, at the end, after linking and meetings,
    so that a saved article always has its people and meetings: a run that cannot write
    people.yaml or meetings.yaml writes no article either, and an unexpected error saves
    nothing. The old files, analyst work included, then stay as they were."""

    def __init__(self, articles_dir: Path, annotations_dir: Path, progress: Progress,
                 fields: Mapping[str, str] | None = None) -> None:
        self.started = time.perf_counter()
        self.articles_dir = articles_dir
        self.fields = fields
        self.store = AnnotationStore(annotations_dir)
        self.progress = progress
        self.summary = AnnotateSummary()
        self.clock = _Clock(self.summary.stages)
        # Annotations that match their article's text, loaded or new: linking reads these.
        self.current: dict[str, Annotation] = {}
        self.articles: dict[str, Article] = {}   # with the body and chrome of their annotation
        self.parsed: set[str] = set()
        self.total = 0                           # articles to parse
        self.unsaved: set[str] = set()           # ids in current to write at the end
        self.candidates: dict[str, list[MeetingCandidate]] = {}
        self.interrupted = False                 # Ctrl-C stopped the parse
        self.blocked = False                     # people.yaml or meetings.yaml cannot be written
        self.people: dict[str, Person] = {}      # as loaded, then as linked
        self.meetings: dict[str, Meeting] = {}
        self.loaded: tuple[dict[str, Person], dict[str, Meeting]] = ({}, {})  # copies, to skip unchanged saves
        self.stamps: dict[Path, _Stamp | None] = {}   # each file as it was read, to tell if it changed since
        self.todo_articles: dict[str, Article] = {}   # the articles to parse, by id
        self.patterns = load_patterns(annotations_dir)  # the rules (patterns.py), applied to what is parsed
        self.matcher: RuleMatcher | None = None

    def execute(self, model: str | Language | None, force: bool, should_stop: Callable[[], bool], jobs: int,
                dask: str | None = None) -> None:
        todo = self.read(force)
        if todo:
            self.parse(model, todo, should_stop, jobs, dask)
        self.link()
        self.meet()
        self.save()

    def read(self, force: bool) -> list[tuple[Article, Annotation | None]]:
        """Load articles and annotation files; the articles to parse, with their old annotation."""
        summary = self.summary
        with self.clock("read articles"):
            articles, problems = read_corpus(self.articles_dir, self.fields)
        summary.articles = len(articles)
        summary.problems.extend(problems)
        summary.warnings.extend(w for article in articles for w in article.warnings)
        todo = []
        by_id = {article.id: article for article in articles}
        with self.clock("read annotations"):
            # Checked as the app and the other commands check them (links to people, reports
            # of articles, files of no article): a problem is said here, not left to export.
            self.stamps[self.store.people_path] = _stamp(self.store.people_path)
            self.people, problems = self.store.load_people(articles=by_id)
            summary.problems.extend(problems)
            summary.problems.extend(self.patterns.problems)
            known = known_people(self.people)
            summary.problems.extend(annotations_without_articles(self.store, by_id, self.articles_dir))
            for article in articles:
                try:  # mentions of a changed article come back already moved onto the new text
                    path = self.store.article_path(article.id)
                    self.stamps[path] = _stamp(path)
                    old, problems = self.store.load_annotation(article.id, article, people=known)
                except StoreError as error:   # an id that cannot be a file name
                    summary.problems.append(Problem(article.path, None, str(error)))
                    summary.failed += 1
                    continue
                summary.problems.extend(problems)
                if path in self.store.read_only:  # invalid: the analyst's to fix, never overwritten
                    summary.failed += 1
                    continue
                locked = write_protected(path)
                if old is not None and old.sha256 == article.sha256:
                    # The analyst may have marked more chrome by hand: never read it.
                    # The analyst's meta too: meetings resolve "on Monday" against its `published`.
                    article = dataclasses.replace(article, body=old.body, chrome=list(old.chrome),
                                                  meta=_merge_meta(old.meta, article.meta))
                    if not force or locked:
                        summary.skipped += 1
                        self.current[article.id] = old
                        self.articles[article.id] = article
                        continue
                if locked:
                    summary.problems.append(Problem(str(path), None, "the article changed but its annotation "
                                                    "file is write-protected: not updated"))
                    summary.failed += 1
                    continue
                todo.append((article, old))
            self.stamps[self.store.meetings_path] = _stamp(self.store.meetings_path)
            # Reports are checked against the texts only when none changed: a changed article's
            # reports are this run's to move, not a problem.
            self.meetings, problems = self.store.load_meetings(people=known, articles=None if todo else by_id)
            summary.problems.extend(problems)
        summary.people, summary.meetings = len(self.people), _count_meetings(self.meetings)
        self.loaded = copy.deepcopy((self.people, self.meetings))
        # People and meetings are written with the articles: when either cannot be, nothing is.
        for path in (self.store.people_path, self.store.meetings_path):
            if path in self.store.read_only or write_protected(path):
                self.blocked = True
                why = "is invalid" if path in self.store.read_only else "is write-protected"
                summary.problems.append(Problem(str(path), None, f"{why}, so nothing was updated"
                                                + (f"; {_count(len(todo), 'changed article')} not annotated"
                                                   if todo else "")))
        if self.blocked:
            summary.failed += len(todo)
            return []
        return todo

    def parse(self, model: str | Language | None, todo: list[tuple[Article, Annotation | None]],
              should_stop: Callable[[], bool], jobs: int, dask: str | None) -> None:
        self.total = len(todo)
        self.progress(0, self.total, "loading model")
        started = time.perf_counter()
        try:   # closing: stopped early, the workers stop at once (parallel_parse)
            with closing(self._parsed(model, todo, jobs, dask)) as parsed:
                self._take(parsed, should_stop)
        except KeyboardInterrupt:   # finish what was parsed, quickly, then report it
            self.summary.cancelled = self.interrupted = True
        inner = sum(self.summary.stages.get(k, 0.0) for k in ("load model", "refine mentions", "meeting candidates"))
        self.clock.add("parse + mentions", time.perf_counter() - started - inner)

    def _take(self, parsed: Iterator[tuple[Annotation, list[MeetingCandidate]]],
              should_stop: Callable[[], bool]) -> None:
        for done, (annotation, candidates) in enumerate(parsed, 1):
            if self.patterns.rules:   # after the model and its repairs: a rule wins over both
                if self.matcher is None:
                    self.matcher = RuleMatcher(self.patterns.rules)
                article = self.todo_articles[annotation.id]
                annotation.mentions = apply_rules(article, annotation.mentions, self.matcher.hits(article))
            self.candidates[annotation.id] = candidates
            self.current[annotation.id] = annotation
            self.articles[annotation.id] = dataclasses.replace(self.todo_articles[annotation.id], meta=annotation.meta)
            self.parsed.add(annotation.id)
            self.unsaved.add(annotation.id)   # last: only a complete article is saved
            self.progress(done, self.total, annotation.id)
            if should_stop():
                self.summary.cancelled = True
                break

    def _parsed(self, model: str | Language | None, todo: list[tuple[Article, Annotation | None]],
                jobs: int, dask: str | None) -> Generator[tuple[Annotation, list[MeetingCandidate]], None, None]:
        """Each article's annotation and meeting candidates, in the order of todo: parsed
        here, or by worker processes (parallel_parse.py) or Dask workers (dask_parse.py)
        that run the same annotate_one."""
        self.todo_articles = {article.id: article for article, _ in todo}
        if dask or (jobs > 1 and len(todo) > 1):
            with self.clock("load model"):   # its name only: each worker loads it
                spec = model_name(model) if model is None or isinstance(model, str) else model
            if dask:
                from tui.core.dask_parse import parse_on_dask

                yield from parse_on_dask(dask, spec, todo, jobs, self._set_model)
            else:
                from tui.core.parallel_parse import parse_in_processes

                yield from parse_in_processes(spec, todo, jobs, self._set_model)
            return
        with self.clock("load model"):
            nlp = model if model is not None and not isinstance(model, str) else load_model(model)
        label = self._set_model(model_label(nlp))
        old = {article.id: annotation for article, annotation in todo}
        for article, docs in parse_articles(nlp, (a for a, _ in todo)):
            yield annotate_one(article, old[article.id], docs, label, self.clock)

    def _set_model(self, label: str) -> str:
        self.summary.model = label
        return label

    def link(self) -> None:
        """People across the whole corpus; unchanged files whose links changed are saved too."""
        if self.blocked or not self.current:
            return
        self._stage("linking people")
        mentions = {aid: annotation.mentions for aid, annotation in self.current.items()}
        before = {aid: _links(ms) for aid, ms in mentions.items() if aid not in self.unsaved}
        made = {aid: copy.deepcopy([m for m in ms if m.rule]) for aid, ms in mentions.items()}
        with self.clock("linking"):
            self.people = link_corpus(self.articles, mentions, self.people)
        self._reassert_rules(made, mentions)
        self.unsaved |= {aid for aid, links in before.items() if _links(mentions[aid]) != links}
        self.summary.people = len(self.people)

    def _reassert_rules(self, made: dict[str, list[Mention]], mentions: dict[str, list[Mention]]) -> None:
        """What rules made or linked, as linking found it: linking must not undo a rule."""
        rules = {r.id: r for r in self.patterns.rules}
        people = {old: p.id for p in self.people.values() for old in p.merged} | {pid: pid for pid in self.people}
        for aid, before in made.items():
            if before:
                mentions[aid][:] = reassert(before, mentions[aid], rules, people)
        for rule in rules.values():
            if rule.person is not None and rule.person not in people:
                self.summary.problems.append(Problem(str(self.patterns.path), rule.line,
                                                     f"rule '{rule.id}': no person '{rule.person}' in people.yaml"))

    def meet(self) -> None:
        """Meetings: the new candidates merged into meetings.yaml, analyst records untouched."""
        if self.blocked or not self.current:
            return
        self._stage("finding meetings")
        mentions = {aid: annotation.mentions for aid, annotation in self.current.items()}
        with self.clock("meetings"):
            self.meetings = resolve_meetings(self.candidates, mentions, self.articles, self.meetings,
                                             set(self.parsed), self.people)
        self.summary.meetings = _count_meetings(self.meetings)

    def save(self) -> None:
        """People and meetings first: articles linked to records that failed to save would dangle."""
        if self.blocked or not self.current:
            return
        self._stage("saving")
        with self.clock("save"):
            if not all(self._unchanged(p) for p in (self.store.people_path, self.store.meetings_path)):
                self.summary.failed += len(self.parsed)
                return
            # Rendering a big people.yaml costs seconds: skip it when nothing changed.
            people_saved = self.people == self.loaded[0] or \
                self._write(self.store.people_path, lambda: self.store.save_people(self.people))
            if not (people_saved and (self.meetings == self.loaded[1] or
                                      self._write(self.store.meetings_path,
                                                  lambda: self.store.save_meetings(self.meetings)))):
                self.summary.failed += len(self.parsed)
                return
            unsaved = sorted(self.unsaved)
            for first in range(0, len(unsaved), SAVE_BATCH):
                self._save_articles(unsaved[first:first + SAVE_BATCH])
        self.unsaved.clear()

    def _save_articles(self, ids: list[str]) -> None:
        """Annotation files under one hold of the lock, each checked on disk and written
        beside its target as _write does; then all are renamed and made durable together
        (AtomicBatch), and only then count as saved."""
        batch = AtomicBatch()
        written: list[str] = []     # ids whose files are in the batch, or were up to date already
        try:
            with self.store.lock(), batch:
                for aid in ids:   # _write calls the lambda at once, so it sees this aid
                    if self._write(self.store.article_path(aid),
                                   lambda: self.store.save_annotation(self.current[aid], batch)):  # noqa: B023
                        written.append(aid)
                    else:
                        self.summary.failed += aid in self.parsed
                failed = batch.commit()
        except LockError as error:
            for aid in ids:
                self._problem(self.store.article_path(aid), error)
            written, failed = [], {}
            self.summary.failed += sum(aid in self.parsed for aid in ids)
        except KeyboardInterrupt:   # the files renamed before it are saved, whole
            renamed = set(batch.renamed)
            self._count_saved([aid for aid in written if self.store.article_path(aid) in renamed], {})
            raise
        self._count_saved(written, failed)

    def _count_saved(self, written: list[str], failed: dict[Path, OSError]) -> None:
        for aid in written:
            path = self.store.article_path(aid)
            if path in failed:
                self._problem(path, not_saved(path, failed[path]))
                self.summary.failed += aid in self.parsed
            else:
                self.summary.saved += 1
                self.summary.annotated += aid in self.parsed

    def _stage(self, name: str) -> None:
        self.progress(len(self.parsed), self.total, name)

    def _unchanged(self, path: Path) -> bool:
        """False, with a problem, when the file changed on disk since this run read it (an
        analyst saved it meanwhile): writing it would drop their edit."""
        if path not in self.stamps or _stamp(path) == self.stamps[path]:
            return True
        self.summary.problems.append(Problem(str(path), None, "changed on disk while annotating: not "
                                             "overwritten; run `newsdesk annotate` again to update it"))
        return False

    def _write(self, path: Path, write: Callable[[], object]) -> bool:
        try:   # the app takes the same lock: its check-and-save and ours cannot interleave
            with self.store.lock():
                if not self._unchanged(path):
                    return False
                if write_protected(path):
                    self.summary.problems.append(Problem(str(path), None, "write-protected: not saved"))
                    return False
                write()
        except (StoreError, LockError) as error:
            self._problem(path, error)
            return False
        return True

    def _problem(self, path: Path, error: Exception) -> None:
        """A file not saved; the error's message names the file and the reason."""
        self.summary.problems.append(Problem(str(path), None, str(error).removeprefix(f"{path}: ")))

    def finish(self) -> AnnotateSummary:
        summary = self.summary
        summary.mentions = sum(m.status != "rejected" for a in self.current.values() for m in a.mentions)
        summary.seconds = time.perf_counter() - self.started
        return summary


_Stamp = tuple[int, int, int]


def _stamp(path: Path) -> _Stamp | None:
    """(inode, mtime, size): an editor's save changes one of them; None when there is no file."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _count_meetings(meetings: dict[str, Meeting]) -> int:
    return sum(m.review != "rejected" for m in meetings.values())


def _links(mentions: list[Mention]) -> list[tuple]:
    """What linking may change in an article's mentions, to tell whether it did."""
    return [(m.start, m.end, m.label, m.person, tuple(m.candidates), m.rule) for m in mentions]


class _Clock:
    """Adds the time spent in each named stage to a dict: `with clock("save"): ...`."""

    def __init__(self, stages: dict[str, float]) -> None:
        self.stages = stages

    def add(self, name: str, seconds: float) -> None:
        self.stages[name] = self.stages.get(name, 0.0) + seconds

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)


def annotate_one(article: Article, old: Annotation | None, docs: list[tuple[int, Doc]], label: str,
                 clock: _Clock | None = None) -> tuple[Annotation, list[MeetingCandidate]]:
    """One parsed article's new annotation, its mentions repaired, and its meeting
    candidates: all that needs the article alone, here or in a worker process."""
    timed = clock or (lambda name: nullcontext())
    annotation = merge(article, old, raw_mentions(article, docs), label)
    with timed("refine mentions"):
        annotation.mentions = repair_entities(article, refine_mentions(article, annotation.mentions))
    with timed("meeting candidates"):
        candidates = extract_candidates(article, docs)
        annotation.mentions = name_participants(
            article, annotation.mentions, (n for c in candidates for n in c.side_names if n))
    return annotation, candidates


def merge(article: Article, old: Annotation | None, fresh: list[Mention], model: str) -> Annotation:
    """The new annotation of article: fresh model mentions plus everything the analyst owns.

    Analyst-owned mentions of the old file are re-anchored to the new text (those not found
    again become orphans, kept in the file); a fresh mention overlapping one is dropped, so
    a rejected span does not come back and a corrected boundary stays corrected.
    """
    meta, note = article.meta, ""
    owned: list[Mention] = []
    orphans: list[Mention] = []
    if old is not None:
        meta = _merge_meta(old.meta, article.meta)
        note = old.note
        owned, orphans = reanchor([m for m in old.mentions if m.analyst_owned] + old.orphans, article.text)
    owned_at = SpanIndex(owned)
    kept = [m for m in fresh if not owned_at.overlaps(m.start, m.end)]
    return Annotation(
        id=article.id, source=Path(article.path).name, sha256=article.sha256, meta=meta,
        body=article.body, chrome=list(article.chrome), note=note,
        mentions=sorted(owned + kept, key=lambda m: (m.start, m.end)), model=model, orphans=orphans,
    )


def _merge_meta(kept: ArticleMeta, extracted: ArticleMeta) -> ArticleMeta:
    """The file's meta fields where it has them (the analyst may have edited them), else the corpus's."""
    return ArticleMeta(**{f.name: getattr(kept, f.name) or getattr(extracted, f.name)
                          for f in dataclasses.fields(ArticleMeta)})


def run_annotate_command(articles_dir: Path, annotations_dir: Path, model: str | None,
                         force: bool = False, jobs: int = 1, dask: str | None = None,
                         fields: Mapping[str, str] | None = None) -> int:
    """`newsdesk annotate` on an existing folder: 0 when all is well, 1 when some files had
    problems, 2 when nothing could run (no article, no model, no cluster), 130 on Ctrl-C, 143 on
    SIGTERM (which stops the run as Ctrl-C does: what was parsed is saved, whole)."""
    bar = _ProgressBar()
    try:
        with _sigterm_as_interrupt() as terminated:
            summary = annotate(articles_dir, annotations_dir, model=model, progress=bar.update, force=force,
                               jobs=jobs, dask=dask, fields=fields)
    except (ModelUnavailable, ClusterUnavailable) as error:
        bar.close()
        print(f"newsdesk annotate: {error}", file=sys.stderr)
        return 2
    except Interrupted as interrupted:
        bar.close()
        print(f"{'terminated' if terminated else 'interrupted'}; {_count(interrupted.summary.saved, 'file')} saved",
              file=sys.stderr)
        return 143 if terminated else 130
    except Exception as error:  # a bug: one clear line, the traceback only on request
        bar.close()
        if os.environ.get("NEWSDESK_DEBUG"):
            raise
        print(f"newsdesk annotate: unexpected error: {type(error).__name__}: {error}"
              " (set NEWSDESK_DEBUG=1 for the traceback)", file=sys.stderr)
        return 2
    bar.close()
    print_problems(summary.problems, summary.warnings)  # first, so that the summary is the last line
    if summary.articles == 0:
        return no_articles("newsdesk annotate", articles_dir)
    print(summary.line())
    return 1 if summary.problems else 0


class _Terminated(KeyboardInterrupt):
    """SIGTERM, taken as a Ctrl-C."""


@contextmanager
def _sigterm_as_interrupt() -> Iterator[list[int]]:
    """SIGTERM raises a KeyboardInterrupt, so that a terminated run stops as a Ctrl-C
    stops it (worker processes stopped, what was parsed saved) instead of dying at once
    and leaving its workers behind. The list yielded holds the signal once it came."""
    import signal

    came: list[int] = []

    def handler(number: int, frame: object) -> None:
        came.append(number)
        raise _Terminated

    before = signal.signal(signal.SIGTERM, handler)
    try:
        yield came
    finally:
        signal.signal(signal.SIGTERM, before)


class _ProgressBar:
    """A tqdm bar on stderr, only when stderr is a terminal and more than one article needs parsing."""

    def __init__(self) -> None:
        self._bar: tqdm | None = None

    def update(self, done: int, total: int, what: str) -> None:
        if self._bar is None:
            if total < 2 or not sys.stderr.isatty():
                return
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="article", file=sys.stderr, leave=False, dynamic_ncols=True)
        if what in STAGES:
            self._bar.set_description_str(what, refresh=False)
            self._bar.set_postfix_str("", refresh=False)
        else:
            self._bar.set_description_str("annotating", refresh=False)
            self._bar.set_postfix_str(what, refresh=False)
        self._bar.update(done - self._bar.n)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
