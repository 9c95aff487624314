"""Keyed pseudonyms for person identifiers, computed on the agency's own machine.

An agency runs `safeguarding pseudonymise` over its extract before anything leaves the
building. Each identifier (NHS number, unique pupil number, or name and date of birth)
is first normalised, so that differently typed forms of one identifier agree, then
turned into HMAC-SHA256(partnership key, "<kind>:<normalised>") as 64 lowercase hex
characters. Every agency holds the same partnership key, so the same person gets the
same pseudonym from every agency, and the platform can link returns without ever
holding an identifier. Without the key a pseudonym cannot be reversed or recomputed
from a guessed identifier (a plain hash of a 10-digit NHS number could be, by trying
all of them).

The normalisations below are part of the protocol between agencies: changing one
changes every pseudonym made with it, and breaks linkage with earlier returns.

Nothing here touches the database, and no error message contains the identifier it
is about, so messages are safe to print, log or send.
"""

import base64
import binascii
import hmac
import re
import secrets
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import Any, Literal, get_args

IdentifierKind = Literal["nhs", "upn", "name-dob"]
IDENTIFIER_KINDS: tuple[IdentifierKind, ...] = get_args(IdentifierKind)

# 32 bytes is the output size of SHA-256: a shorter HMAC key lowers the cost of
# guessing the key from known (identifier, pseudonym) pairs below the hash's strength.
MINIMUM_KEY_BYTES = 32

# The DfE check-letter alphabet: A-Z without I, O and S (easily misread as 1, 0 and 5).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

# Letters that Unicode NFKD does not decompose into a base letter plus accents, spelt
# as they are usually transliterated into English, so that "Søren" and "Soren" (as
# another agency's system may have stored it) agree instead of losing the letter.
_TRANSLITERATIONS = str.maketrans(
    {
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "Œ": "OE",
        "œ": "oe",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "\u0131": "i",  # dotless i (Turkish)
    }
)

_SEPARATORS = re.compile(r"[\s\-]+")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EARLIEST_BIRTH_YEAR = 1900


class PseudonymError(ValueError):
    """An identifier, key or file that cannot be pseudonymised; the message names no value."""


def normalise_nhs_number(value: str) -> str:
    """The NHS number as 10 digits, or PseudonymError if it is not a valid one.

    Spaces and dashes are ignored ("943 476 5919" and "943-476-5919" are 9434765919).
    The tenth digit must be the Modulus 11 check digit of the first nine.
    """
    digits = _SEPARATORS.sub("", value)
    if not digits:
        raise PseudonymError("NHS number is blank")
    if not digits.isascii() or not digits.isdigit():
        raise PseudonymError("NHS number must contain only digits, spaces and dashes")
    if len(digits) != 10:
        raise PseudonymError(f"NHS number must have 10 digits, not {len(digits)}")
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A check of 10 is never issued: no tenth digit can make such a number valid.
    if check == 10 or check != int(digits[9]):
        raise PseudonymError("NHS number check digit is wrong (Modulus 11)")
    return digits


def upn_check_letter(body: str) -> str:
    """The DfE check letter for the 12 characters after it (characters 2 to 13 of a UPN).

    Characters 2 to 13 are weighted 2 to 13, summed, and the sum modulo 23 indexes the
    alphabet A-Z without I, O and S. A temporary UPN ends in a letter from that same
    alphabet, which counts as its index there (A=0, B=1, ... Z=22).
    """
    if len(body) != 12:
        raise PseudonymError("UPN must have 12 characters after the check letter")
    if not (body[:11].isascii() and body[:11].isdigit()):
        raise PseudonymError("UPN characters 2 to 12 must be digits")
    last = body[11]
    if last.isascii() and last.isdigit():
        last_value = int(last)
    elif last in UPN_LETTERS:
        last_value = UPN_LETTERS.index(last)
    else:
        raise PseudonymError(
            "UPN character 13 must be a digit, or for a temporary UPN a letter other than I, O, S"
        )
    values = [int(character) for character in body[:11]] + [last_value]
    total = sum(value * weight for value, weight in zip(values, range(2, 14), strict=True))
    return UPN_LETTERS[total % 23]


def is_temporary_upn(normalised: str) -> bool:
    """Whether a normalised UPN is a temporary one (it ends in a letter)."""
    return normalised[-1:].isalpha()


def normalise_upn(value: str, *, allow_temporary: bool = True) -> str:
    """The unique pupil number as 13 upper-case characters, or PseudonymError if invalid.

    A UPN is a check letter followed by 12 characters: 11 digits, then a digit (a
    permanent UPN) or a letter (a temporary UPN, given while a school waits for the
    pupil's permanent one). Spaces and dashes are ignored; case is not significant.

    Temporary UPNs are valid under the DfE specification and are accepted by default,
    but they link poorly: each school issues its own, and the pupil's permanent UPN
    later replaces it, so one child may have several UPN pseudonyms over time.
    Pass allow_temporary=False to refuse them.
    """
    upn = _SEPARATORS.sub("", value).upper()
    if not upn:
        raise PseudonymError("UPN is blank")
    if len(upn) != 13:
        raise PseudonymError(f"UPN must have 13 characters, not {len(upn)}")
    if upn[0] not in UPN_LETTERS:
        raise PseudonymError("UPN must start with a check letter (A-Z except I, O, S)")
    if upn[0] != upn_check_letter(upn[1:]):
        raise PseudonymError("UPN check letter is wrong")
    if not allow_temporary and is_temporary_upn(upn):
        raise PseudonymError("UPN is a temporary UPN (it ends in a letter)")
    return upn


def _name_letters(value: str, part: str) -> str:
    """A name reduced to A-Z: accents stripped, upper-cased, everything else removed."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_TRANSLITERATIONS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Upper-casing after stripping accents lets "ß" become "SS" rather than vanish.
    letters = re.sub(r"[^A-Z]", "", bare.upper())
    if not letters:
        raise PseudonymError(f"{part} has no letters A-Z once accents and punctuation are removed")
    return letters


def parse_birth_date(value: str | date) -> date:
    """A date of birth given as DD/MM/YYYY or YYYY-MM-DD; PseudonymError if impossible.

    Impossible means not a calendar date (31/02/2015), in the future, or before 1900.
    """
    if isinstance(value, date):
        parsed = value
    else:
        text = value.strip()
        if not text:
            raise PseudonymError("date of birth is blank")
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := _ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise PseudonymError("date of birth must be written DD/MM/YYYY or YYYY-MM-DD")
        try:
            parsed = date(year, month, day)
        except ValueError:
            raise PseudonymError("date of birth is not a real date") from None
    if parsed > date.today():
        raise PseudonymError("date of birth is in the future")
    if parsed.year < _EARLIEST_BIRTH_YEAR:
        raise PseudonymError(f"date of birth is before {_EARLIEST_BIRTH_YEAR}")
    return parsed


def normalise_name_and_birth_date(given: str, family: str, birth_date: str | date) -> str:
    """Given name, family name and date of birth as "GIVEN|FAMILY|YYYY-MM-DD".

    Names are decomposed (Unicode NFKD), stripped of accents, upper-cased and reduced to
    the letters A-Z, so "Zoë Mary-Jane" and "ZOE MARYJANE" agree. The "|" keeps the
    boundary between the two names, so "Ann" + "Marie-Smith" differs from
    "Ann-Marie" + "Smith". Matching is exact on this form: a name spelt differently,
    a middle name present in one system only, or a changed family name gives a
    different pseudonym.
    """
    return "|".join(
        (
            _name_letters(given, "given name"),
            _name_letters(family, "family name"),
            parse_birth_date(birth_date).isoformat(),
        )
    )


def _check_key_length(key: bytes) -> None:
    if len(key) < MINIMUM_KEY_BYTES:
        raise PseudonymError(
            f"the key has {len(key)} bytes; a partnership key has at least {MINIMUM_KEY_BYTES}"
        )


def pseudonym(identifier_kind: IdentifierKind, normalised: str, key: bytes) -> str:
    """HMAC-SHA256 of "<kind>:<normalised>" under the key, as 64 lowercase hex characters.

    The kind is part of the message so that identifiers of different kinds can never
    share a pseudonym, even where their text is the same (a UPN body and an NHS number
    can both be digits): a pseudonym always stands for one identifier of one kind, and
    a match between two returns is a match on the same kind of identifier.
    """
    if identifier_kind not in IDENTIFIER_KINDS:
        raise PseudonymError(f"unknown identifier kind {identifier_kind!r}")
    _check_key_length(key)
    message = f"{identifier_kind}:{normalised}".encode()
    return hmac.new(key, message, sha256).hexdigest()


def generate_key() -> str:
    """A new partnership key: 32 random bytes from the operating system, as 64 hex digits."""
    return secrets.token_hex(MINIMUM_KEY_BYTES)


def _decode_key(text: str) -> bytes:
    # Hex first: a hex string is also valid base64, but would decode to other bytes.
    if re.fullmatch(r"[0-9a-fA-F]+", text) and len(text) % 2 == 0:
        return bytes.fromhex(text)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        pass
    try:
        return base64.b64decode(text, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise PseudonymError("the key file must hold the key as hex or base64") from None


def check_key_strength(key: bytes) -> None:
    """PseudonymError unless the key is long enough and looks randomly generated.

    Random 32-byte keys have about 30 distinct byte values and are almost never all
    printable characters (odds about 1 in 10^13); a key that fails either test was
    typed or derived from a password, and could be guessed.
    """
    _check_key_length(key)
    if len(set(key)) < 16:
        raise PseudonymError("the key repeats too few byte values to be random")
    if all(0x20 <= byte < 0x7F for byte in key):
        raise PseudonymError(
            "the key is readable text, not random bytes; make one with --generate-key"
        )


def read_key(path: str | Path) -> bytes:
    """The partnership key from a key file (hex or base64 text of at least 32 random bytes).

    Refuses short or weak keys. Messages never contain any of the file's content.
    """
    try:
        text = Path(path).read_text(encoding="ascii")
    except FileNotFoundError:
        raise PseudonymError(f"no key file at {path}") from None
    except UnicodeDecodeError:
        raise PseudonymError("the key file must hold the key as hex or base64") from None
    key = _decode_key("".join(text.split()))
    check_key_strength(key)
    return key


@dataclass(frozen=True)
class RowOutcome:
    """One input row's result: the output row, or why the row could not be used."""

    number: int
    row: dict[str, str] | None
    error: str | None = None


def identifier_columns(kind: IdentifierKind, column: str | tuple[str, str, str]) -> list[str]:
    """The input columns holding the identifier: one column, or given, family and birth date."""
    if kind == "name-dob":
        if isinstance(column, str) or len(column) != 3:
            raise PseudonymError(
                "name-dob needs three columns: given name, family name, birth date"
            )
        return list(column)
    if not isinstance(column, str):
        raise PseudonymError(f"{kind} needs one column")
    return [column]


def output_columns(
    fieldnames: Collection[str],
    *,
    column: str | tuple[str, str, str],
    kind: IdentifierKind,
    pseudonym_column: str = "pseudonym",
    keep_birth_month: bool = False,
    drop_columns: Collection[str] = (),
) -> list[str]:
    """The output header: the input's columns with the identifier ones replaced.

    The pseudonym column (then birth_month, if kept) takes the place of the first
    identifier column; the other identifier columns and drop_columns are left out.
    """
    names = list(fieldnames)
    if len(set(names)) != len(names):
        # A repeated name would hide one of the columns from the row dictionaries.
        raise PseudonymError("the header names a column more than once")
    sources = identifier_columns(kind, column)
    missing = [name for name in [*sources, *drop_columns] if name not in names]
    if missing:
        raise PseudonymError(f"no column named {', '.join(map(repr, missing))} in the header")
    removed = {*sources, *drop_columns}
    with_month = keep_birth_month and kind == "name-dob"
    added = [pseudonym_column, "birth_month"] if with_month else [pseudonym_column]
    clashes = [name for name in added if name in names and name not in removed]
    if clashes:
        raise PseudonymError(f"the input already has a column named {clashes[0]!r}")
    position = min(names.index(name) for name in sources)
    kept = [name for name in names if name not in removed]
    insert_at = len([name for name in names[:position] if name not in removed])
    return kept[:insert_at] + added + kept[insert_at:]


def _normalised(kind: IdentifierKind, values: list[str]) -> str:
    if kind == "nhs":
        return normalise_nhs_number(values[0])
    if kind == "upn":
        return normalise_upn(values[0])
    return normalise_name_and_birth_date(values[0], values[1], values[2])


def pseudonymise_rows(
    rows: Iterable[Mapping[Any, object]],
    *,
    key: bytes,
    column: str | tuple[str, str, str],
    kind: IdentifierKind,
    pseudonym_column: str = "pseudonym",
    keep_birth_month: bool = False,
    drop_columns: Collection[str] = (),
    first_row_number: int = 2,
) -> Iterator[RowOutcome]:
    """Each row with its identifier columns replaced by the pseudonym, or why it could not be.

    Rows are dictionaries as csv.DictReader makes them; numbering starts at
    first_row_number (2: the first row under the header, as a spreadsheet numbers it).
    Output rows hold only the columns output_columns() gives, so an identifier column
    is never passed through. birth_month (YYYY-MM) is kept only when asked for, with
    name-dob: month of birth is enough for ages and age bands, the day is not needed.
    A row with more fields than the header is refused, since the extra fields have no
    column name to say whether they hold identifiers.
    """
    _check_key_length(key)
    sources = identifier_columns(kind, column)
    removed = {*sources, *drop_columns}
    for number, row in enumerate(rows, start=first_row_number):
        if None in row:
            yield RowOutcome(number, None, "the row has more fields than the header")
            continue
        if any(value is None for value in row.values()):
            yield RowOutcome(number, None, "the row has fewer fields than the header")
            continue
        values = [str(row.get(name, "")) for name in sources]
        try:
            normalised = _normalised(kind, values)
        except PseudonymError as error:
            yield RowOutcome(number, None, str(error))
            continue
        output = {pseudonym_column: pseudonym(kind, normalised, key)}
        if keep_birth_month and kind == "name-dob":
            output["birth_month"] = normalised.rsplit("|", 1)[1][:7]
        for name, value in row.items():
            if name is not None and name not in removed:
                output[name] = str(value)
        yield RowOutcome(number, output)
