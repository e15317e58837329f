"""The `newsbot` command: ingest news reports, then ask questions answered with cited passages.

Commands are thin: parse the arguments, make one service call, render. Errors become one line
on stderr and a non-zero exit code.
"""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.answers import Answer
    from bot.progress import TerminalProgress
    from bot.qa import QAService
    from bot.services import Newsbot
    from ingest.pipeline import IngestReport
    from vectorstore.records import SearchFilters
    from vectorstore.store import DocumentSummary, PassageStore

logger = logging.getLogger(__name__)

HELP = """Question answering over news reports, every answer cited to the exact passage.

\b
Examples:
  newsbot ingest samples/articles            # files, folders, dumps, .pdf, feeds, URLs
  newsbot ask "who captured Saraqeb?"
  newsbot ask "who captured Saraqeb?" --json --since 2024-11-01
  newsbot search "Aleppo university" --top-k 3
  printf 'q1\\nq2\\n' | newsbot ask - --json    # one JSON answer per line
  newsbot chat                               # follow-up questions, :reset to forget
  newsbot stats
  newsbot digest --since 24h --topic "ceasefire in Aleppo"

Settings come from NEWSBOT_* environment variables or .env (see .env.example);
--data-dir overrides NEWSBOT_DATA_DIR.
"""


def _without_flag_types(params: Sequence[Any]) -> None:
    """Flags take no value: Typer 0.29 shows `<bool>` after them, as if they took one."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""


class _Command(TyperCommand):
    """A command whose help shows flags bare."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _without_flag_types(self.get_params(ctx))
        super().format_help(ctx, formatter)


class _Group(TyperGroup):
    """A group (`newsbot`, `newsbot docs`) whose help shows flags bare."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _without_flag_types(self.get_params(ctx))
        super().format_help(ctx, formatter)


class _Typer(typer.Typer):
    """Every command's help lists flags without a value type (see `_without_flag_types`)."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _Typer(
    cls=_Group,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
docs_app = _Typer(cls=_Group, help="List or remove stored documents.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")
follow_app = typer.Typer(
    help="Topic alerts: chats that are sent new reports answering a topic (see /follow).",
    no_args_is_help=True,
)
app.add_typer(follow_app, name="follow")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Where the store lives (default: $NEWSBOT_DATA_DIR, else ./newsbot-data).",
        file_okay=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ExplainFlag = Annotated[
    bool,
    typer.Option(
        "--explain", help="Also print the answering rules that fired, and why (or refused)."
    ),
]
TopK = Annotated[
    int | None, typer.Option("--top-k", "-k", min=1, max=100, help="Passages to retrieve.")
]
Sources = Annotated[
    list[str] | None,
    typer.Option("--source", "-s", help="Only this outlet (repeatable; case-insensitive)."),
]
# After "no store in DIR: run `newsbot ingest` first": the store may simply be elsewhere.
ANOTHER_STORE = ", or point at another store with --data-dir DIR or NEWSBOT_DATA_DIR"
Since = Annotated[str | None, typer.Option("--since", help="Published on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option("--until", help="Published on or before YYYY-MM-DD.")]


def main() -> None:
    app()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsbot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"newsbot {_version()}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    # Options of `newsbot` itself; the help is HELP, above.
    pass


@contextmanager
def _edge() -> Iterator[None]:
    """Turn newsbot's own errors into one line on stderr and exit code 1."""
    from pydantic import ValidationError

    from bot.formatting import printable
    from bot.redact import redact
    from vectorstore.errors import NewsbotError, StoreNotFound

    # An error may quote what strangers wrote (an outlet's name, a page's title): printable,
    # so no escape sequence in it reaches the terminal.
    try:
        yield
    except StoreNotFound as exc:
        typer.echo(f"error: {printable(redact(str(exc)))}{ANOTHER_STORE}", err=True)
        raise typer.Exit(1) from None
    except NewsbotError as exc:
        typer.echo(f"error: {printable(redact(str(exc)))}", err=True)
        raise typer.Exit(1) from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        typer.echo(f"error: invalid settings: {problems}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:  # a file of newsbot's own: a full disk, a permission, a lock
        typer.echo(f"error: {_os_problem(exc)}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None


def _os_problem(exc: OSError) -> str:
    from vectorstore.errors import storage_failure

    where = Path(exc.filename) if exc.filename else Path.cwd()
    failure = storage_failure(where, exc, remedy="restore it from a backup")
    return str(failure) if failure else f"{exc.strerror or exc}: {where}"


def _newsbot(data_dir: Path | None) -> Newsbot:
    from bot.redact import install_redaction
    from bot.services import Newsbot
    from bot.settings import Settings

    settings = Settings()
    install_redaction(*settings.secret_values())
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    return Newsbot(settings)


def _parse_day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date as YYYY-MM-DD, got {value!r}", param_hint=flag
        ) from None


def _filters(sources: list[str] | None, since: str | None, until: str | None) -> SearchFilters:
    from vectorstore.records import SearchFilters

    try:
        return SearchFilters(
            sources=tuple(sources or ()),
            since=_parse_day(since, "--since"),
            until=_parse_day(until, "--until"),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _console() -> Any:
    """Rich output: on a terminal, wrapped at word boundaries to its width; piped into a file
    or another program, one line per paragraph, as written (easier to grep)."""
    from rich.console import Console

    console = Console(highlight=False)
    console.soft_wrap = not console.is_terminal
    return console


def _lines(text: str) -> Iterator[str]:
    """`-` reads one question per stdin line; otherwise the argument is the only question."""
    if text != "-":
        yield text
        return
    for line in sys.stdin:
        if line.strip():
            yield line.strip()


@app.command()
def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files (.txt .md .html .json .jsonl .pdf .rss), folders, http(s) URLs, feeds."
        ),
    ] = None,
    sources_file: Annotated[
        Path | None,
        typer.Option("--sources-file", help="A file listing sources, one URL or path per line."),
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="In folders, only these globs.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="In folders, skip these globs.")
    ] = None,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep polling: ingest what is new or changed.")
    ] = False,
    every: Annotated[
        str, typer.Option("--every", help="Interval for --watch: 30s, 15m, 1h.")
    ] = "15m",
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Also remove stored documents read from files under the given folders (or "
            "from the given files) when the file is gone or no longer holds them. Documents "
            "from URLs or other folders are never touched; each removal is listed.",
        ),
    ] = False,
    data_dir: DataDir = None,
    json_output: JsonFlag = False,
) -> None:
    """Add articles to the store; unchanged ones are skipped, changed ones replaced.

    With NEWSBOT_RETENTION_DAYS set, articles published longer ago are skipped and removed.
    """
    interval = _parse_interval(every)
    with _edge():
        listed = list(sources or [])
        if sources_file:
            from ingest.loaders import read_sources_file  # a second of imports: only if needed

            listed += read_sources_file(sources_file)
        if not listed:
            raise typer.BadParameter("give at least one source or --sources-file")
        newsbot = _newsbot(data_dir)
        if not _has_store(newsbot):
            _require_one_source_exists(listed)
        if watch:
            _watch(newsbot, listed, include, exclude, json_output, interval, prune)
            return
        # The progress line starts before the store is opened: something shows at once.
        with _ingest_progress(json_output) as progress:
            progress.stage("opening the store")
            report = _run_ingestion(
                newsbot, listed, include, exclude, progress=progress, prune=prune
            )
        _show_ingestion(report, json_output)
    if report.failed:
        raise typer.Exit(1)


def _has_store(newsbot: Newsbot) -> bool:
    from vectorstore.store import CHROMA_DIR

    settings = newsbot.settings
    return bool(settings.chroma_host) or (settings.data_dir / CHROMA_DIR).exists()


def _require_one_source_exists(sources: list[str]) -> None:
    """A first run whose every source is a path that does not exist is a typo: said at once,
    before an empty store is created that later commands would read as "no reports yet". (With
    a store, a missing folder is a failed source like any other: an unmounted disk that a
    scheduled `--prune` run reads prunes nothing.)"""
    from ingest.loaders import is_url

    missing = [
        s
        for s in sources
        if not is_url(s) and not any(c in s for c in "*?[") and not Path(s).exists()
    ]
    if missing and len(missing) == len(sources):
        shown = ", ".join(repr(m) for m in missing[:5])
        raise typer.BadParameter(f"no such file or folder: {shown}")


def _watch(
    newsbot: Newsbot,
    sources: list[str],
    include: list[str] | None,
    exclude: list[str] | None,
    json_output: bool,
    interval: float,
    prune: bool = False,
) -> None:
    """Ingest now and every `interval` until Ctrl-C.

    A watcher runs for months: a run that cannot happen (another ingestion holds the lock, the
    Chroma server is down, the disk is full) is reported and tried again at the next tick,
    never the end of the watch. Ctrl-C stops it, between runs or during one (an interrupted
    run leaves what a crash leaves: the next ingestion completes it).
    """
    with _stop_on_ctrl_c() as stopped:
        while not stopped():
            problem = _watch_tick(newsbot, sources, include, exclude, json_output, prune)
            if stopped():
                break
            if problem:
                typer.echo(f"{problem}, next at {_clock(interval)}", err=True)
            _wait(interval)
    typer.echo("stopped watching", err=True)


@contextmanager
def _stop_on_ctrl_c() -> Iterator[Callable[[], bool]]:
    """Ctrl-C ends the loop inside: it raises KeyboardInterrupt as usual, and also leaves a
    mark the loop reads between runs, so a library that swallows the interrupt in the middle
    of a run (a watch was once seen ticking on for 30 s after Ctrl-C) cannot keep it going."""
    import signal

    pressed: list[bool] = []

    def interrupted(signum: int, frame: object) -> None:
        pressed.append(True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield lambda: bool(pressed)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, previous)


def _watch_tick(
    newsbot: Newsbot,
    sources: list[str],
    include: list[str] | None,
    exclude: list[str] | None,
    json_output: bool,
    prune: bool = False,
) -> str | None:
    """One run of a watch; why it could not run, if it could not."""
    from bot.services import IngestionLocked
    from vectorstore.errors import NewsbotError

    try:
        _ingest_once(newsbot, sources, include, exclude, json_output, prune)
    except IngestionLocked:
        return "another ingestion is running; skipping this run"
    except NewsbotError as exc:
        return f"error: {exc}"
    except Exception as exc:  # keep-alive: anything else is also this run's failure only
        logger.debug("watch run failed", exc_info=True)
        return f"error: {type(exc).__name__}: {exc}"
    return None


def _clock(interval: float) -> str:
    """When the next run starts: HH:MM, with seconds for intervals under a minute."""
    shown = "%H:%M" if interval >= 60 else "%H:%M:%S"
    return (datetime.now() + timedelta(seconds=interval)).strftime(shown)


def _wait(seconds: float) -> None:
    time.sleep(seconds)


def _ingest_once(
    newsbot: Newsbot,
    sources: list[str],
    include: list[str] | None,
    exclude: list[str] | None,
    json_output: bool,
    prune: bool = False,
) -> bool:
    """One ingestion under the data directory's lock; prints its summary; True if any failed."""
    with _ingest_progress(json_output) as progress:
        report = _run_ingestion(newsbot, sources, include, exclude, progress=progress, prune=prune)
    _show_ingestion(report, json_output)
    return bool(report.failed)


def _ingest_progress(json_output: bool) -> TerminalProgress:
    """A progress line on stderr when a person watches both streams; failures either way."""
    from bot.progress import TerminalProgress

    show_bar = sys.stdout.isatty() and sys.stderr.isatty() and not json_output
    return TerminalProgress(show_bar=show_bar)


def _run_ingestion(
    newsbot: Newsbot,
    sources: list[str],
    include: list[str] | None,
    exclude: list[str] | None,
    *,
    progress: TerminalProgress,
    prune: bool,
) -> IngestReport:
    with newsbot.ingestion_lock():
        progress.stage("opening the store")
        ingestor = newsbot.ingestor()
        return ingestor.ingest(
            sources,
            progress=progress,
            include=include or (),
            exclude=exclude or (),
            prune=prune,
        )


def _show_ingestion(report: IngestReport, json_output: bool) -> None:
    """The summary (or its JSON), after each removal on a line of its own."""
    from bot.formatting import ingest_summary, printable

    if json_output:
        _print_json(report.to_dict())
        return
    for removal in report.removals:
        where = removal.source_file or removal.doc_id
        title = removal.title or "(untitled)"
        typer.echo(printable(f"removed: {title} — {where} ({removal.reason})"))
    typer.echo(ingest_summary(report))


def _parse_interval(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    value, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "s")
    try:
        seconds = float(value) * units[unit]
    except ValueError:
        raise typer.BadParameter(
            f"expected an interval like 30s, 15m or 1h, got {text!r}", param_hint="--every"
        ) from None
    if not math.isfinite(seconds) or seconds <= 0:  # "nan", "inf"
        raise typer.BadParameter("the interval must be a positive number", param_hint="--every")
    return seconds


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, or - to read one per line.")],
    json_output: JsonFlag = False,
    top_k: TopK = None,
    source: Sources = None,
    since: Since = None,
    until: Until = None,
    explain: ExplainFlag = False,
    data_dir: DataDir = None,
) -> None:
    """Answer a question with the passages that support it, or say the reports don't cover it."""
    from bot.formatting import print_why

    filters = _filters(source, since, until)
    with _edge():
        qa = _newsbot(data_dir).qa()
        console = _console()
        for number, text in enumerate(_lines(question)):
            if number and not json_output:
                console.print()
            if question == "-" and not json_output:  # which answer is which, in a batch
                _print_question(console, text)
            answer = _answer_and_show(
                qa, console, text, json_output=json_output, top_k=top_k, filters=filters
            )
            if explain and not json_output:
                print_why(console, answer)


def _print_question(console: Any, question: str) -> None:
    from rich.text import Text

    from bot.formatting import printable

    console.print(Text(f"Q: {printable(question)}", style="bold"))


def _answer_and_show(
    qa: QAService,
    console: Any,
    question: str,
    *,
    json_output: bool,
    top_k: int | None,
    filters: SearchFilters,
    history: Sequence[tuple[str, str]] = (),
    show_reading: bool = False,
) -> Answer:
    """Ask, then print the answer (or its JSON). On a terminal an LLM answer is streamed
    statement by statement, each shown only once it is verified. With `show_reading`, a
    follow-up is first shown as the question it was read as."""
    from bot.formatting import answer_to_json, print_answer, print_reading

    echo = _StatementEcho() if qa.llm and not json_output and sys.stdout.isatty() else None
    try:
        answer = qa.ask(
            question,
            top_k=top_k,
            filters=filters,
            history=history,
            on_statement=echo.add if echo else None,
        )
    finally:
        streamed = echo.close() if echo else ""
    if echo and streamed and streamed != answer.text:
        echo.erase()  # statements of an answer given up (the model failed): not the answer
        streamed = ""
    _warn_about(answer)
    if json_output:
        _print_json(answer_to_json(answer))
        return answer
    if show_reading:
        print_reading(console, answer)
    print_answer(console, answer, text=streamed != answer.text)
    return answer


class _StatementEcho:
    """Verified statements on the terminal as they come; "…" until the first one."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self._write("…")

    def add(self, statement: str) -> None:
        # An article can talk the model into writing escape sequences: made printable.
        from bot.formatting import printable

        self._write(("\r" if not self.shown else " ") + printable(statement))
        self.shown.append(statement)

    def close(self) -> str:
        """End the streamed line; the text shown, which the answer need not repeat."""
        self._write("\n" if self.shown else "\r \r")
        return " ".join(self.shown)

    def erase(self) -> None:
        """Take the closed streamed line off the screen (it may have wrapped), so that no
        statement of an answer given up stays beside the answer that replaces it."""
        import math
        import shutil

        from bot.formatting import printable

        width = max(1, shutil.get_terminal_size().columns)
        lines = max(1, math.ceil(len(printable(" ".join(self.shown))) / width))
        self._write(f"\x1b[{lines}F\x1b[J")

    @staticmethod
    def _write(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()


def _warn_about(answer: Any) -> None:
    from bot.formatting import printable

    notes = answer.notes
    if notes.get("llm_error"):
        typer.echo(
            f"warning: {printable(str(notes['llm_error']))}; showing the extractive answer",
            err=True,
        )
    dropped = notes.get("sentences_dropped", 0)
    if dropped:
        typer.echo(
            f"note: {dropped} statement(s) of the LLM answer were removed: their quotes did "
            "not support them (see dropped_statements in --json)",
            err=True,
        )


CHAT_COMMANDS = ":reset forgets the conversation, :quit leaves, :help shows this."


@app.command()
def chat(
    top_k: TopK = None,
    source: Sources = None,
    since: Since = None,
    until: Until = None,
    explain: ExplainFlag = False,
    data_dir: DataDir = None,
) -> None:
    """Ask questions interactively; follow-ups ("and who led them?") use the conversation.

    A follow-up is shown as the question it was read as. Type :reset to forget the
    conversation, :quit (or Ctrl-D) to leave.
    """
    from bot.formatting import print_why

    filters = _filters(source, since, until)
    with _edge():
        qa = _newsbot(data_dir).qa()
        console = _console()
        history: list[tuple[str, str]] = []
        typer.echo(f"Ask about the reports. {CHAT_COMMANDS}")
        while True:
            try:
                question = input("> ").strip()
            except EOFError:
                typer.echo()
                return
            if question in {":quit", ":q", ":exit"}:
                return
            if question == ":reset":
                history.clear()
                typer.echo("Conversation forgotten.")
                continue
            if question.startswith(":"):  # ":help", or a command mistyped: never a question
                known = question in {":help", ":h", ":?"}
                typer.echo(("" if known else f"Unknown command {question}. ") + CHAT_COMMANDS)
                continue
            if not any(c.isalnum() for c in question):
                continue
            answer = _answer_and_show(
                qa,
                console,
                question,
                json_output=False,
                top_k=top_k,
                filters=filters,
                history=history,
                show_reading=True,
            )
            if explain:
                print_why(console, answer)
            history.append((question, answer.text))
            del history[:-5]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="The query, or - to read one per line.")],
    json_output: JsonFlag = False,
    top_k: TopK = None,
    source: Sources = None,
    since: Since = None,
    until: Until = None,
    data_dir: DataDir = None,
) -> None:
    """Show the passages that best match a query, without composing an answer."""
    from bot.formatting import print_hits, search_to_json

    filters = _filters(source, since, until)
    with _edge():
        qa = _newsbot(data_dir).qa()
        console = _console()
        for text in _lines(query):
            hits = qa.search(text, top_k=top_k, filters=filters)
            if json_output:
                _print_json(search_to_json(text, hits))
            else:
                print_hits(console, hits)


@app.command("eval")
def eval_command(
    qa_set: Annotated[
        Path, typer.Argument(help="QA set (.json or .jsonl); see docs/evaluation.md.")
    ],
    ingest_first: Annotated[
        list[str] | None,
        typer.Option("--ingest", help="Ingest this corpus first (repeatable; incremental)."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N questions.")] = None,
    show_failures: Annotated[
        bool,
        typer.Option(
            "--show-failures",
            help="Print each miss with the rules that fired (on stderr with --json).",
        ),
    ] = False,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
) -> None:
    """Run a QA set: hits@4/10, MRR@10, lead and answer accuracy, wrong answers, refusals.

    --json adds every question's result; docs/evaluation.md defines the metrics.
    """
    from bot.evaluation import evaluate, failure_report, load_qa_set

    with _edge():
        items = load_qa_set(qa_set)[:limit]
        newsbot = _newsbot(data_dir)
        if ingest_first:
            with newsbot.ingestion_lock():
                report = newsbot.ingestor().ingest(ingest_first)
            if report.failed:
                typer.echo(f"warning: {report.failed} sources failed to ingest", err=True)
        result = evaluate(newsbot.qa(), items)
    metrics = result.metrics()
    if json_output:
        results = [r.to_dict() for r in result.results]
        _print_json({"file": str(qa_set), **metrics, "results": results})
        if show_failures:
            # stdout stays one JSON object; the blocks are for the person watching.
            typer.echo(failure_report(result.results), err=True)
        return
    typer.echo(
        f"{qa_set}: {metrics['questions']} questions "
        f"({metrics['answerable']} answerable, {metrics['unanswerable']} unanswerable)"
    )
    for key, value in metrics.items():
        if key not in {"questions", "answerable", "unanswerable"}:
            shown = (
                "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else value)
            )
            typer.echo(f"  {key:20} {shown}")
    if show_failures:
        typer.echo("\n" + failure_report(result.results))


@app.command()
def telegram(
    data_dir: DataDir = None,
    webhook_url: Annotated[
        str | None,
        typer.Option(
            "--webhook-url",
            help="Receive updates by webhook at this public URL instead of long polling.",
        ),
    ] = None,
    listen: Annotated[
        str, typer.Option("--listen", help="With --webhook-url: the address to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option("--port", min=1, max=65535, help="With --webhook-url: the port."),
    ] = 8443,
) -> None:
    """Run the Telegram bot (long polling, or a webhook); needs TELEGRAM_BOT_TOKEN."""
    from urllib.parse import urlsplit

    webhook = None
    if webhook_url is not None:
        parts = urlsplit(webhook_url)
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            raise typer.BadParameter(
                f"expected an https:// URL, got {webhook_url!r}", param_hint="--webhook-url"
            )
    with _edge():
        from bot.telegram import Webhook, run

        if webhook_url is not None:
            webhook = Webhook(webhook_url, listen=listen, port=port)
        run(_newsbot(data_dir).settings, webhook)


@docs_app.command("list")
def docs_list(
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Only the N newest documents.")
    ] = None,
    source: Sources = None,
    data_dir: DataDir = None,
    json_output: JsonFlag = False,
) -> None:
    """List stored documents, newest first: one line each with the date, passages, outlet,
    title and the id that `newsbot docs remove` takes."""
    from dataclasses import asdict

    from bot.formatting import plural

    with _edge():
        documents = _newsbot(data_dir).store().documents(sources=source or ())
    shown = documents[:limit]
    if json_output:
        _print_json({"total": len(documents), "documents": [asdict(d) for d in shown]})
        return
    if not documents:
        typer.echo("No documents stored." if not source else "No documents from that outlet.")
        return
    typer.echo(f"{'published':10}  {'psg':>4}  {'outlet':20}  {'title':50}  id")
    for document in shown:
        typer.echo(_document_line(document))
    more = f" (the {len(shown)} newest shown; --limit)" if len(shown) < len(documents) else ""
    typer.echo(f"{plural(len(documents), 'document')}{more}")


def _document_line(document: DocumentSummary) -> str:
    """One document on one line: fixed-width date, passages, outlet and title, then the id."""
    from bot.formatting import printable

    def cut(text: str | None, width: int) -> str:
        text = " ".join(printable(text or "-").split())
        return text if len(text) <= width else text[: width - 1] + "…"

    return (
        f"{document.published or '-':10}  {document.passages:>4}  "
        f"{cut(document.source, 20):20}  {cut(document.title, 50):50}  "
        f"{printable(document.doc_id)}"
    )


@docs_app.command("remove")
def docs_remove(
    doc_id: Annotated[
        str | None, typer.Argument(help="A document id, as `newsbot docs list` shows.")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", help="Every document of this outlet (repeatable; any case)."
        ),
    ] = None,
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than",
            help="Every document published before YYYY-MM-DD (undated ones are kept).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be removed; remove nothing.")
    ] = False,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
) -> None:
    """Delete documents and all their passages: one by id, or every one matching
    --source and/or --older-than (both given: documents matching both)."""
    from vectorstore.errors import NewsbotError

    before = _parse_day(older_than, "--older-than")
    if doc_id is not None and (source or before):
        raise typer.BadParameter("give a DOC_ID or --source/--older-than, not both")
    if doc_id is None and not (source or before):
        raise typer.BadParameter("give a DOC_ID, --source or --older-than")
    with _edge():
        newsbot = _newsbot(data_dir)
        store = newsbot.store()  # a missing store is an error, not an empty one made here
        if doc_id is not None:
            chosen = store.documents(doc_id=doc_id) or _incomplete(store, doc_id)
            if not chosen:
                raise NewsbotError(f"no document with id {doc_id!r} (see `newsbot docs list`)")
        else:
            chosen = store.documents(sources=source or (), published_before=before)
        removed: dict[str, int] = {}
        if chosen and not dry_run:
            with newsbot.ingestion_lock():
                removed = newsbot.ingestor().remove_documents([d.doc_id for d in chosen])
    _show_removed(chosen, removed, doc_id=doc_id, dry_run=dry_run, json_output=json_output)


def _incomplete(store: PassageStore, doc_id: str) -> list[DocumentSummary]:
    """A document whose first passage is missing (a write cut short) is removable too."""
    from vectorstore.store import DocumentSummary

    state = store.document_state(doc_id)
    if state is None:
        return []
    return [DocumentSummary(doc_id, None, None, None, None, passages=len(state.chunk_ids))]


def _show_removed(
    chosen: list[DocumentSummary],
    removed: dict[str, int],
    *,
    doc_id: str | None,
    dry_run: bool,
    json_output: bool,
) -> None:
    from bot.formatting import plural, printable

    passages = sum(removed.values()) if not dry_run else sum(d.passages for d in chosen)
    if json_output:
        listed = [
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "source": d.source,
                "published": d.published,
                "passages": d.passages if dry_run else removed.get(d.doc_id, 0),
            }
            for d in chosen
            if dry_run or d.doc_id in removed
        ]
        _print_json(
            {
                "removed": 0 if dry_run else len(removed),
                "passages": passages,
                "dry_run": dry_run,
                "documents": listed,
            }
        )
        return
    if doc_id is not None and not dry_run:
        typer.echo(printable(f"Removed {doc_id}: {plural(passages, 'passage')} deleted."))
        return
    if not chosen:
        typer.echo("No documents match; nothing removed.")
        return
    verb = "would remove" if dry_run else "removed"
    for document in chosen:
        if dry_run or document.doc_id in removed:
            typer.echo(f"{verb}: {_document_line(document)}")
    count = len(chosen) if dry_run else len(removed)
    typer.echo(
        f"{plural(count, 'document')} ({plural(passages, 'passage')}) would be removed; "
        "nothing was (--dry-run)."
        if dry_run
        else f"Removed {plural(count, 'document')} ({plural(passages, 'passage')})."
    )


@app.command()
def stats(data_dir: DataDir = None, json_output: JsonFlag = False) -> None:
    """How many documents and passages are stored, from which outlets and dates."""
    with _edge():
        newsbot = _newsbot(data_dir)
        store = newsbot.store()
        documents = store.documents()
        payload = {
            "documents": len(documents),
            "passages": store.count(),
            "keyword_index_passages": newsbot.keyword_index().count(),
            "sources": len({d.source for d in documents if d.source}),
            "oldest": min((d.published for d in documents if d.published), default=None),
            "newest": max((d.published for d in documents if d.published), default=None),
            "collection": store.name,
            "embedding_model": store.embedding_model,
            "data_dir": str(newsbot.settings.data_dir),
            "outlets": _outlets(documents),
        }
    if json_output:
        _print_json(payload)
        return
    _print_stats(payload)


def _outlets(documents: Sequence[Any]) -> list[dict[str, Any]]:
    """Each outlet with its documents and passages, most documents first; no outlet: null."""
    counts: dict[str | None, list[int]] = {}
    for document in documents:
        tally = counts.setdefault(document.source, [0, 0])
        tally[0] += 1
        tally[1] += document.passages
    ranked = sorted(counts.items(), key=lambda item: (-item[1][0], item[0] is None, item[0] or ""))
    return [
        {"source": source, "documents": docs, "passages": passages}
        for source, (docs, passages) in ranked
    ]


def _print_stats(payload: dict[str, Any]) -> None:
    from bot.formatting import plural, printable

    for key, value in payload.items():
        if key != "outlets":
            typer.echo(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")
    outlets = payload["outlets"]
    if not outlets:
        return
    typer.echo("outlets:")
    width = max(len(o["source"] or "(no outlet)") for o in outlets)
    for outlet in outlets:
        name = printable(outlet["source"] or "(no outlet)")
        counts = (
            f"{plural(outlet['documents'], 'document')}, {plural(outlet['passages'], 'passage')}"
        )
        typer.echo(f"  {name:{width}}  {counts}")


def _subscriptions(data_dir: Path | None) -> Any:
    from bot.follow import Subscriptions, follow_file

    settings = _newsbot(data_dir).settings
    return Subscriptions(
        follow_file(settings.data_dir, settings.collection),
        max_per_hour=settings.follow_max_per_hour,
    )


ChatOption = Annotated[int | None, typer.Option("--chat", help="A Telegram chat id.")]


@follow_app.command("add")
def follow_add(
    topic: Annotated[str, typer.Argument(help="A topic or question, e.g. 'ceasefire in Aleppo'.")],
    chat: Annotated[int, typer.Option("--chat", help="The Telegram chat id to alert.")],
    data_dir: DataDir = None,
) -> None:
    """Alert a chat (through the running bot) to new reports that answer TOPIC."""
    with _edge():
        subscriptions = _subscriptions(data_dir)
        number, new = subscriptions.add(chat, topic)
    position = len(subscriptions.followed()) if new else None
    state = "Following" if new else "Already following"
    typer.echo(f"{state} #{number} in chat {chat}: {' '.join(topic.split())}")
    if position:
        typer.echo(f"(`newsbot follow remove {position}` stops it)")


@follow_app.command("list")
def follow_list(
    chat: ChatOption = None, data_dir: DataDir = None, json_output: JsonFlag = False
) -> None:
    """Every subscription (or one chat's), numbered for `newsbot follow remove`."""
    from bot.formatting import printable

    with _edge():
        listed = _subscriptions(data_dir).followed(chat)
    if json_output:
        rows = [
            {"n": n, "chat_id": s.chat_id, "topic": s.topic} for n, s in enumerate(listed, start=1)
        ]
        _print_json({"subscriptions": rows})
        return
    for n, subscription in enumerate(listed, start=1):
        typer.echo(printable(f"{n:3}. chat {subscription.chat_id}: {subscription.topic}"))
    if not listed:
        typer.echo("No topics are followed.")


@follow_app.command("remove")
def follow_remove(
    number: Annotated[int, typer.Argument(help="The number `newsbot follow list` shows.")],
    chat: ChatOption = None,
    data_dir: DataDir = None,
) -> None:
    """Stop one subscription (numbered as `newsbot follow list`, with the same --chat)."""
    from bot.formatting import printable

    with _edge():
        removed = _subscriptions(data_dir).remove(number, chat)
    typer.echo(printable(f"Stopped following in chat {removed.chat_id}: {removed.topic}"))


@app.command()
def digest(
    since: Annotated[
        str, typer.Option("--since", help="24h, 90m, 7d, or a date/time (UTC): what arrived since.")
    ] = "24h",
    topic: Annotated[
        str | None, typer.Option("--topic", help="Only reports that answer this topic.")
    ] = None,
    json_output: JsonFlag = False,
    data_dir: DataDir = None,
) -> None:
    """What was ingested since then, grouped by story, each report cited with a sentence."""
    from bot.digest import build_digest, parse_since
    from bot.formatting import printable

    with _edge():
        moment = parse_since(since)
        result = build_digest(_newsbot(data_dir), moment, topic=topic)
    if json_output:
        _print_json(result.to_dict())
        return
    count = sum(len(story.items) for story in result.stories)
    about = f" on {topic!r}" if topic else ""
    typer.echo(
        f"{count} reports{about} in {len(result.stories)} stories since "
        f"{result.since.isoformat(timespec='minutes')}"
    )
    for story in result.stories:
        typer.echo(printable(f"\n■ {story.headline}"))
        for item in story.items:
            byline = ", ".join(x for x in (item.source, item.published) if x)
            typer.echo(
                printable(f"  • {item.title or '(untitled)'}" + (f" — {byline}" if byline else ""))
            )
            typer.echo(printable(f"    “{item.quote}”"))
            if item.url:
                typer.echo(printable(f"    {item.url}"))
