"""What a resubmission would lose, next to the return accepted before it.

A corrected return supersedes the accepted one whole: whatever the accepted return had
and the correction leaves out is no longer in any figure. A correction that fixes a few
counts loses nothing; one that sends only the headline totals would silently drop every
breakdown. `what_is_lost` says which rows of the accepted return (by their key) the new
one does not have, and which of the things the return covers (`ReturnSpec.coverage`: its
indicators, periods and breakdowns, or its event types and months) it leaves out whole,
so the sender can be shown what would go before anything is replaced.

Both frames are compared as the files of record hold them (after `minimise` and
`typed_record`), every key value as text and a date in a coverage group by its month.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from safeguarding.returns.validation.spec import Coverage, ReturnSpec

# Values listed for each thing left out; the rest are counted.
SHOWN = 25


@dataclass(frozen=True)
class Dropped:
    """What the accepted return covered (`coverage`) and the new one leaves out whole."""

    coverage: Coverage
    values: tuple[tuple[str, ...], ...]

    @property
    def what(self) -> str:
        """What they are, in the plural: "breakdowns"."""
        return self.coverage.what

    def shown(self, limit: int = SHOWN) -> list[str]:
        """The first `limit` of them, each in words: "REFERRALS by sex"."""
        return [self.coverage.joiner.join(value) for value in self.values[:limit]]

    @property
    def more(self) -> int:
        """How many `shown` leaves out."""
        return max(0, len(self.values) - SHOWN)


@dataclass(frozen=True)
class Loss:
    """What replacing the accepted return with the new one would lose."""

    accepted_rows: int
    sent_rows: int
    rows_lost: int
    dropped: tuple[Dropped, ...]

    def __bool__(self) -> bool:
        return self.rows_lost > 0

    def summary(self) -> str:
        """What would be lost, in words, for a refusal's message."""
        text = (
            f"{self.rows_lost:,} of the accepted return's {self.accepted_rows:,} rows "
            f"(this return has {self.sent_rows:,})"
        )
        left_out = []
        for dropped in self.dropped:
            listed = ", ".join(dropped.shown(5))
            extra = len(dropped.values) - min(5, len(dropped.values))
            left_out.append(f"{dropped.what}: {listed}" + (f" and {extra} more" if extra else ""))
        if left_out:
            text += ", and it has no rows at all for " + "; ".join(left_out)
        return text

    def as_dict(self) -> dict[str, Any]:
        """The loss as plain data, for the API's answer and the audit trail."""
        return {
            "accepted_rows": self.accepted_rows,
            "sent_rows": self.sent_rows,
            "rows_lost": self.rows_lost,
            "left_out": [
                {"what": dropped.what, "values": dropped.shown(len(dropped.values))}
                for dropped in self.dropped
            ],
        }


def what_is_lost(accepted: pl.DataFrame, sent: pl.DataFrame, spec: ReturnSpec) -> Loss:
    """The rows and the coverage of `accepted` that `sent` does not have.

    Rows are matched on the spec's key columns that both frames have; an accepted file
    with none of them cannot be matched, so all of its rows count as lost.
    """
    keys = [key for key in spec.key_columns if key in accepted.columns and key in sent.columns]
    if keys:
        lost = _as_text(accepted, keys).join(
            _as_text(sent, keys).unique(), on=keys, how="anti", nulls_equal=True
        )
        rows_lost = lost.height
    else:
        rows_lost = accepted.height
    dropped: dict[Coverage, set[tuple[str, ...]]] = {}
    for coverage in spec.coverage:
        columns = list(coverage.columns)
        if not all(c in accepted.columns and c in sent.columns for c in columns):
            continue
        monthly = frozenset(c for c in columns if spec.columns[c].kind == "date")
        old = _as_text(accepted, columns, monthly).unique()
        new = _as_text(sent, columns, monthly).unique()
        gone = old.join(new, on=columns, how="anti", nulls_equal=True)
        dropped[coverage] = set(gone.iter_rows())
    # Name a breakdown of an indicator only if the indicator itself is still there:
    # something whose smaller part is already left out whole adds nothing.
    shown = []
    for coverage, values in dropped.items():
        for smaller, smaller_values in dropped.items():
            if set(smaller.columns) < set(coverage.columns):
                at = [coverage.columns.index(c) for c in smaller.columns]
                values = {v for v in values if tuple(v[i] for i in at) not in smaller_values}
        if values:
            ordered = tuple(sorted(values, key=lambda v: tuple(_natural(x) for x in v)))
            shown.append(Dropped(coverage, ordered))
    return Loss(accepted.height, sent.height, rows_lost, tuple(shown))


def _as_text(
    frame: pl.DataFrame, columns: list[str], monthly: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """The columns as text, those in `monthly` cut to their month (YYYY-MM)."""
    return frame.select(
        pl.col(c).cast(pl.String).str.slice(0, 7).alias(c)
        if c in monthly
        else pl.col(c).cast(pl.String)
        for c in columns
    )


def _natural(value: str | None) -> tuple[int, int, str]:
    """Sort key putting 2 before 10, and an empty value last."""
    if value is None:
        return (2, 0, "")
    return (0, int(value), value) if value.isdigit() else (1, 0, value)
