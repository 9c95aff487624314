"""Fixtures and helpers for the assist tests (the shared ones live in tests/conftest.py)."""

import io
from collections.abc import Sequence
from typing import Any

import docx


def docx_bytes(document: Any) -> bytes:
    """A python-docx document as the bytes of a .docx file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_file(*paragraphs: str, bulleted: Sequence[str] = ()) -> bytes:
    """A Word document of plain paragraphs, then bulleted ones."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    for item in bulleted:
        document.add_paragraph(item, style="List Bullet")
    return docx_bytes(document)


def pdf_file(body_html: str, body_style: str = "") -> bytes:
    """A PDF drawn from HTML, as a browser would print it."""
    import weasyprint  # slow to import: only the import tests need it

    style = f" style='{body_style}'" if body_style else ""
    html = f"<html><body{style}>{body_html}</body></html>"
    return bytes(weasyprint.HTML(string=html).write_pdf())
