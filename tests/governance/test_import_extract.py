"""Reading an uploaded document: plain text, Word and PDF read; everything else refused with a
message that names the file and says what is expected."""

import io
import zipfile
from collections.abc import Callable

import docx
import pypdf
import pytest
import weasyprint
from docx.oxml import OxmlElement

from safeguarding.governance.importing import ImportRefused, document_text
from safeguarding.governance.importing.extract import MAX_UNPACKED_BYTES

ACCEPTED = "a plain text file (.txt), a Word document (.docx) or a PDF"
OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def word_file(*paragraphs: str, bulleted: tuple[str, ...] = ()) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bulleted:
        document.add_paragraph(text, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_file(body_html: str) -> bytes:
    return bytes(weasyprint.HTML(string=f"<html><body>{body_html}</body></html>").write_pdf())


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
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252 with CRLF", "utf-16 with BOM"],
)
def test_plain_text_is_decoded(data: bytes, expected: str) -> None:
    assert document_text(name="notes.txt", data=data) == expected


def test_text_that_mentions_a_pdf_header_is_still_text() -> None:
    assert document_text(name="notes.txt", data=b"A PDF starts %PDF-1.7") == (
        "A PDF starts %PDF-1.7"
    )


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
    out = io.BytesIO()
    document.save(out)

    assert document_text(name="actions.docx", data=out.getvalue()).splitlines() == [
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
    out = io.BytesIO()
    document.save(out)

    assert document_text(name="report.docx", data=out.getvalue()).splitlines() == [
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
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_file("<p>Priorities</p>")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)

    assert document_text(name="report.pdf", data=out.getvalue()) == "Priorities"


# --- what is refused ------------------------------------------------------------------


def test_empty_file() -> None:
    message = refusal("report.docx", b"")
    assert "is empty" in message
    assert ACCEPTED in message


def test_over_the_default_limit_says_the_limit_in_megabytes() -> None:
    message = refusal("report.txt", b"a" * (11 * 1024 * 1024))
    assert "must be smaller than 10 MB" in message
    assert "It is 11 MB" in message


def test_over_a_smaller_limit() -> None:
    message = refusal("report.txt", b"a" * (3 * 1024 * 1024 // 2), max_bytes=1024 * 1024)
    assert "must be smaller than 1 MB" in message


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


UNSUPPORTED: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "png": ("photo.png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "an image (PNG)"),
    "png named docx": ("report.docx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "image"),
    "zip": ("bundle.docx", lambda: zip_of({"notes.txt": b"hello"}), "a zip file that is not"),
    "xlsx": ("data.xlsx", lambda: zip_of({"xl/workbook.xml": b"<x/>"}), "Excel spreadsheet"),
    "old doc": (
        "report.doc",
        lambda: OLE2_HEADER + bytes(500) + "WordDocument".encode("utf-16-le"),
        "Word 97-2003 document (.doc)",
    ),
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


def test_old_word_document_says_to_save_it_as_docx() -> None:
    message = refusal("report.doc", OLE2_HEADER + bytes(500) + "WordDocument".encode("utf-16-le"))
    assert "save it as a .docx and upload it again" in message


def test_damaged_word_document() -> None:
    whole = word_file("Priorities", "Poverty")
    message = refusal("report.docx", whole[: len(whole) // 2])
    assert "could not be read as a Word document (.docx)" in message
    assert "damaged" in message
    assert "save it again as a .docx" in message


def test_damaged_pdf() -> None:
    whole = pdf_file("<p>Priorities</p>")
    message = refusal("report.pdf", whole[: len(whole) // 3])
    assert "could not be read as a PDF" in message
    assert "damaged" in message


def test_password_protected_pdf() -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_file("<p>Priorities</p>")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)

    message = refusal("report.pdf", out.getvalue())
    assert "is password protected" in message
    assert "Remove the password" in message
    assert "upload it again" in message


def test_password_protected_word_document() -> None:
    # How Office stores an encrypted .docx: an OLE2 compound file with this stream in it.
    data = OLE2_HEADER + bytes(1000) + "EncryptedPackage".encode("utf-16-le") + bytes(100)

    message = refusal("report.docx", data)
    assert "is password protected" in message
    assert "Remove the password" in message


def test_word_document_that_unpacks_too_big_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            megabyte = bytes(1024 * 1024)
            for _ in range(MAX_UNPACKED_BYTES // len(megabyte) + 10):
                entry.write(megabyte)
    assert len(out.getvalue()) < 200_000

    message = refusal("report.docx", out.getvalue())
    assert "cannot be opened safely" in message
    assert "less than 50 MB" in message


def test_word_document_squeezed_far_more_than_text_can_be_is_refused() -> None:
    data = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(5 * 1024**2)})

    message = refusal("report.docx", data)
    assert "cannot be opened safely" in message
    assert "save it again as a .docx" in message


def test_pdf_without_text() -> None:
    message = refusal("scan.pdf", pdf_file(""))
    assert "has no text that can be read" in message
    assert "scanned" in message


def test_word_document_without_text() -> None:
    message = refusal("pictures.docx", word_file("", "   "))
    assert "has no text that can be read" in message


def test_the_name_shown_is_the_file_name_without_its_folders() -> None:
    with pytest.raises(ImportRefused) as refused:
        document_text(name="C:\\Users\\priya\\report.docx", data=b"")
    assert "“report.docx”" in refused.value.message
    assert "priya" not in refused.value.message
