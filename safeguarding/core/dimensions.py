"""The breakdowns the partnership looks at every figure by (the golden thread of
equality), and the age bands, in one place and without Django.

Each dimension names its column in returns and population tables, its title for people,
and the code list its codes come from; titles and age bands are read from the code lists
(`age-band.csv` gives each band's ages), not written again in each app. Locality is the
one dimension whose codes are the partnership's own, kept in the database.
"""

from dataclasses import dataclass
from functools import cache

from safeguarding.core.code_list_files import code_list_codes, code_list_rows, code_list_title


@dataclass(frozen=True)
class Dimension:
    """One breakdown: `name` is the column (`age_band`), `code_list` the slug of the
    shipped list its codes come from (`age-band`), "" for a list held in the database."""

    name: str
    code_list: str = ""

    @property
    def title(self) -> str:
        """How a heading names it: "Age band"."""
        if self.code_list:
            return code_list_title(self.code_list)
        return self.name.replace("_", " ").capitalize()

    @property
    def list_title(self) -> str:
        """How a message names its list: "a code from the Age band list"."""
        return code_list_title(self.code_list) if self.code_list else self.name.replace("_", " ")

    def codes(self) -> frozenset[str]:
        """The codes of its shipped list; `KeyError` for a list held in the database."""
        if not self.code_list:
            raise KeyError(f"{self.name} takes the partnership's own codes, from the database")
        return code_list_codes(self.code_list)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("ethnicity", "ethnicity"),
    Dimension("sex", "sex"),
    Dimension("age_band", "age-band"),
    Dimension("deprivation_decile", "deprivation-decile"),
    Dimension("locality"),
)
DIMENSION_NAMES: tuple[str, ...] = tuple(d.name for d in DIMENSIONS)


def dimension(name: str) -> Dimension:
    """The dimension with this column name; `ValueError` naming the ones there are."""
    for candidate in DIMENSIONS:
        if candidate.name == name:
            return candidate
    raise ValueError(f"{name!r} is not a breakdown: use one of {', '.join(DIMENSION_NAMES)}")


@dataclass(frozen=True)
class AgeBand:
    """One age band; `youngest` and `oldest` are whole years, inclusive. The band with
    neither is for children not yet born."""

    code: str
    label: str
    youngest: int | None
    oldest: int | None

    @property
    def unborn(self) -> bool:
        return self.youngest is None and self.oldest is None


@cache
def age_bands() -> tuple[AgeBand, ...]:
    """The age bands of `age-band.csv`, youngest first (the unborn band before all)."""
    bands = [
        AgeBand(
            code=row["code"].strip(),
            label=row["label"].strip(),
            youngest=int(row["min_age"]) if row.get("min_age") else None,
            oldest=int(row["max_age"]) if row.get("max_age") else None,
        )
        for row in code_list_rows("age-band")
    ]
    return tuple(sorted(bands, key=lambda band: -1 if band.unborn else band.youngest or 0))


def oldest_age() -> int:
    """The oldest age any band covers (16 and over runs to 25, for care leavers)."""
    return max(band.oldest or 0 for band in age_bands())
