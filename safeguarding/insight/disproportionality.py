"""Disproportionality: how much more or less often something happens to one group of
children than to another, with the uncertainty shown and small numbers hidden.

Pure Python over counts already gathered (by `sql.py` or from aggregate returns), so each
rule here is tested with hand-worked numbers. Three comparisons are offered:

- against the population: each group's rate per 10,000 children (or, where the measure
  has its own denominator, the proportion), and its ratio to a reference group's;
- standardised: the same rates directly standardised for age band and deprivation
  decile, because research on ethnic disproportionality in children's social care shows
  crude rates mislead where groups differ in age and deprivation;
- stage to stage: of the children who reached one stage (referral), the share who reached
  the next (assessment, then plan), against the reference group's share.

Whatever leaves the platform is suppressed first: a rate, proportion or ratio is never
shown where its count is hidden, since it would give the count away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from safeguarding.insight.statistics import (
    Estimate,
    directly_standardised_rate,
    proportion,
    rate_per_10000,
    relative_proportion,
    relative_rate,
    significance,
)
from safeguarding.insight.suppression import Cell, DisclosurePolicy, publish_counts

ALL_OTHERS = "others"
ALL_HIDDEN = (
    "Every count above zero in this table is below the disclosure threshold, so none is "
    "shown, and no rate can be worked out from them."
)
# No standardised rate is given for a group with fewer children than this.
FEWEST_TO_STANDARDISE = 10
Stratum = tuple[str, str]


@dataclass
class GroupRow:
    """One group's line in a disproportionality table."""

    code: str
    label: str
    count: Cell
    base: int | None = None
    base_cell: Cell | None = None
    rate: Estimate | None = None
    relative: Estimate | None = None
    flag: str = ""
    standardised: Estimate | None = None
    standardised_relative: float | None = None
    is_reference: bool = False
    note: str = ""


@dataclass
class Comparison:
    """A breakdown's groups compared with a reference, ready for a page or an export."""

    measure: str  # "rate" (per 10,000 of the population) or "proportion"
    reference: str
    reference_label: str
    rows: list[GroupRow]
    total: Cell
    explanations: list[str] = field(default_factory=list)
    standardised_by: tuple[str, ...] = ()

    @property
    def compared(self) -> bool:
        """Whether any group could be compared with the reference at all."""
        return any(row.relative is not None for row in self.rows)

    @property
    def flagged(self) -> list[GroupRow]:
        """Groups significantly over- or under-represented against the reference."""
        return [row for row in self.rows if row.flag in ("higher", "lower")]

    @property
    def fully_suppressed(self) -> bool:
        """Whether disclosure control hides every count above zero (and every number a
        proportion is out of), so the table shows nothing but zeros and symbols."""
        cells = [c for r in self.rows for c in (r.count, r.base_cell) if c and c.count > 0]
        return bool(cells) and all(cell.suppressed for cell in cells)


def _say_if_all_hidden(comparison: Comparison) -> None:
    # First, so a reader learns why before the reasons that follow from it.
    if comparison.fully_suppressed:
        comparison.explanations.insert(0, ALL_HIDDEN)


def compare_with_population(
    *,
    counts: Mapping[str, int],
    populations: Mapping[str, int] | None,
    labels: Mapping[str, str],
    reference: str,
    policy: DisclosurePolicy,
    strata_counts: Mapping[str, Mapping[Stratum, int]] | None = None,
    strata_populations: Mapping[str, Mapping[Stratum, int]] | None = None,
    missing_population: str = (
        "The population table has no figures for this breakdown, so no rate per 10,000 "
        "children can be worked out: counts only. Load a population table with this "
        "column to see rates."
    ),
) -> Comparison:
    """Rates per 10,000 children for each group, and each group against the reference
    (a group's code, or `ALL_OTHERS` for every other child).

    `populations` is None when the population table lacks the breakdown: counts are then
    shown without rates, with `missing_population` to say why. Strata, when given, are
    (age band, deprivation decile) pairs for the directly standardised rates.
    """
    codes = [c for c in labels if c in counts or (populations and c in populations)]
    codes += sorted(c for c in counts if c not in labels)
    cells, total = publish_counts([counts.get(c, 0) for c in codes], policy)
    explanations: list[str] = []
    if populations is None:
        explanations.append(missing_population)
    rows = []
    for code, cell in zip(codes, cells, strict=True):
        row = GroupRow(code=code, label=labels.get(code, code), count=cell)
        row.is_reference = code == reference
        if populations is not None:
            row.base = populations.get(code, 0)
            published = policy.countable(cell)
            if row.base <= 0:
                row.note = "No children of this group in the population table: no rate"
            elif published is None:
                row.note = "Count suppressed: no rate shown"
            else:
                row.rate = rate_per_10000(count=published, population=row.base)
        rows.append(row)
    comparison = Comparison(
        measure="rate",
        reference=reference,
        reference_label=_reference_label(reference, labels),
        rows=rows,
        total=total,
        explanations=explanations,
    )
    if populations is not None:
        _relative_rates(comparison, policy)
    if strata_counts is not None and strata_populations is not None and populations is not None:
        _standardise(comparison, strata_counts, strata_populations, policy)
    _say_if_all_hidden(comparison)
    return comparison


def _reference_label(reference: str, labels: Mapping[str, str]) -> str:
    if reference == ALL_OTHERS:
        return "all other children"
    return labels.get(reference, reference)


def _reference_figures(
    comparison: Comparison, row: GroupRow, policy: DisclosurePolicy
) -> tuple[int, int] | None:
    """The reference's count and base for one row, or None when they cannot be shown."""
    if comparison.reference == ALL_OTHERS:
        total = policy.countable(comparison.total)
        own = policy.countable(row.count)
        bases = [r.base or 0 for r in comparison.rows]
        if total is None or own is None or row.base is None:
            return None
        return total - own, sum(bases) - row.base
    found = next((r for r in comparison.rows if r.code == comparison.reference), None)
    if found is None or found.base is None:
        return None
    count = policy.countable(found.count)
    return None if count is None else (count, found.base)


def _relative_rates(comparison: Comparison, policy: DisclosurePolicy) -> None:
    reference_row = next((r for r in comparison.rows if r.code == comparison.reference), None)
    if comparison.reference != ALL_OTHERS and (reference_row is None or reference_row.rate is None):
        comparison.explanations.append(
            f"The reference group ({comparison.reference_label}) has no rate that can be "
            "shown (no children in it, no population, or its count is suppressed), so no "
            "relative rates are given. Choose another reference group."
        )
        return
    if (
        reference_row is not None
        and reference_row.rate is not None
        and not reference_row.rate.value
    ):
        comparison.explanations.append(
            f"No children in the reference group ({comparison.reference_label}) were counted, "
            "so there is no rate to compare with. Choose another reference group."
        )
        return
    if comparison.reference == ALL_OTHERS and comparison.total.suppressed:
        comparison.explanations.append(
            "The total is suppressed, so rates against all other children cannot be shown."
        )
        return
    for row in comparison.rows:
        if row.is_reference or row.rate is None:
            continue
        figures = _reference_figures(comparison, row, policy)
        if figures is None:
            continue
        reference_count, reference_base = figures
        row.relative = relative_rate(
            count=policy.countable(row.count) or 0,
            population=row.base or 0,
            reference_count=reference_count,
            reference_population=reference_base,
        )
        row.flag = significance(row.relative)
        if row.relative is None and not row.note:
            row.note = "No children counted, so no relative rate"


def _standardise(
    comparison: Comparison,
    strata_counts: Mapping[str, Mapping[Stratum, int]],
    strata_populations: Mapping[str, Mapping[Stratum, int]],
    policy: DisclosurePolicy,
) -> None:
    strata = sorted({s for groups in strata_populations.values() for s in groups})
    if not strata:
        comparison.explanations.append(
            "The population table has no age band and deprivation decile figures for this "
            "breakdown, so rates cannot be standardised."
        )
        return
    standard = [sum(groups.get(s, 0) for groups in strata_populations.values()) for s in strata]
    unplaced = sum(
        n for groups in strata_counts.values() for s, n in groups.items() if s not in strata
    )
    if unplaced:
        comparison.explanations.append(
            f"{unplaced:,} children had no age band or deprivation decile recorded and are "
            "left out of the standardised rates."
        )
    comparison.standardised_by = ("age band", "deprivation decile")
    for row in comparison.rows:
        if row.rate is None:
            continue
        if row.count.count < FEWEST_TO_STANDARDISE:
            # As Public Health England's tools do: too few to standardise reliably, and with
            # few strata a standardised rate beside the total could give their counts away.
            row.note = row.note or f"Fewer than {FEWEST_TO_STANDARDISE}: not standardised"
            continue
        own_counts = dict(strata_counts.get(row.code, {}))
        if policy.rounding > 1:
            # As with the crude rate: from rounded counts, so no exact count can be
            # multiplied back out of the standardised rate.
            own_counts = {s: policy.round(n) for s, n in own_counts.items()}
        own_population = strata_populations.get(row.code, {})
        try:
            row.standardised = directly_standardised_rate(
                counts=[own_counts.get(s, 0) for s in strata],
                populations=[own_population.get(s, 0) for s in strata],
                standard=standard,
            )
        except ValueError:
            row.standardised = None
    reference = next((r for r in comparison.rows if r.code == comparison.reference), None)
    if reference is not None and reference.standardised and reference.standardised.value > 0:
        for row in comparison.rows:
            if row.standardised is not None and not row.is_reference:
                row.standardised_relative = row.standardised.value / reference.standardised.value


def compare_proportions(
    *,
    counts: Mapping[str, int],
    totals: Mapping[str, int],
    labels: Mapping[str, str],
    reference: str,
    policy: DisclosurePolicy,
) -> Comparison:
    """Each group's proportion (count of its total) and its ratio to the reference's, for
    measures with their own denominator (a percentage indicator, a stage of a journey).
    A proportion is shown only where both its count and its total are."""
    codes = [c for c in labels if c in totals] + sorted(c for c in totals if c not in labels)
    cells, total = publish_counts([counts.get(c, 0) for c in codes], policy)
    base_cells, base_total = publish_counts([totals.get(c, 0) for c in codes], policy)
    rows = []
    for code, cell, base_cell in zip(codes, cells, base_cells, strict=True):
        row = GroupRow(
            code=code,
            label=labels.get(code, code),
            count=cell,
            base=totals.get(code, 0),
            base_cell=base_cell,
            is_reference=code == reference,
        )
        numerator = policy.countable(cell)
        denominator = policy.countable(base_cell)
        if numerator is None or denominator is None:
            row.note = "Count suppressed: no proportion shown"
        elif denominator <= 0:
            row.note = "None in the group to start with"
        else:
            row.rate = proportion(count=min(numerator, denominator), total=denominator)
        rows.append(row)
    comparison = Comparison(
        measure="proportion",
        reference=reference,
        reference_label=_reference_label(reference, labels),
        rows=rows,
        total=total,
    )
    reference_row = next((r for r in rows if r.code == reference), None)
    for row in rows:
        if row.is_reference or row.rate is None:
            continue
        numerator = policy.countable(row.count) or 0
        denominator = policy.countable(row.base_cell) or 0
        if reference == ALL_OTHERS:
            all_count = policy.countable(total)
            all_base = policy.countable(base_total)
            if all_count is None or all_base is None:
                continue
            ref_count, ref_base = all_count - numerator, all_base - denominator
        elif reference_row is None or reference_row.rate is None:
            continue
        else:
            ref_count = policy.countable(reference_row.count) or 0
            ref_base = policy.countable(reference_row.base_cell) or 0
        if ref_base <= 0 or denominator <= 0:
            continue
        row.relative = relative_proportion(
            count=min(numerator, denominator),
            total=denominator,
            reference_count=min(max(ref_count, 0), ref_base),
            reference_total=ref_base,
        )
        row.flag = significance(row.relative)
    if reference != ALL_OTHERS and (reference_row is None or reference_row.rate is None):
        comparison.explanations.append(
            f"The reference group ({comparison.reference_label}) has no proportion that can "
            "be shown, so no relative rates are given. Choose another reference group."
        )
    _say_if_all_hidden(comparison)
    return comparison


@dataclass
class StageStep:
    """One step of a journey (referral to assessment, say) compared across groups."""

    slug: str
    title: str
    comparison: Comparison


def compare_stages(
    *,
    stage_titles: Sequence[str],
    reached: Mapping[str, Sequence[int]],
    labels: Mapping[str, str],
    reference: str,
    policy: DisclosurePolicy,
) -> list[StageStep]:
    """For each step from one stage to the next, each group's share of children who went
    on, against the reference group's share (relative rates from stage to stage)."""
    steps = []
    for i in range(1, len(stage_titles)):
        steps.append(
            StageStep(
                slug=f"stage-{i}",
                title=f"{stage_titles[i - 1]} to {stage_titles[i].lower()}",
                comparison=compare_proportions(
                    counts={g: n[i] for g, n in reached.items()},
                    totals={g: n[i - 1] for g, n in reached.items()},
                    labels=labels,
                    reference=reference,
                    policy=policy,
                ),
            )
        )
    return steps
