"""`newsdesk annotate --dask ADDRESS`: the parse on a Dask cluster (the `cluster` extra).

The same split as `--jobs` (parallel_parse.py): each worker runs parse_chunk on chunks of
articles with their old annotation and sends back plain data, each article's Annotation
and meeting candidates. The client takes the results in the articles' order, then links,
finds meetings and writes the files as one process does, so the files are the same bytes.
Only the parse is sharded: linking and meetings need every article at once.

ADDRESS is a scheduler's address ("tcp://host:8786"), whose workers have newsdesk and the
model installed, or "local" for a LocalCluster of `jobs` worker processes on this machine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING

from tui.core.models import Annotation, Article
from tui.core.parallel_parse import Result, chunked, parse_chunk

if TYPE_CHECKING:
    from spacy.language import Language

CONNECT_TIMEOUT = "10s"


class ClusterUnavailable(Exception):
    """Dask is not installed, or its scheduler cannot be reached; the message says which."""


def parse_on_dask(address: str, model: str | Language, todo: list[tuple[Article, Annotation | None]], jobs: int,
                  on_label: Callable[[str], object]) -> Iterator[Result]:
    """Each article's annotation and meeting candidates, in the order of todo. Closing the
    iterator early cancels what is not done and, for "local", stops the cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterUnavailable("--dask needs Dask: pip install 'newsdesk[cluster]'") from None
    with ExitStack() as stack:
        try:
            if address == "local":
                cluster = stack.enter_context(LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                           dashboard_address=None, silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address!r}: {error}") from None
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        # A loaded pipeline goes to every worker once, not with each chunk; a name is loaded there.
        shared = model if isinstance(model, str) else client.scatter(model, broadcast=True)
        futures = client.map(parse_chunk, [shared] * len(chunks := chunked(todo, workers)), chunks, pure=False)
        try:
            for future in futures:
                label, results = future.result()
                on_label(label)
                yield from results
        finally:
            client.cancel(futures)
