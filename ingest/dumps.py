"""JSON and JSONL dumps read as streams: one item in memory at a time, never the whole file.

A 400 MB dump read whole took 1.25 GB of memory (its bytes, its text, every parsed object at
once). Here a JSONL file is read line by line, and a JSON array is parsed item by item with
`json.JSONDecoder.raw_decode` over a buffer refilled from the file, so memory stays at about one
item plus one read, whatever the size of the dump.

An item larger than `MAX_ITEM_BYTES` is refused: in JSONL only that line, in a JSON array the
rest of the file (its end cannot be found without parsing it).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from io import BufferedReader
from typing import Any

from ingest.errors import EmptyArticle, MalformedSource, SourceError, TooLarge, UndecodableText

__all__ = ["MAX_ITEM_BYTES", "json_values", "jsonl_values"]

# One item of a dump may be as large as one file may be (ingest.loaders.MAX_FILE_BYTES).
MAX_ITEM_BYTES = 10_000_000
_READ_CHARS = 1 << 20
_BINARY_PROBE = 8192
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# raw_decode reports most errors where they are, so more text cannot cure them; these may just
# mean the buffer ends inside the item (an escape, a string or a number cut off by the read).
_TRUNCATION_MARGIN = 12
_DUMP_KEYS = ("articles", "items", "data")


def jsonl_values(stream: BufferedReader, *, label: str) -> Iterator[tuple[int, Any] | SourceError]:
    """`(line number, value)` for each non-blank line; a bad line is yielded as its failure.

    Raises:
        UndecodableText: the file is binary.
        EmptyArticle: the file has no non-blank line.
    """
    if b"\x00" in stream.peek(_BINARY_PROBE)[:_BINARY_PROBE]:
        raise UndecodableText(label, "binary data, not text")
    found = False
    for number, line in enumerate(_lines(stream), start=1):
        where = f"{label} (line {number})"
        if line is None:
            yield TooLarge(where, f"a line over {MAX_ITEM_BYTES // 1_000_000} MB is too large")
            found = True
            continue
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        found = True
        try:
            yield number, json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield UndecodableText(
                where, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1})"
            )
        except json.JSONDecodeError as exc:
            problem = _without_position(exc.msg)
            yield MalformedSource(where, f"malformed JSON at column {exc.colno}: {problem}")
        except RecursionError:
            yield MalformedSource(where, "malformed JSON: nested too deeply")
    if not found:
        raise EmptyArticle(label, "empty file")


def _lines(stream: BufferedReader) -> Iterator[bytes | None]:
    """Each line's bytes, or None for a line over `MAX_ITEM_BYTES` (read past, never kept)."""
    while line := stream.readline(MAX_ITEM_BYTES + 1):
        if len(line) > MAX_ITEM_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(_READ_CHARS)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def json_values(stream: BufferedReader, *, label: str) -> Iterator[tuple[int, Any]]:
    """`(item number, value)` of each item of a JSON dump, as old newsbot read them whole.

    The dump is an array of items, an object whose "articles", "items" or "data" member is
    that array, or a single object (one item).

    Raises:
        SourceError: the file is not JSON, not such a dump, or has no items; items already
            yielded stand.
    """
    reader = _Reader(stream, label)
    reader.skip_whitespace()
    first = reader.peek()
    if not first:
        raise EmptyArticle(label, "empty file")
    if first == "[":
        reader.pos += 1
        yield from _numbered(reader, _array(reader))
    elif first == "{":
        reader.pos += 1
        yield from _numbered(reader, _object_items(reader))
    else:
        reader.value()
        raise MalformedSource(label, "expected a JSON array of article objects")
    reader.skip_whitespace()
    if reader.peek():
        raise reader.malformed("Extra data", reader.pos)


def _numbered(reader: _Reader, values: Iterator[Any]) -> Iterator[tuple[int, Any]]:
    count = 0
    for count, value in enumerate(values, start=1):
        yield count, value
    if not count:
        raise EmptyArticle(reader.label, "the JSON array holds no articles")


def _array(reader: _Reader) -> Iterator[Any]:
    """The values of an array whose `[` was just read, up to and including its `]`."""
    reader.skip_whitespace()
    if reader.peek() == "]":
        reader.pos += 1
        return
    while True:
        yield reader.value()
        if reader.closed_by("]"):
            return


def _object_items(reader: _Reader) -> Iterator[Any]:
    """The items of an object whose `{` was just read: its dump array, else the object."""
    members: dict[str, Any] = {}
    reader.skip_whitespace()
    if reader.peek() == "}":
        reader.pos += 1
        yield members
        return
    streamed = False
    while True:
        key = reader.value()
        if not isinstance(key, str):
            raise reader.malformed("Expecting property name enclosed in double quotes", reader.pos)
        reader.skip_whitespace()
        if reader.peek() != ":":
            raise reader.malformed("Expecting ':' delimiter", reader.pos)
        reader.pos += 1
        reader.skip_whitespace()
        if key in _DUMP_KEYS and not streamed and reader.peek() == "[":
            reader.pos += 1
            yield from _array(reader)
            streamed = True
        elif streamed:
            reader.value()  # the rest of a dump's wrapper is not needed
        else:
            members[key] = reader.value()
        if reader.closed_by("}"):
            break
    if not streamed:
        yield members


class _Reader:
    """The file's text from `pos` on, read in chunks as parsing needs it.

    Text before `pos` is dropped at each read; line and column are kept for error messages.
    """

    def __init__(self, stream: BufferedReader, label: str) -> None:
        self.label = label
        self.buffer = ""
        self.pos = 0
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._offset = 0  # bytes read so far
        self._eof = False
        self._line = 1  # line and column of buffer[0]
        self._column = 1

    def _read(self, chars: int) -> bool:
        """Append about `chars` more characters; False at the end of the file."""
        if self._eof:
            return False
        data = self._stream.read(chars)
        if self._offset == 0 and b"\x00" in data[:_BINARY_PROBE]:
            raise UndecodableText(self.label, "binary data, not text")
        pending = self._decoder.getstate()[0]
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            where = self._offset - len(pending) + exc.start
            raise UndecodableText(
                self.label,
                f"not valid UTF-8 (byte 0x{(pending + data)[exc.start]:02x} at offset {where})",
            ) from exc
        self._offset += len(data)
        self._eof = not data
        self._drop_consumed()
        self.buffer += text
        return True

    def _drop_consumed(self) -> None:
        consumed = self.buffer[: self.pos]
        newlines = consumed.count("\n")
        if newlines:
            self._line += newlines
            self._column = len(consumed) - consumed.rfind("\n")
        else:
            self._column += len(consumed)
        self.buffer = self.buffer[self.pos :]
        self.pos = 0

    def peek(self) -> str:
        """The character at `pos`, or "" at the end of the file."""
        while self.pos >= len(self.buffer):
            if not self._read(_READ_CHARS):
                return ""
        return self.buffer[self.pos]

    def skip_whitespace(self) -> None:
        while True:
            self.pos = _WHITESPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer) or not self._read(_READ_CHARS):
                return

    def value(self) -> Any:
        """The JSON value at `pos` (after whitespace), reading on until it is complete."""
        self.skip_whitespace()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                cut_off = exc.msg.startswith("Unterminated string") or (
                    exc.pos >= len(self.buffer) - _TRUNCATION_MARGIN
                )
                if not cut_off or not self._read_more():
                    raise self.malformed(exc.msg, exc.pos) from exc
                continue
            except RecursionError as exc:
                raise self.malformed("nested too deeply", self.pos) from exc
            # A number the read cut off ("12" of "1234", "-2" of "-2.5") parses, so a value
            # ending near the end of the buffer is read again with more text.
            if end >= len(self.buffer) - _TRUNCATION_MARGIN and self._read_more():
                continue
            self.pos = end
            return value

    def _read_more(self) -> bool:
        """Double what is buffered of the current item (linear overall); False at the end."""
        size = len(self.buffer) - self.pos
        if size > MAX_ITEM_BYTES:
            raise TooLarge(
                self.label,
                f"an item over {MAX_ITEM_BYTES // 1_000_000} MB is too large; "
                "the rest of the dump was not read",
            )
        return self._read(min(max(size, _READ_CHARS), MAX_ITEM_BYTES + 1 - size))

    def closed_by(self, close: str) -> bool:
        """After a value in an array or object: True at its `close`, False past a `,`."""
        self.skip_whitespace()
        mark = self.peek()
        self.pos += 1
        if mark == close:
            return True
        if mark != ",":
            raise self.malformed("Expecting ',' delimiter", self.pos - 1)
        self.skip_whitespace()
        return False

    def malformed(self, message: str, pos: int) -> MalformedSource:
        before = self.buffer[:pos]
        newlines = before.count("\n")
        line = self._line + newlines
        column = pos - before.rfind("\n") if newlines else self._column + pos
        return MalformedSource(
            self.label,
            f"malformed JSON at line {line} column {column}: {_without_position(message)}",
        )


def _without_position(message: str) -> str:
    """The decoder's message without its dangling words ("Invalid control character at",
    "Unterminated string starting at"), written to be followed by a position that this module
    gives in its own words."""
    return message.removesuffix(" at").removesuffix(" starting")
