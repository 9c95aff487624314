"""Document import reads a document's own structure: Word heading styles, outline levels
and numbering, PDF type larger or bolder than the body text, tables as rows of cells,
and a PDF's running headers, footers and page numbers left out."""

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from safeguarding.assist.importing import document_text
from safeguarding.assist.importing.lines import HEADING_MARK, Line, read_lines
from tests.assist.conftest import docx_bytes, pdf_file

LONG_HEADING = (
    "Cross cutting shared priority \u2013 understanding and responding to the impact of "
    "the pandemic on children"
)
BODY = "The partnership will seek assurance from every agency about the work it does. " * 3


def kinds(text: str) -> list[tuple[str, str]]:
    return [(line.kind, line.text) for line in read_lines(text)]


def word_text(document: docx.document.Document) -> str:
    return document_text(name="plan.docx", data=docx_bytes(document))


# --- the heading mark -------------------------------------------------------------------


def test_a_marked_line_is_a_heading_whatever_its_shape_and_the_mark_is_never_shown() -> None:
    text = f"{HEADING_MARK}Our aims for the year:\nbody text that follows"

    assert read_lines(text) == [
        Line("Our aims for the year:", "heading", False),
        Line("body text that follows", "paragraph", False),
    ]


def test_plain_text_cannot_hold_the_mark_so_it_is_read_by_its_shape() -> None:
    data = f"{HEADING_MARK}Our aims:\nMore\n{BODY * 5}".encode()

    assert kinds(document_text(name="notes.txt", data=data))[:2] == [
        ("paragraph", "Our aims:"),
        ("heading", "More"),
    ]


# --- Word headings and numbering --------------------------------------------------------


def test_word_heading_styles_are_headings_even_when_long_or_ending_in_a_colon() -> None:
    document = docx.Document()
    document.add_heading("Business plan", level=0)  # the Title style
    document.add_heading(LONG_HEADING, level=1)
    document.add_paragraph(BODY)
    document.add_heading("Family wellbeing (early help):", level=2)
    document.add_paragraph(BODY)
    outlined = document.add_paragraph("Neglect and parental factors:")
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "2")
    outlined._p.get_or_add_pPr().append(level)
    document.add_paragraph("Ends in a colon but is body text:")

    assert kinds(word_text(document)) == [
        ("heading", "Business plan"),
        ("heading", LONG_HEADING),
        ("paragraph", BODY.strip()),
        ("heading", "Family wellbeing (early help):"),
        ("paragraph", BODY.strip()),
        ("heading", "Neglect and parental factors:"),
        ("paragraph", "Ends in a colon but is body text:"),
    ]


def test_word_numbering_gives_numbers_and_bullets_as_word_shows_them() -> None:
    document = docx.Document()
    document.add_paragraph("We will:")
    document.add_paragraph("Audit strategy meetings", style="List Number")
    document.add_paragraph("Hold a conference", style="List Number")
    document.add_paragraph("Neglect", style="List Bullet")
    numbered_heading = document.add_heading("Planned work for the year", level=1)
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        numbering.append(element)
    numbered_heading._p.get_or_add_pPr().append(numbering)

    assert word_text(document).splitlines() == [
        "We will:",
        "1. Audit strategy meetings",
        "2. Hold a conference",
        "\u2022 Neglect",
        "Planned work for the year",
    ]


# --- Word tables ------------------------------------------------------------------------


def word_table(
    document: docx.document.Document, rows: list[list[str]], *, bold_header: bool
) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for number, row in enumerate(rows):
        for column, text in enumerate(row):
            cell = table.cell(number, column)
            cell.text = text
            if number == 0 and bold_header:
                cell.paragraphs[0].runs[0].bold = True


def test_word_two_column_rows_read_as_title_and_description_without_the_header_row() -> None:
    document = docx.Document()
    word_table(
        document,
        [
            ["Priority", "What we will do"],
            ["Neglect", "Launch the neglect toolkit"],
            ["Rationale:", "Exploitation has risen"],
        ],
        bold_header=True,
    )

    assert kinds(word_text(document)) == [
        ("item", "\u2022 Neglect \u2013 Launch the neglect toolkit"),
        ("item", "\u2022 Rationale \u2013 Exploitation has risen"),
    ]


def test_word_wide_rows_are_one_line_each_and_one_column_tables_one_line_a_cell() -> None:
    document = docx.Document()
    word_table(
        document,
        [["Action", "Lead", "When"], ["Audit of strategy meetings", "QA subgroup", "March"]],
        bold_header=False,
    )
    word_table(document, [["Neglect"], ["Exploitation"]], bold_header=False)

    assert word_text(document).splitlines() == [
        "\u2022 Action \u2013 Lead; When",
        "\u2022 Audit of strategy meetings \u2013 QA subgroup; March",
        "Neglect",
        "Exploitation",
    ]


def test_a_word_row_whose_cell_holds_a_list_is_a_labelled_passage_not_an_item() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Rationale:"
    table.cell(0, 1).text = "Covid-19 continues to have a significant impact on children."
    table.cell(0, 1).add_paragraph("Recovery is expected during the year.", style="List Bullet")
    table.cell(1, 0).text = "Outcome"
    table.cell(1, 1).text = "Approaches are effective"

    assert kinds(word_text(document)) == [
        (
            "paragraph",
            "Rationale \u2013 Covid-19 continues to have a significant impact on children. "
            "Recovery is expected during the year.",
        ),
        ("item", "\u2022 Outcome \u2013 Approaches are effective"),
    ]


# --- PDF headings, tables and furniture -------------------------------------------------


def test_pdf_type_larger_than_the_body_or_bold_at_body_size_is_a_heading() -> None:
    data = pdf_file(
        f"<h1 style='font-size: 20pt'>{LONG_HEADING}:</h1><p>{BODY}</p>"
        f"<p><b>Family wellbeing (early help):</b></p><p>{BODY}</p>"
        "<p>Our aims for the year:</p><p>Short line</p>"
    )

    found = kinds(document_text(name="plan.pdf", data=data))

    assert found == [
        ("heading", f"{LONG_HEADING}:"),
        ("paragraph", BODY.strip()),
        ("heading", "Family wellbeing (early help):"),
        ("paragraph", BODY.strip()),
        ("paragraph", "Our aims for the year:"),
        ("heading", "Short line"),
    ]


def test_pdf_ruled_tables_lose_their_header_row_and_give_a_line_a_row() -> None:
    rows = "".join(
        f"<tr><td>{title}</td><td>{what}</td></tr>"
        for title, what in (("Neglect", "Launch the toolkit"), ("Exploitation", "Train staff"))
    )
    data = pdf_file(
        "<style>table { border-collapse: collapse }"
        " th, td { border: 0.6pt solid #444; padding: 4pt }</style><p>Our plan:</p><table>"
        f"<thead><tr><th>Priority</th><th>Action</th></tr></thead><tbody>{rows}</tbody></table>"
        "<p>After the table.</p>"
    )

    lines = [line.text for line in read_lines(document_text(name="plan.pdf", data=data))]

    assert lines[0] == "Our plan:"
    assert lines[-1] == "After the table."
    assert len(lines) == 4
    assert "Priority" not in " ".join(lines)
    assert "Neglect" in lines[1] and "Launch the toolkit" in lines[1]
    assert "Exploitation" in lines[2] and "Train staff" in lines[2]


def test_pdf_running_headers_footers_and_page_numbers_are_left_out() -> None:
    style = (
        "<style>@page { margin: 25mm 20mm;"
        " @top-center { content: 'Northshire Partnership Annual Report'; font-size: 16px; }"
        " @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); } }</style>"
    )
    pages = "".join(
        f"<h2 style='break-before: page'>Section {word}</h2><p>{BODY}</p>"
        for word in ("one", "two", "three")
    )

    text = document_text(name="report.pdf", data=pdf_file(style + pages))

    assert "Northshire" not in text
    assert "Page" not in text
    assert [line.kind for line in read_lines(text)] == ["heading", "paragraph"] * 3


def test_a_running_header_on_a_single_page_is_left_out_too() -> None:
    style = "<style>@page { @top-center { content: 'Northshire'; font-size: 7pt; } }</style>"

    text = document_text(name="note.pdf", data=pdf_file(f"{style}<p>{BODY}</p>"))

    assert text == BODY.strip()
