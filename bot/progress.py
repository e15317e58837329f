"""Ingestion progress for a terminal: one Rich line when interactive, failures as plain lines.

The line shows from the start of the command, before anything heavy is imported or opened, so
the user sees within a second what the run is doing: opening the store, reading files, loading
the embedding model (the longest silent step: about 20 s the first time on a small machine).
Then it is a bar over the passages to embed, whose total is known before embedding starts
(ingest.pipeline reads and checks every source first). Its clock counts from the command's
start and never stops while the run goes on.

Imports stay light (no `ingest`, no numpy): this module is loaded before the progress line
can appear.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

if TYPE_CHECKING:
    from ingest.errors import SourceError

__all__ = ["TerminalProgress"]

EMBEDDING = "embedding"


class _Clock(ProgressColumn):
    """Time since the command started; it moves until the line goes away."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self._started = started

    def render(self, task: Task) -> Text:
        seconds = int(time.monotonic() - self._started)
        return Text(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")


class _Remaining(TimeRemainingColumn):
    """The estimate, once there is a total to estimate against."""

    def render(self, task: Task) -> Text:
        if task.total is None or task.time_remaining is None:
            return Text("")
        return Text.assemble("ETA ", super().render(task))


class TerminalProgress:
    """A `ProgressListener` writing to stderr, so stdout stays clean for summaries and JSON."""

    def __init__(self, *, show_bar: bool) -> None:
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        self._files = 0
        self._files_done = 0
        self._planned = 0
        self._embedded = 0
        self._embedding = False
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if show_bar:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[counts]}"),
                _Clock(time.monotonic()),
                _Remaining(),
                console=self.console,
                transient=True,
                speed_estimate_period=120,
            )

    def __enter__(self) -> TerminalProgress:
        if self._progress:
            self._progress.start()
            self._task = self._progress.add_task("starting", total=None, counts="")
            self._progress.refresh()  # now, not at the first tick of the refresh thread
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def _show(self, **changes: object) -> None:
        if self._progress and self._task is not None:
            self._progress.update(self._task, **changes)  # type: ignore[arg-type]

    def _counts(self) -> str:
        if self._embedding:
            return f"{self._embedded}/{self._planned} passages"
        files = f"{self._files_done}/{self._files} files" if self._files else ""
        planned = f"{self._planned} passages to embed" if self._planned else ""
        return " · ".join(part for part in (files, planned) if part)

    def stage(self, text: str) -> None:
        # "embedding the sentences of ...": any stage that embeds counts passages on the bar.
        if text.startswith(EMBEDDING) and not self._embedding:
            self._embedding = True
            self._show(total=self._planned, completed=self._embedded)
        self._show(description=text, counts=self._counts())

    def started(self, files: int) -> None:
        self._files = files
        self._show(description="reading", counts=self._counts())

    def file_done(self, source: str) -> None:
        self._files_done += 1
        self._show(counts=self._counts())

    def planned(self, passages: int) -> None:
        self._planned += passages
        if self._embedding:
            self._show(total=self._planned, counts=self._counts())
        else:
            self._show(counts=self._counts())

    def embedded(self, passages: int) -> None:
        self._embedded += passages
        self._show(completed=self._embedded, counts=self._counts())

    def failed(self, error: SourceError) -> None:
        from bot.formatting import printable

        # A reason may quote the source (a title, a parser's message about its bytes).
        self.console.print(f"error: {printable(str(error))}", markup=False, style="red")
