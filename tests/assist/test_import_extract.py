"""Reading an uploaded document: plain text, Word and PDF read; everything else refused with a
message that names the file and says what is expected."""

import io
import zipfile
from collections.abc import Callable

import docx
import pypdf
import pytest
from docx.oxml import OxmlElement

from safeguarding.assist.importing import ImportRefused, document_text
from safeguarding.assist.importing.extract import MAX_UNPACKED_BYTES
from tests.assist.conftest import docx_bytes, pdf_file, word_file

ACCEPTED = "a plain text file (.txt), a Word document (.docx) or a PDF"
OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLD_WORD_DOCUMENT = OLE2_HEADER + bytes(500) + "WordDocument".encode("utf-16-le")


def encrypted_pdf(user_password: str) -> bytes:
    """A PDF locked with an owner's password, and with this one to open it."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_file("<p>Priorities</p>")))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def refusal(name: str, data: bytes, **options: int) -> str:
    with pytest.raises(ImportRefused) as refused:
        document_text(name=name, data=data, **options)
    assert isinstance(refused.value, ValueError)
    assert refused.value.message == str(refused.value)
    assert f"“{name}”" in refused.value.message
    return refused.value.message


# --- what is read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Priorities\n\n• One\n".encode(), "Priorities\n\n• One\n"),
        ("\ufeffPriorities 2025\u201326".encode(), "Priorities 2025\u201326"),
        ("Café report\r\nSecond line".encode("cp1252"), "Café report\nSecond line"),
        ("Learning \u2013 key".encode("utf-16"), "Learning \u2013 key"),
        (b"A PDF starts %PDF-1.7", "A PDF starts %PDF-1.7"),
    ],
    ids=[
        "utf-8",
        "utf-8 with BOM",
        "windows-1252 with CRLF",
        "utf-16 with BOM",
        "text that mentions a PDF header is still text",
    ],
)
def test_plain_text_is_decoded(data: bytes, expected: str) -> None:
    assert document_text(name="notes.txt", data=data) == expected


def test_word_gives_one_line_per_paragraph_and_keeps_list_items() -> None:
    data = word_file("Planned work", "We will:", bulleted=("Hold an event", "Audit cases"))

    assert document_text(name="plan.docx", data=data).splitlines() == [
        "Planned work",
        "We will:",
        "• Hold an event",
        "• Audit cases",
    ]


def test_word_tables_are_read_cell_by_cell() -> None:
    document = docx.Document()
    document.add_paragraph("Actions")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Audit of strategy meetings"
    table.cell(0, 1).text = "Performance Management Subgroup"

    assert document_text(name="actions.docx", data=docx_bytes(document)).splitlines() == [
        "Actions",
        "Audit of strategy meetings",
        "Performance Management Subgroup",
    ]


def test_word_paragraphs_inside_content_controls_are_read() -> None:
    document = docx.Document()
    document.add_paragraph("Key learning")
    inside = document.add_paragraph("Poverty")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inside._p.addprevious(control)
    control.append(content)
    content.append(inside._p)
    document.add_paragraph("After")

    assert document_text(name="report.docx", data=docx_bytes(document)).splitlines() == [
        "Key learning",
        "Poverty",
        "After",
    ]


def test_the_kind_comes_from_the_content_not_the_name() -> None:
    assert document_text(name="plan.txt", data=word_file("Priorities")) == "Priorities"
    assert document_text(name="plan.docx", data=pdf_file("<p>Priorities</p>")) == "Priorities"


def test_pdf_lines_wrapped_by_the_page_are_joined_into_paragraphs() -> None:
    long = " ".join(["The partnership will seek assurance from every agency."] * 8)
    data = pdf_file(f"<h2>Key learning</h2><p>{long}</p><p>• First item</p><p>• Second</p>")

    assert document_text(name="report.pdf", data=data).split("\n\n") == [
        "Key learning",
        long,
        "• First item",
        "• Second",
    ]


def test_pdf_list_markers_drawn_apart_from_their_items_are_put_back() -> None:
    data = pdf_file(
        "<h2>Planned work for the year ahead, which is long enough to wrap onto two lines</h2>"
        "<p>We will:</p><ul><li>Hold an event</li><li>Audit cases</li></ul>"
        "<ol><li>First reform</li></ol>"
    )

    assert document_text(name="plan.pdf", data=data).split("\n\n") == [
        "Planned work for the year ahead, which is long enough to wrap onto two lines",
        "We will:",
        "• Hold an event",
        "• Audit cases",
        "1. First reform",
    ]


def test_pdf_paragraphs_carried_over_a_page_break_are_joined() -> None:
    html = "<p>Poverty matters and</p><p style='break-before: page'>continues here.</p>"

    assert document_text(name="report.pdf", data=pdf_file(html)) == (
        "Poverty matters and continues here."
    )


def test_pdf_with_only_an_owner_password_opens_for_anyone() -> None:
    assert document_text(name="report.pdf", data=encrypted_pdf("")) == "Priorities"


# --- what is refused ------------------------------------------------------------------


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def unpacks_too_big() -> bytes:
    """A small .docx whose document unpacks to more than the reader will unpack."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            megabyte = bytes(1024 * 1024)
            for _ in range(MAX_UNPACKED_BYTES // len(megabyte) + 10):
                entry.write(megabyte)
    assert len(out.getvalue()) < 200_000
    return out.getvalue()


def first_part(data: bytes, fraction: int) -> bytes:
    """The start of a file cut off partway, as a broken upload leaves it."""
    return data[: len(data) // fraction]


UNSUPPORTED: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "png": ("photo.png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "an image (PNG)"),
    "png named docx": ("report.docx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "image"),
    "zip": ("bundle.docx", lambda: zip_of({"notes.txt": b"hello"}), "a zip file that is not"),
    "xlsx": ("data.xlsx", lambda: zip_of({"xl/workbook.xml": b"<x/>"}), "Excel spreadsheet"),
    "old doc": ("report.doc", lambda: OLD_WORD_DOCUMENT, "Word 97-2003 document (.doc)"),
    "binary": ("data.bin", lambda: bytes(range(256)) * 4, "a file that is not text"),
    "web page": ("page.htm", lambda: b"<!DOCTYPE html><html><p>Hi</p></html>", "a web page"),
}


@pytest.mark.parametrize("case", UNSUPPORTED.values(), ids=UNSUPPORTED.keys())
def test_unsupported_kinds_say_which_kinds_are_accepted(
    case: tuple[str, Callable[[], bytes], str],
) -> None:
    name, make, looks_like = case
    message = refusal(name, make())
    assert f"must be {ACCEPTED}" in message
    assert looks_like in message


# How Office stores an encrypted .docx: an OLE2 compound file with this stream in it.
ENCRYPTED_WORD_DOCUMENT = (
    OLE2_HEADER + bytes(1000) + "EncryptedPackage".encode("utf-16-le") + bytes(100)
)

REFUSED: dict[str, tuple[str, Callable[[], bytes], dict[str, int], list[str]]] = {
    "empty file": ("report.docx", lambda: b"", {}, ["is empty", ACCEPTED]),
    "over the default limit says the limit in megabytes": (
        "report.txt",
        lambda: b"a" * (11 * 1024 * 1024),
        {},
        ["must be smaller than 10 MB", "It is 11 MB"],
    ),
    "over a smaller limit": (
        "report.txt",
        lambda: b"a" * (3 * 1024 * 1024 // 2),
        {"max_bytes": 1024 * 1024},
        ["must be smaller than 1 MB"],
    ),
    "old word document says to save it as docx": (
        "report.doc",
        lambda: OLD_WORD_DOCUMENT,
        {},
        ["save it as a .docx and upload it again"],
    ),
    "damaged word document": (
        "report.docx",
        lambda: first_part(word_file("Priorities", "Poverty"), 2),
        {},
        ["could not be read as a Word document (.docx)", "damaged", "save it again as a .docx"],
    ),
    "damaged pdf": (
        "report.pdf",
        lambda: first_part(pdf_file("<p>Priorities</p>"), 3),
        {},
        ["could not be read as a PDF", "damaged"],
    ),
    "password protected pdf": (
        "report.pdf",
        lambda: encrypted_pdf("secret"),
        {},
        ["is password protected", "Remove the password", "upload it again"],
    ),
    "password protected word document": (
        "report.docx",
        lambda: ENCRYPTED_WORD_DOCUMENT,
        {},
        ["is password protected", "Remove the password"],
    ),
    "word document that unpacks too big is refused before it is read": (
        "report.docx",
        unpacks_too_big,
        {},
        ["cannot be opened safely", "less than 50 MB"],
    ),
    "word document squeezed far more than text can be": (
        "report.docx",
        lambda: zip_of(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(5 * 1024**2)}
        ),
        {},
        ["cannot be opened safely", "save it again as a .docx"],
    ),
    "pdf without text": (
        "scan.pdf",
        lambda: pdf_file(""),
        {},
        ["has no text that can be read", "scanned"],
    ),
    "word document without text": (
        "pictures.docx",
        lambda: word_file("", "   "),
        {},
        ["has no text that can be read"],
    ),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_a_refusal_says_what_is_wrong(
    case: tuple[str, Callable[[], bytes], dict[str, int], list[str]],
) -> None:
    name, make, options, says = case
    message = refusal(name, make(), **options)
    for words in says:
        assert words in message


def test_the_name_shown_is_the_file_name_without_its_folders() -> None:
    with pytest.raises(ImportRefused) as refused:
        document_text(name="C:\\Users\\priya\\report.docx", data=b"")
    assert "“report.docx”" in refused.value.message
    assert "priya" not in refused.value.message
