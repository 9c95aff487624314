"""The year a document is about comes from its title and headings, the sentence that
introduces its priorities, or the line that dates it; never from a year its text merely
mentions."""

import pytest

from safeguarding.assist.importing import propose


def year_of(text: str) -> str | None:
    return propose(text, group_names=[]).year_label


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Business plan 2026-27\n\nPriorities\n\n• Neglect\n", "2026-27"),
        # The headings win over the text, whichever year the text names more.
        ("Annual report 2025/26\n\nIn 2024-25 and 2024-25 we began.\n", "2025-26"),
        (
            "Our plan\n\nOur partnership has three key priorities for 2022/2023:\n• A\n• B\n• C\n",
            "2022-23",
        ),
        ("News\n\nDate: Monday, 24th Jun 2024\n\nThe week of learning begins.\n", "2024-25"),
        ("News\n\nDate: 5 March 2025\n\nThe board met.\n", "2024-25"),
    ],
)
def test_the_year_comes_from_where_the_document_names_its_own(text: str, year: str) -> None:
    assert year_of(text) == year


@pytest.mark.parametrize(
    "text",
    [
        # A year the text mentions in passing is not the document's year.
        "Our plan\n\nThe 2020-21 priorities expired at the end of March 2022, and the "
        "board met in 2019-20 to agree them.\n",
        # Nor is a date in a paragraph, or a month in a heading that is not a date line.
        "Board messages\n\nThe board met on 5 March 2025 and agreed its plan.\n",
    ],
)
def test_a_year_the_text_merely_mentions_is_not_taken(text: str) -> None:
    assert year_of(text) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Business plan April 2021 to March 2022\n\nThis plan sets out our work.\n", "2021-22"),
        (
            "Board priorities\n\nThe partnership has agreed priorities for 2020/2021 that "
            "will focus the work of every agency.\n",
            "2020-21",
        ),
        (
            "Annual report\n\nBriefing note\n\nThe board considered the Partnership's Annual "
            "Report 2021-22, which looks back on 2020-21 too.\n",
            "2021-22",
        ),
    ],
)
def test_the_year_the_document_names_as_its_own(text: str, year: str) -> None:
    assert year_of(text) == year
