"""Export from the command palette: "Export json / csv / graphml / prodigy" asks for a path (beside
the annotation folder by default) and writes through the code of `newsdesk export -o`
(tui/core/export.py: output_plan, then write_export)."""

from __future__ import annotations

from pathlib import Path

# The formats write_export writes (spacy's DocBin needs spaCy: the command only); their file ends.
SUFFIXES = {"json": ".json", "csv": "", "graphml": ".graphml", "prodigy": ".jsonl"}


def default_output(annotations_dir: Path, fmt: str) -> Path:
    """Beside the annotation folder: newsdesk-export.json, .graphml, .jsonl, or a folder for csv."""
    return (annotations_dir.resolve().parent / "newsdesk-export").with_suffix(SUFFIXES[fmt])


def _path_problem(value: str) -> str | None:
    if not value.strip():
        return "name a file (csv: a folder)"
    if value.strip() == "-":
        return "standard output is the command's (newsdesk export -o -); name a file here"
    return None


class ExportMixin:
    """The palette's export actions for NewsdeskApp (see the module docstring)."""

    def action_export(self, fmt: str) -> None:
        from tui.ui.screens.form import Field, FormScreen

        if self.ws is None:
            self.notify("Still loading the articles…", timeout=2)
            return
        what = "folder (people.csv, meetings.csv, articles.csv, edges.csv)" if fmt == "csv" else "file"
        form = FormScreen(f"Export {fmt}: people, meetings and the network",
                          [Field("path", f"Write to this {what}", str(default_output(self.annotations_dir, fmt)),
                                 _path_problem)], saving="writes it")

        def chosen(values: dict[str, str] | None) -> None:
            if values:
                self._export_to(fmt, Path(values["path"].strip()).expanduser())

        self.push_screen(form, chosen)

    def _export_to(self, fmt: str, output: Path) -> None:
        from tui.core.export import output_plan
        from tui.core.files import OutputRefused
        from tui.ui.screens.confirm import ConfirmScreen

        try:
            plan = output_plan(fmt, output)
        except OutputRefused as refused:
            self.notify(str(refused), title="Not exported", severity="error", timeout=8, markup=False)
            return
        there = [path for path in plan if path.exists()]
        if not there:
            self._write_export(fmt, plan)
            return
        self.push_screen(ConfirmScreen(f"Replace {len(there)} file{'s' * (len(there) != 1)}?",
                                       [str(path) for path in there]),
                         lambda yes: self._write_export(fmt, plan) if yes else None)

    def _write_export(self, fmt: str, plan: dict[Path, Path]) -> None:
        from tui.core.export import write_export

        try:
            written = write_export(self.ws, fmt, plan)
        except OSError as error:
            self.notify(f"{error.filename or ''}: {error.strerror or error}", title="Not exported",
                        severity="error", timeout=8, markup=False)
            return
        where = str(written[0].parent) if fmt == "csv" else str(written[0])
        self.notify(f"{where}" + (f" ({', '.join(p.name for p in written)})" if fmt == "csv" else ""),
                    title=f"Exported {fmt}", timeout=6, markup=False)
