"""`newsdesk annotate --dask` (issue #12 item 6): the parse on a Dask cluster.

A real LocalCluster of two worker processes with the real model: the files are the bytes a
single process writes. Dask is in the test extra, so CI runs this; a base install without
it gets a clear message, checked here in a process that cannot import it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_annotate_jobs import files, seeds_times

from tui.core.annotate import annotate

pytestmark = pytest.mark.model


def test_a_local_cluster_of_two_workers_writes_the_same_files_as_one_process(tmp_path: Path, nlp_model) -> None:
    articles = seeds_times(tmp_path / "articles", 2)
    one = annotate(articles, tmp_path / "one", jobs=1)
    dask = annotate(articles, tmp_path / "dask", jobs=2, dask="local")
    assert (one.annotated, one.problems) == (10, [])
    assert (dask.annotated, dask.mentions, dask.people, dask.meetings, dask.model) == \
        (one.annotated, one.mentions, one.people, one.meetings, one.model)
    assert files(tmp_path / "dask") == files(tmp_path / "one")
    # a loaded pipeline is scattered to the workers once
    assert annotate(articles, tmp_path / "loaded", model=nlp_model, jobs=2, dask="local").annotated == 10
    assert files(tmp_path / "loaded") == files(tmp_path / "one")


def test_no_scheduler_and_no_dask_are_told_plainly(tmp_path: Path) -> None:
    articles = seeds_times(tmp_path / "articles", 1)
    command = [sys.executable, "-m", "tui", "annotate", str(articles), "--annotations", str(tmp_path / "a")]
    unreachable = subprocess.run([*command, "--dask", "tcp://127.0.0.1:9"], capture_output=True, text=True,
                                 timeout=120)
    assert unreachable.returncode == 2
    assert "Traceback" not in unreachable.stderr and "127.0.0.1:9" in unreachable.stderr
    # Dask hidden from the import system, as in a base install without the cluster extra
    hide = "import sys; sys.modules['distributed'] = None; from tui.cli import main; sys.exit(main(sys.argv[1:]))"
    missing = subprocess.run([sys.executable, "-c", hide, "annotate", str(articles), "--annotations",
                              str(tmp_path / "b"), "--dask", "local"], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr and "newsdesk[cluster]" in missing.stderr
    assert not list((tmp_path / "a").glob("*.yaml")) and not list((tmp_path / "b").glob("*.yaml"))
