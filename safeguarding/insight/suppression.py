"""Disclosure control for every count that leaves the platform.

A count of two children on a child protection plan in one small area, with their age band,
can identify those children to someone who knows the area. Before any table is shown outside
the platform or exported, small counts are hidden (primary suppression), and enough further
counts are hidden that the small ones cannot be worked back by subtracting from a total
(secondary suppression).

Two policies are offered, following the two conventions partner agencies already publish under:
the Department for Education's (1 to 5 shown as "c") and NHS England's (1 to 7 shown as "*",
every other count rounded to the nearest 5). Zero is always shown: a suppressed cell is thus
known to be non-zero, which is how both conventions behave.

Pure Python with no Django, so the rules can be tested exhaustively on their own.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class DisclosurePolicy:
    """Which counts are suppressed, the symbol that replaces them and how shown counts round."""

    slug: str
    label: str
    smallest: int
    largest: int
    symbol: str
    rounding: int

    def __post_init__(self) -> None:
        if not 1 <= self.smallest <= self.largest or self.rounding < 1:
            raise ValueError(f"{self.slug}: need 1 <= smallest <= largest and rounding >= 1")
        # Rounding must not pull the smallest count that is shown back into the suppressed
        # range (or to 0), or rounding would publish what suppression hides.
        if self.round(self.largest + 1) <= self.largest:
            raise ValueError(f"{self.slug}: rounding to {self.rounding} undoes the suppression")

    def suppresses(self, count: int) -> bool:
        """Whether this count is hidden on its own account (primary suppression)."""
        return self.smallest <= count <= self.largest

    def countable(self, cell: "Cell | None") -> int | None:
        """The count a published figure (a rate, a percentage) is worked out from: None where
        the count is hidden; the rounded count under a rounding policy, so that the figure
        and its base cannot be multiplied back into the exact count; else the count."""
        if cell is None or cell.shown is None:
            return None
        return cell.shown if self.rounding > 1 else cell.count

    def round(self, count: int) -> int:
        """The count rounded to the nearest multiple of `rounding`, halves upwards."""
        # Integer arithmetic: floor(count / r + 1/2) * r, free of float ties.
        return (2 * count + self.rounding) // (2 * self.rounding) * self.rounding


DFE = DisclosurePolicy(
    slug="dfe",
    label="Department for Education: 1 to 5 shown as c, with secondary suppression",
    smallest=1,
    largest=5,
    symbol="c",
    rounding=1,
)
NHS = DisclosurePolicy(
    slug="nhs",
    label="NHS: 1 to 7 shown as *, others rounded to the nearest 5, with secondary suppression",
    smallest=1,
    largest=7,
    symbol="*",
    rounding=5,
)
POLICIES: dict[str, DisclosurePolicy] = {"dfe": DFE, "nhs": NHS}
DEFAULT_POLICY = DFE

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell:
    """One published count: the true count stays inside, `shown` and `text` go out."""

    count: int
    shown: int | None
    reason: str
    symbol: str

    @property
    def suppressed(self) -> bool:
        """Whether the count is hidden."""
        return self.shown is None

    @property
    def text(self) -> str:
        """The count as published: the policy's symbol, or the shown count with thousands commas."""
        return self.symbol if self.shown is None else f"{self.shown:,}"


def _cell(count: int, reason: str, policy: DisclosurePolicy) -> Cell:
    shown = None if reason else policy.round(count)
    return Cell(count=count, shown=shown, reason=reason, symbol=policy.symbol)


def _primary(count: int, policy: DisclosurePolicy) -> str:
    if count < 0:
        raise ValueError(f"a count cannot be negative (got {count})")
    return PRIMARY if policy.suppresses(count) else ""


def publish_cell(count: int, policy: DisclosurePolicy) -> Cell:
    """A single count with primary suppression and the policy's rounding (no secondary)."""
    return _cell(count, _primary(count, policy), policy)


def _complement(
    counts: Sequence[int], reasons: Sequence[str], crossing_single: Sequence[bool] = ()
) -> int | None:
    """The cell to hide beside a line's one hidden entry, or None if no cell will do.

    Only shown, non-zero cells protect anything: hiding a zero reveals nothing new. The smallest
    is taken, so as little as possible is lost, first among equals. In a table, a cell whose
    crossing line also has a single hidden entry is preferred, as one hiding then mends both.
    """
    candidates = [i for i, count in enumerate(counts) if count > 0 and not reasons[i]]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (not (crossing_single and crossing_single[i]), counts[i]))


def publish_counts(
    counts: Sequence[int], policy: DisclosurePolicy, *, total: int | None = None
) -> tuple[list[Cell], Cell]:
    """A breakdown and its total, with primary and then secondary suppression.

    The total is sum(counts) unless given (a given total may differ, for example where an
    "unknown" category is not listed; the same protection is applied anyway). The total is
    suppressed like any other count. When exactly one cell is hidden and the total is shown,
    that cell could be worked out by subtraction, so the smallest other non-zero cell is hidden
    too (the first of equals); if there is none, the total is hidden instead.
    """
    if total is None:
        total = sum(counts)
    reasons = [_primary(count, policy) for count in counts]
    total_reason = _primary(total, policy)
    if sum(1 for reason in reasons if reason) == 1 and not total_reason:
        index = _complement(counts, reasons)
        if index is None:
            total_reason = SECONDARY
        else:
            reasons[index] = SECONDARY
    cells = [_cell(count, reason, policy) for count, reason in zip(counts, reasons, strict=True)]
    return cells, _cell(total, total_reason, policy)


def publish_table(
    rows: Sequence[Sequence[int]], policy: DisclosurePolicy
) -> tuple[list[list[Cell]], list[Cell], list[Cell], Cell]:
    """A two-way table with its row, column and grand totals, all suppressed as needed.

    Returns (cells, row_totals, column_totals, grand_total); the totals are computed here.

    The table is treated as a grid with the totals as its last row and column, so that the
    lines to protect are every row and every column with its total, and also the row of column
    totals and the column of row totals, each with the grand total (else a hidden row total
    could be had by subtracting the others from the grand total). After primary suppression,
    any line with exactly one hidden entry is mended, one line at a time, until none is left:

    - the smallest shown non-zero cell of the line is hidden, preferring one whose crossing line
      also has a single hidden entry; or, where there is no such cell, the line's total.

    This is stricter than "zero, two or more hidden, or the total hidden": a line whose only
    hidden entry is its total is mended too, since that total is the sum of the shown cells.
    Every hidden entry is non-zero (primary ones by definition, secondary ones by choice, and a
    total hidden for want of a cell equals the one hidden cell), so a mend always finds
    something to hide. Each mend hides one more entry of a finite grid and nothing is ever
    shown again, so the loop ends after at most (rows + 1) * (columns + 1) mends.

    This is the usual pattern rule, not a full audit by linear programming: it guarantees that
    no hidden count can be had by subtraction within one row or column, which is what secondary
    suppression is for in both conventions. Raises ValueError if the rows are of different
    lengths.
    """
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row of the table must have the same number of columns")
    height = len(rows)
    # The grid of true counts with the totals as its last column and last row.
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(column) for column in zip(*grid, strict=True)] if rows else [0] * (width + 1))
    reasons = [[_primary(count, policy) for count in line] for line in grid]

    def row_line(i: int) -> list[tuple[int, int]]:
        return [(i, j) for j in range(width + 1)]

    def column_line(j: int) -> list[tuple[int, int]]:
        return [(i, j) for i in range(height + 1)]

    def hidden(line: list[tuple[int, int]]) -> int:
        return sum(1 for i, j in line if reasons[i][j])

    lines = [(row_line(i), True) for i in range(height + 1)]
    lines += [(column_line(j), False) for j in range(width + 1)]
    for _ in range((height + 1) * (width + 1) + 1):
        found = next(((line, is_row) for line, is_row in lines if hidden(line) == 1), None)
        if found is None:
            break
        (*inner, total), is_row = found
        crossing = [column_line(j) if is_row else row_line(i) for i, j in inner]
        index = _complement(
            [grid[i][j] for i, j in inner],
            [reasons[i][j] for i, j in inner],
            [hidden(cross) == 1 for cross in crossing],
        )
        i, j = total if index is None else inner[index]
        # Unreachable by the argument in the docstring; kept so a flaw cannot loop or leak.
        if reasons[i][j]:
            raise AssertionError("secondary suppression found nothing left to hide")
        reasons[i][j] = SECONDARY
    else:
        raise AssertionError("secondary suppression did not settle")

    published = [
        [_cell(grid[i][j], reasons[i][j], policy) for j in range(width + 1)]
        for i in range(height + 1)
    ]
    cells = [line[:width] for line in published[:height]]
    row_totals = [line[width] for line in published[:height]]
    column_totals = published[height][:width]
    return cells, row_totals, column_totals, published[height][width]
