"""Ruled tables in a PDF page, read as rows of cells.

pypdf gives a page's text, not its tables; but a table drawn with borders leaves its
ruled lines on the page (`Page.rules`: stroked lines, or rectangles thinner than
`THIN`). Horizontal and vertical rules that cross one another make a grid; a grid with
at least two rows' edges and two columns' edges is a table. Every line of text whose
start lies inside the grid belongs to the cell it starts in; a cell's lines are put back
into paragraphs as the page's are (`pdf.reflow`), and the rows are read as
`tables.table_lines` says. The first row is a header row when all its text is bold and
the next row's is not. A line pypdf gives whole across several cells (it joins text
drawn on one baseline) is cut where its drawn parts fall in different columns; when
pypdf gives it as one part, it stays whole in the cell it starts in. Tables drawn
without borders are read as the page's text.
"""

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from safeguarding.assist.importing.pdf import Page, PageLine, Rule, reflow
from safeguarding.assist.importing.tables import table_lines

# A rectangle thinner than this, in points, is drawn as a line.
THIN = 3.0
# How far apart, in points, two edges may be and still be one.
NEAR = 2.0
MIN_LENGTH = 4.0


@dataclass(frozen=True)
class _Edge:
    horizontal: bool
    at: float  # y of a horizontal edge, x of a vertical one
    start: float
    end: float


def with_tables(page: Page) -> Page:
    """The page with its ruled tables taken out of its lines and put in `Page.tables`."""
    grids = _grids(_edges(page.rules))
    if not grids:
        return page
    taken: set[int] = set()
    tables: list[tuple[int, list[str]]] = []
    for rows, columns in grids:
        cells: dict[tuple[int, int], list[PageLine]] = {}
        first = None
        for index, line in enumerate(page.lines):
            if index in taken:
                continue
            if _cell_of(line, rows, columns) is None:
                continue
            taken.add(index)
            first = index if first is None else first
            for piece in _by_column(line, columns):
                where = _cell_of(piece, rows, columns)
                if where is not None:
                    cells.setdefault(where, []).append(piece)
        if first is None:
            continue
        grid = [
            [cells.get((row, column), []) for column in range(len(columns) - 1)]
            for row in range(len(rows) - 1)
        ]
        grid = [row for row in grid if any(row)]
        read = [[_paragraphs(cell) for cell in row] for row in grid]
        header = len(grid) > 1 and _all_bold(grid[0]) and not _all_bold(grid[1])
        position = sum(1 for index in range(first) if index not in taken)
        tables.append((position, table_lines(read, header=header)))
    lines = [line for index, line in enumerate(page.lines) if index not in taken]
    return replace(page, lines=lines, tables=[*page.tables, *tables])


def _edges(rules: Sequence[Rule]) -> list[_Edge]:
    edges = []
    for rule in rules:
        width, height = abs(rule.x1 - rule.x0), abs(rule.y1 - rule.y0)
        if height <= THIN and width >= MIN_LENGTH:
            y = (rule.y0 + rule.y1) / 2
            edges.append(_Edge(True, y, min(rule.x0, rule.x1), max(rule.x0, rule.x1)))
        elif width <= THIN and height >= MIN_LENGTH:
            x = (rule.x0 + rule.x1) / 2
            edges.append(_Edge(False, x, min(rule.y0, rule.y1), max(rule.y0, rule.y1)))
    return edges


def _crosses(first: _Edge, second: _Edge) -> bool:
    if first.horizontal == second.horizontal:
        return False
    across, along = (first, second) if first.horizontal else (second, first)
    return (
        across.start - NEAR <= along.at <= across.end + NEAR
        and along.start - NEAR <= across.at <= along.end + NEAR
    )


def _grids(edges: list[_Edge]) -> list[tuple[list[float], list[float]]]:
    """Each table's row edges (top first) and column edges (left first)."""
    parent = list(range(len(edges)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    horizontal = [index for index, edge in enumerate(edges) if edge.horizontal]
    vertical = [index for index, edge in enumerate(edges) if not edge.horizontal]
    for h in horizontal:
        for v in vertical:
            if _crosses(edges[h], edges[v]):
                parent[root(h)] = root(v)
    groups: dict[int, list[_Edge]] = {}
    for index, edge in enumerate(edges):
        groups.setdefault(root(index), []).append(edge)
    grids = []
    for group in groups.values():
        rows = _merged(edge.at for edge in group if edge.horizontal)
        columns = _merged(edge.at for edge in group if not edge.horizontal)
        if len(rows) >= 2 and len(columns) >= 2:
            grids.append((sorted(rows, reverse=True), columns))
    return grids


def _merged(positions: Iterable[float]) -> list[float]:
    merged: list[float] = []
    for position in sorted(positions):
        if not merged or position - merged[-1] > NEAR:
            merged.append(position)
    return merged


def _cell_of(line: PageLine, rows: list[float], columns: list[float]) -> tuple[int, int] | None:
    x = line.x + NEAR
    if not (rows[-1] < line.y < rows[0] and columns[0] <= x < columns[-1]):
        return None
    row = sum(1 for edge in rows[1:-1] if edge > line.y)
    column = bisect.bisect_right(columns, x) - 1
    return row, column


def _by_column(line: PageLine, columns: list[float]) -> list[PageLine]:
    """The line cut where its parts fall in different columns of the table."""
    pieces: dict[int, list[tuple[float, str, bool]]] = {}
    for part in line.parts or ((line.x, line.text, line.bold),):
        column = bisect.bisect_right(columns, part[0] + NEAR) - 1
        pieces.setdefault(column, []).append(part)
    if len(pieces) <= 1:
        return [line]
    cut = []
    for parts in pieces.values():
        text = " ".join("".join(part[1] for part in parts).split())
        bold = sum(len(p[1]) for p in parts if p[2]) * 2 > sum(len(p[1]) for p in parts)
        if text:
            cut.append(replace(line, x=parts[0][0], text=text, bold=bold, parts=tuple(parts)))
    return cut


def _paragraphs(lines: list[PageLine]) -> list[str]:
    return reflow([Page(lines)]).split("\n\n") if lines else []


def _all_bold(row: list[list[PageLine]]) -> bool:
    lines = [line for cell in row for line in cell]
    return bool(lines) and all(line.bold for line in lines)
