"""Ingestion progress for a terminal: a Rich bar when interactive, failures as plain lines."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bot.formatting import printable
from ingest.errors import SourceError

__all__ = ["TerminalProgress"]


class TerminalProgress:
    """A `ProgressListener` writing to stderr, so stdout stays clean for summaries and JSON."""

    def __init__(self, *, show_bar: bool) -> None:
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self._passages = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if show_bar:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files · {task.fields[passages]} passages embedded"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )

    def __enter__(self) -> TerminalProgress:
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def started(self, files: int) -> None:
        if self._progress:
            self._task = self._progress.add_task("ingest", total=files, passages=0)

    def file_done(self, source: str) -> None:
        if self._progress and self._task is not None:
            self._progress.advance(self._task)

    def embedded(self, passages: int) -> None:
        self._passages += passages
        if self._progress and self._task is not None:
            self._progress.update(self._task, passages=self._passages)

    def failed(self, error: SourceError) -> None:
        # A reason may quote the source (a title, a parser's message about its bytes).
        self.console.print(f"error: {printable(str(error))}", markup=False, style="red")
