"""`newsdesk annotate --jobs N`: the parse in N worker processes.

Each worker loads the model once, then takes chunks of articles with their old annotation,
parses them and does what needs one article alone (annotate.annotate_one: mentions, their
repair, meeting candidates). It sends back plain data, each article's Annotation and meeting
candidates; the parent takes them in the articles' order, so linking, meetings and the
files come out as one process makes them.

Stopping: the parent terminates the workers when it stops early (should_stop, Ctrl-C, or
SIGTERM, which `newsdesk annotate` turns into the Ctrl-C path) and waits for them, so none
outlives the run. Workers ignore SIGINT, which the terminal sends them too: only the
parent decides. A worker whose parent died without stopping it (SIGKILL) exits by itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tui.core.models import Annotation, Article

if TYPE_CHECKING:
    from spacy.language import Language

    from tui.core.meetings import MeetingCandidate

# Articles a worker takes at a time: enough to fill spaCy's batches, few enough that the
# workers finish close together. At most a fraction of the run each, so both stay busy.
CHUNK = 32

Result = tuple[Annotation, list["MeetingCandidate"]]


def parse_in_processes(model: str | Language, todo: list[tuple[Article, Annotation | None]], jobs: int,
                       on_label: Callable[[str], object]) -> Iterator[Result]:
    """Each article's annotation and meeting candidates, in the order of todo. model is a
    model package name or a loaded pipeline (sent to each worker). on_label gets the
    model's label once the first result is back. Closing the iterator early stops the
    workers."""
    chunks = chunked(todo, jobs)
    # spawn, not fork: the parent may hold threads (the app's workers, tqdm's monitor)
    context = multiprocessing.get_context("spawn")
    with _sigint_ignored():   # inherited: a Ctrl-C while a worker starts up is the parent's alone
        pool = context.Pool(min(jobs, len(chunks)), initializer=_start_worker, initargs=(model, os.getpid()))
    try:
        for label, results in pool.imap(_parse_chunk, chunks):
            on_label(label)
            yield from results
        pool.close()
    finally:
        pool.terminate()   # at once when stopped early; after close(), the workers have ended
        pool.join()


def chunked(todo: list[tuple[Article, Annotation | None]],
            workers: int) -> list[list[tuple[Article, Annotation | None]]]:
    size = max(1, min(CHUNK, -(-len(todo) // (4 * workers))))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def parse_chunk(model: str | Language, chunk: list[tuple[Article, Annotation | None]]) -> tuple[str, list[Result]]:
    """A chunk's results and the model's label, in a worker (a process of this pool, or a
    Dask worker: dask_parse.py). The model is loaded here, at the first chunk, not at the
    worker's start: a model that fails to load is then an error the parent raises, not a
    worker that dies and is started again forever."""
    from tui.core.annotate import annotate_one
    from tui.core.nlp import load_model, model_label, parse_articles

    nlp = load_model(model) if isinstance(model, str) else model   # load_model caches it
    label = model_label(nlp)
    old = {article.id: annotation for article, annotation in chunk}
    return label, [annotate_one(article, old[article.id], docs, label)
                   for article, docs in parse_articles(nlp, (article for article, _ in chunk))]


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield   # only the main thread may set handlers; and only the command line runs jobs
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


# ---- in the worker ---------------------------------------------------------------------------

_model: str | Language | None = None   # as the parent gave it


def _start_worker(model: str | Language, parent: int) -> None:
    global _model
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    _model = model


def _exit_when_orphaned(parent: int) -> None:
    """A parent killed outright (SIGKILL) cannot stop its workers: they stop themselves."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _parse_chunk(chunk: list[tuple[Article, Annotation | None]]) -> tuple[str, list[Result]]:
    assert _model is not None
    return parse_chunk(_model, chunk)
