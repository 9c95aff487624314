"""Disclosure control: primary and secondary suppression, and NHS rounding, under both policies."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding.insight.suppression import (
    DEFAULT_POLICY,
    DFE,
    NHS,
    POLICIES,
    Cell,
    DisclosurePolicy,
    publish_cell,
    publish_counts,
    publish_table,
)


def texts(cells: list[Cell]) -> list[str]:
    return [cell.text for cell in cells]


def test_the_policies() -> None:
    assert POLICIES == {"dfe": DFE, "nhs": NHS}
    assert DEFAULT_POLICY is DFE
    assert (DFE.smallest, DFE.largest, DFE.symbol, DFE.rounding) == (1, 5, "c", 1)
    assert (NHS.smallest, NHS.largest, NHS.symbol, NHS.rounding) == (1, 7, "*", 5)


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0"), (1, "c"), (3, "c"), (5, "c"), (6, "6"), (12, "12"), (12_345, "12,345")],
)
def test_primary_suppression_under_the_dfe_policy(count: int, text: str) -> None:
    cell = publish_cell(count, DFE)
    assert cell.text == text
    assert cell.count == count
    assert cell.suppressed == (text == "c")
    assert cell.reason == ("primary" if cell.suppressed else "")


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0"),
        (1, "*"),
        (7, "*"),
        (8, "10"),
        (12, "10"),
        (13, "15"),
        (15, "15"),
        (17, "15"),
        (18, "20"),
        (12_343, "12,345"),
    ],
)
def test_primary_suppression_and_rounding_under_the_nhs_policy(count: int, text: str) -> None:
    cell = publish_cell(count, NHS)
    assert cell.text == text
    assert cell.count == count  # the true count is kept, for use inside the platform only
    assert cell.suppressed == (text == "*")


def test_a_suppressed_cell_shows_nothing_but_its_symbol() -> None:
    cell = publish_cell(4, DFE)
    assert cell == Cell(count=4, shown=None, reason="primary", symbol="c")


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        publish_cell(-1, DFE)


def test_a_policy_whose_rounding_would_undo_suppression_is_refused() -> None:
    # 8, the smallest count shown, would round to 0 with a rounding base of 20.
    with pytest.raises(ValueError, match="undoes"):
        DisclosurePolicy("odd", "Odd", smallest=1, largest=7, symbol="*", rounding=20)


def test_secondary_suppression_in_a_breakdown_under_dfe() -> None:
    # Total 155 is shown, so the 3 could be had as 155 - 40 - 12 - 100. The smallest other
    # non-zero cell, 12, is hidden too.
    cells, total = publish_counts([3, 40, 12, 100], DFE)
    assert texts(cells) == ["c", "40", "c", "100"]
    assert [cell.reason for cell in cells] == ["primary", "", "secondary", ""]
    assert total.text == "155"


def test_secondary_suppression_in_a_breakdown_under_nhs() -> None:
    # The same pattern, with the shown counts and the total each rounded to 5 on its own:
    # 40 -> 40, 100 -> 100, total 158 -> 160.
    cells, total = publish_counts([3, 40, 15, 100], NHS)
    assert texts(cells) == ["*", "40", "*", "100"]
    assert [cell.reason for cell in cells] == ["primary", "", "secondary", ""]
    assert total.text == "160"


def test_ties_for_the_secondary_cell_go_to_the_first() -> None:
    cells, _ = publish_counts([20, 4, 20, 0, 30], DFE)
    assert texts(cells) == ["c", "c", "20", "0", "30"]


def test_two_small_cells_protect_each_other() -> None:
    cells, total = publish_counts([3, 40, 2, 100], DFE)
    assert [cell.reason for cell in cells] == ["primary", "", "primary", ""]
    assert total.text == "145"


def test_when_the_other_cells_are_zero_the_total_is_suppressed() -> None:
    # With the total summed, it equals the small count and is suppressed on its own account.
    cells, total = publish_counts([0, 3, 0], DFE)
    assert texts(cells) == ["0", "c", "0"]
    assert (total.text, total.reason) == ("c", "primary")
    # A given total (say, with an unlisted "not known" of 17) would still give the 3 away
    # together with the zeros shown beside it; there is no other cell to hide, so the total goes.
    cells, total = publish_counts([0, 3, 0], DFE, total=20)
    assert texts(cells) == ["0", "c", "0"]
    assert (total.count, total.text, total.reason) == (20, "c", "secondary")
    cells, total = publish_counts([0, 6, 0], NHS, total=20)
    assert (texts(cells), total.text, total.reason) == (["0", "*", "0"], "*", "secondary")


def test_a_small_total_is_itself_suppressed() -> None:
    cells, total = publish_counts([0, 0, 0], DFE, total=3)
    assert texts(cells) == ["0", "0", "0"]
    assert total.text == "c"
    _, total = publish_counts([0, 0], NHS)
    assert total.text == "0"


def test_a_two_way_table_where_a_row_forces_a_column() -> None:
    # DfE policy, row totals 53, 100, 135; column totals 43, 115, 130; grand total 288.
    #
    #      3  20  30 | 53        Primary: only the 3 at (0, 0).
    #     15  45  40 | 100
    #     25  50  60 | 135
    #     --------------
    #     43 115 130 | 288
    #
    # 1. Row 0 has one hidden cell. Its shown non-zero cells are 20 and 30; neither column has a
    #    hidden cell yet, so the smallest, 20 at (0, 1), is hidden.
    # 2. Column 0 still has only the 3 hidden: of 15 and 25, the 15 at (1, 0) is hidden.
    # 3. That leaves row 1 with one hidden cell. Its candidates are 45 and 40; the 40 is
    #    smaller, but column 1 has a single hidden cell (the 20 from step 1) and hiding the 45
    #    mends row 1 and column 1 at once, so the 45 at (1, 1) is hidden.
    # Now every row and column has two hidden cells or none, and all the totals are shown.
    cells, row_totals, column_totals, grand_total = publish_table(
        [[3, 20, 30], [15, 45, 40], [25, 50, 60]], DFE
    )
    assert [texts(row) for row in cells] == [
        ["c", "c", "30"],
        ["c", "c", "40"],
        ["25", "50", "60"],
    ]
    assert [[cell.reason for cell in row] for row in cells] == [
        ["primary", "secondary", ""],
        ["secondary", "secondary", ""],
        ["", "", ""],
    ]
    assert texts(row_totals) == ["53", "100", "135"]
    assert texts(column_totals) == ["43", "115", "130"]
    assert grand_total.text == "288"

    # Under the NHS policy the pattern is the same and every shown count, totals included, is
    # rounded on its own: 53 -> 55, 43 -> 45, 288 -> 290.
    cells, row_totals, column_totals, grand_total = publish_table(
        [[3, 20, 30], [15, 45, 40], [25, 50, 60]], NHS
    )
    assert [texts(row) for row in cells] == [
        ["*", "*", "30"],
        ["*", "*", "40"],
        ["25", "50", "60"],
    ]
    assert texts(row_totals) == ["55", "100", "135"]
    assert texts(column_totals) == ["45", "115", "130"]
    assert grand_total.text == "290"


def test_the_totals_are_protected_through_the_grand_total() -> None:
    #      3   0 | 3          Primary: the 3, its row total and its column total.
    #      0  40 | 40         The column totals 3 and 40 with the grand total 43 would give the
    #     --------            3 away (43 - 40), so column 1's total is hidden. Column 1 then has
    #      3  40 | 43         only its total hidden, which is 0 + 40, so the 40 is hidden; row 1
    #                         then has one hidden cell and only a zero beside it, so its total goes.
    cells, row_totals, column_totals, grand_total = publish_table([[3, 0], [0, 40]], DFE)
    assert [texts(row) for row in cells] == [["c", "0"], ["0", "c"]]
    assert texts(row_totals) == ["c", "c"]
    assert texts(column_totals) == ["c", "c"]
    assert grand_total.text == "43"


def test_a_table_with_nothing_small_is_published_whole() -> None:
    cells, row_totals, column_totals, grand_total = publish_table([[10, 0], [7, 20]], DFE)
    assert [texts(row) for row in cells] == [["10", "0"], ["7", "20"]]
    assert texts(row_totals) == ["10", "27"]
    assert texts(column_totals) == ["17", "20"]
    assert grand_total.text == "37"


def test_empty_and_ragged_tables() -> None:
    assert publish_table([], DFE)[3].text == "0"
    with pytest.raises(ValueError, match="same number of columns"):
        publish_table([[1, 2], [3]], DFE)


def assert_published_safely(
    rows: list[list[int]],
    policy: DisclosurePolicy,
    published: tuple[list[list[Cell]], list[Cell], list[Cell], Cell],
) -> None:
    cells, row_totals, column_totals, grand_total = published
    grid = [[*row, total] for row, total in zip(cells, row_totals, strict=True)]
    grid.append([*column_totals, grand_total])
    lines = [list(line) for line in grid] + [list(line) for line in zip(*grid, strict=True)]
    for line in lines:
        *inner, total = line
        hidden_cells = sum(cell.suppressed for cell in inner)
        # The rule asked for: no line with one hidden cell beside a shown total ...
        assert not (hidden_cells == 1 and not total.suppressed)
        # ... and the stricter one kept: no line whose only hidden entry is its total.
        assert sum(cell.suppressed for cell in line) != 1
        # The totals are the true totals.
        assert total.count == sum(cell.count for cell in inner)
    for line in grid:
        for cell in line:
            if cell.shown is None:
                assert cell.count > 0  # a zero is never hidden
                assert cell.text == policy.symbol
            else:
                assert not policy.smallest <= cell.shown <= policy.largest
                assert cell.shown == policy.round(cell.count)
            if policy.smallest <= cell.count <= policy.largest:
                assert cell.suppressed
    assert [[cell.count for cell in row] for row in cells] == rows


# Counts are drawn mostly small, so tables are full of suppression and its knock-on effects.
counts = st.one_of(st.integers(0, 9), st.integers(0, 60))


@settings(max_examples=300, deadline=None)
@given(
    policy=st.sampled_from([DFE, NHS]),
    rows=st.integers(1, 5).flatmap(
        lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), max_size=5)
    ),
)
def test_published_tables_never_leave_one_hidden_entry_in_a_line(
    policy: DisclosurePolicy, rows: list[list[int]]
) -> None:
    assert_published_safely(rows, policy, publish_table(rows, policy))


@settings(max_examples=300, deadline=None)
@given(policy=st.sampled_from([DFE, NHS]), values=st.lists(counts, max_size=8))
def test_published_breakdowns_never_leave_one_hidden_cell_beside_a_shown_total(
    policy: DisclosurePolicy, values: list[int]
) -> None:
    cells, total = publish_counts(values, policy)
    assert not (sum(cell.suppressed for cell in cells) == 1 and not total.suppressed)
    for cell in [*cells, total]:
        assert cell.shown is None or not policy.smallest <= cell.shown <= policy.largest
    assert total.count == sum(values)
