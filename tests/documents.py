"""Test documents built byte by byte: a one-page PDF with real text, RSS and Atom feeds."""

from __future__ import annotations

import zlib


def pdf_with_text(lines: list[str], *, title: str = "", author: str = "", pages: int = 1) -> bytes:
    """A valid PDF 1.4 with `pages` pages each showing `lines` in Helvetica (for pypdf)."""
    content = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines)
        + " ET"
    )
    info = f"<< /Title ({title}) /Author ({author}) /CreationDate (D:20240611090000Z) >>"
    return pdf_with_content(content.encode("latin-1"), info=info, pages=pages)


def pdf_bomb(inflated_bytes: int) -> bytes:
    """A small PDF whose one content stream inflates (FlateDecode) to `inflated_bytes`."""
    content = b"BT /F1 12 Tf 72 720 Td (" + b" " * inflated_bytes + b") Tj ET"
    return pdf_with_content(zlib.compress(content, 1), filters="/Filter /FlateDecode")


def pdf_with_content(
    content: bytes, *, filters: str = "", info: str = "<< >>", pages: int = 1
) -> bytes:
    """A PDF of `pages` pages, each showing the content stream `content`, as given."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>"
    )
    kids = " ".join(["3 0 R"] + [f"{7 + n} 0 R" for n in range(pages - 1)])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        page,
        f"<< /Length {len(content)} {filters} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info.encode("latin-1"),
        *[page] * (pages - 1),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def rss(items: list[dict[str, str]], *, title: str = "Harbour Times") -> bytes:
    entries = "".join(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://harbour.example/</link>"
        f"<description>News</description>{entries}</channel></rss>"
    ).encode()
