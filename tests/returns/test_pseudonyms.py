"""Pseudonyms: normalising identifiers, the keyed HMAC, keys, and rows (no database)."""

import base64
import hashlib
import hmac
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from safeguarding.returns.pseudonyms import (
    PseudonymError,
    generate_key,
    normalise_name_and_birth_date,
    normalise_nhs_number,
    normalise_upn,
    output_columns,
    pseudonym,
    pseudonymise_rows,
    read_key,
)

# A fixed key of 32 distinct bytes, so known answers can be written down.
KEY = bytes(range(1, 33))
# Published NHS test numbers (NHS Digital's examples); both have valid check digits.
NHS_NUMBER = "9434765919"
OTHER_NHS_NUMBER = "4010232137"
CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
PASSPHRASE = b"Safeguarding Partnership Key 2025 for all agencies!"


def expected_hmac(message: str, key: bytes = KEY) -> str:
    """The pseudonym worked out here, straight from the hmac module."""
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def upn_with_check_letter(body: str) -> str:
    """A UPN for the 12 characters after the check letter, by the DfE rule written out again."""
    values = [int(ch) if ch.isdigit() else CHECK_ALPHABET.index(ch) for ch in body]
    total = sum(value * weight for value, weight in zip(values, range(2, 14), strict=True))
    return CHECK_ALPHABET[total % 23] + body


def wrong_check_letter(upn: str) -> str:
    """The same UPN with another check letter."""
    letter = CHECK_ALPHABET[(CHECK_ALPHABET.index(upn[0]) + 1) % 23]
    return letter + upn[1:]


def key_file(tmp_path: Path, text: str, name: str = "key") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# -- the HMAC ------------------------------------------------------------------------------


def test_known_answer_for_each_kind() -> None:
    assert pseudonym("nhs", NHS_NUMBER, KEY) == expected_hmac("nhs:9434765919")
    assert pseudonym("upn", "B801200005001", KEY) == expected_hmac("upn:B801200005001")
    normalised = normalise_name_and_birth_date("Zoë", "Smith", "05/03/2012")
    assert normalised == "ZOE|SMITH|2012-03-05"
    assert pseudonym("name-dob", normalised, KEY) == expected_hmac("name-dob:ZOE|SMITH|2012-03-05")


def test_pseudonym_is_64_lowercase_hex() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", pseudonym("nhs", NHS_NUMBER, KEY))


def test_kinds_never_collide_for_the_same_text() -> None:
    text = "801200005001"
    made = {pseudonym(kind, text, KEY) for kind in ("nhs", "upn", "name-dob")}
    assert len(made) == 3


def test_another_key_gives_another_pseudonym() -> None:
    other_key = bytes(range(101, 133))
    assert pseudonym("nhs", NHS_NUMBER, KEY) != pseudonym("nhs", NHS_NUMBER, other_key)


def test_unknown_kind_and_short_key_refused() -> None:
    with pytest.raises(PseudonymError, match="unknown identifier kind"):
        pseudonym("passport", "123", KEY)  # type: ignore[arg-type]
    with pytest.raises(PseudonymError, match="at least 32"):
        pseudonym("nhs", NHS_NUMBER, KEY[:16])


# -- NHS numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["943 476 5919", "943-476-5919", " 9434765919 ", "9434765919"])
def test_nhs_number_formats_agree(typed: str) -> None:
    assert normalise_nhs_number(typed) == NHS_NUMBER
    assert pseudonym("nhs", normalise_nhs_number(typed), KEY) == expected_hmac("nhs:9434765919")


def test_second_published_nhs_number_is_valid() -> None:
    assert normalise_nhs_number("401 023 2137") == OTHER_NHS_NUMBER


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("9434765918", "check digit"),
        ("4010232138", "check digit"),
        # The first nine digits give a check of 10, which no NHS number can have.
        ("1000000011", "check digit"),
        ("943476591", "10 digits, not 9"),
        ("94347659190", "10 digits, not 11"),
        ("94347A5919", "only digits"),
        ("   ", "blank"),
    ],
)
def test_invalid_nhs_number_refused_without_echoing_it(typed: str, reason: str) -> None:
    with pytest.raises(PseudonymError, match=reason) as refused:
        normalise_nhs_number(typed)
    assert typed.strip() not in str(refused.value) or not typed.strip()


# -- unique pupil numbers ------------------------------------------------------------------


def test_published_and_computed_upns_are_valid() -> None:
    # B801200005001 is a valid UPN in python-stdnum's documentation.
    assert upn_with_check_letter("801200005001") == "B801200005001"
    assert normalise_upn("B801200005001") == "B801200005001"
    for body in ("207000016049", "938412312345", "000000000000"):
        upn = upn_with_check_letter(body)
        assert normalise_upn(upn) == upn


def test_upn_case_and_spaces_ignored() -> None:
    upn = upn_with_check_letter("938412312345")
    spaced = f"{upn[:4]} {upn[4:8]} {upn[8:]}".lower()
    assert normalise_upn(spaced) == upn
    assert pseudonym("upn", normalise_upn(spaced), KEY) == expected_hmac(f"upn:{upn}")


def test_wrong_upn_check_letter_refused() -> None:
    upn = wrong_check_letter(upn_with_check_letter("938412312345"))
    with pytest.raises(PseudonymError, match="check letter is wrong") as refused:
        normalise_upn(upn)
    assert upn not in str(refused.value)


def test_temporary_upn_last_letter_counts_by_its_place_in_the_alphabet() -> None:
    # X00180001701A is a temporary UPN from a school system's published example.
    assert upn_with_check_letter("00180001701A") == "X00180001701A"
    assert normalise_upn("x00180001701a") == "X00180001701A"
    temporary = upn_with_check_letter("93841231234Z")
    assert normalise_upn(temporary) == temporary
    with pytest.raises(PseudonymError, match="temporary"):
        normalise_upn(temporary, allow_temporary=False)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("B80120000500", "13 characters, not 12"),
        ("I801200005001", "start with a check letter"),
        ("B80120000A001", "characters 2 to 12 must be digits"),
        ("A00180001701I", "character 13"),
        ("", "blank"),
    ],
)
def test_malformed_upn_refused(typed: str, reason: str) -> None:
    with pytest.raises(PseudonymError, match=reason):
        normalise_upn(typed)


# -- names and dates of birth --------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "family", "born"),
    [
        ("Zoë Mary-Jane", "O'Brien", "05/03/2012"),
        ("ZOE MARYJANE", "OBRIEN", "2012-03-05"),
        ("  zoe  mary jane ", "o brien", "5/3/2012"),
        ("Zoe\u0308 Mary\u2010Jane", "Ó Brien", date(2012, 3, 5)),
    ],
)
def test_same_person_same_name_pseudonym(given: str, family: str, born: str | date) -> None:
    normalised = normalise_name_and_birth_date(given, family, born)
    assert normalised == "ZOEMARYJANE|OBRIEN|2012-03-05"
    assert pseudonym("name-dob", normalised, KEY) == expected_hmac(
        "name-dob:ZOEMARYJANE|OBRIEN|2012-03-05"
    )


def test_letters_without_a_decomposition_are_transliterated() -> None:
    assert normalise_name_and_birth_date("Søren", "Strauß", "2010-01-31") == (
        "SOREN|STRAUSS|2010-01-31"
    )


def test_boundary_between_given_and_family_name_counts() -> None:
    assert normalise_name_and_birth_date(
        "Ann", "Marie-Smith", "2012-03-05"
    ) != normalise_name_and_birth_date("Ann-Marie", "Smith", "2012-03-05")


@pytest.mark.parametrize(
    ("born", "reason"),
    [
        ("31/02/2015", "not a real date"),
        ("2015-13-01", "not a real date"),
        ("00/01/2015", "not a real date"),
        ("2015/03/05", "DD/MM/YYYY or YYYY-MM-DD"),
        ("5 March 2015", "DD/MM/YYYY or YYYY-MM-DD"),
        ("03/05/15", "DD/MM/YYYY or YYYY-MM-DD"),
        ("", "blank"),
        ("01/01/1899", "before 1900"),
        ("tomorrow", "in the future"),
    ],
)
def test_impossible_birth_dates_refused(born: str, reason: str) -> None:
    # Tomorrow is worked out when the test runs, not when it is collected: a run that
    # passes midnight would otherwise test today.
    if born == "tomorrow":
        born = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(PseudonymError, match=reason):
        normalise_name_and_birth_date("Ann", "Smith", born)


def test_name_without_latin_letters_refused() -> None:
    with pytest.raises(PseudonymError, match="family name has no letters"):
        normalise_name_and_birth_date("Ann", "—", "2012-03-05")


# -- keys ----------------------------------------------------------------------------------


def test_generated_key_reads_back(tmp_path: Path) -> None:
    text = generate_key()
    assert re.fullmatch(r"[0-9a-f]{64}", text)
    assert generate_key() != text
    assert read_key(key_file(tmp_path, text + "\n")) == bytes.fromhex(text)


def test_hex_and_base64_files_give_the_same_key(tmp_path: Path) -> None:
    raw = bytes.fromhex(generate_key())
    assert read_key(key_file(tmp_path, raw.hex().upper(), "hex")) == raw
    assert read_key(key_file(tmp_path, base64.b64encode(raw).decode(), "b64")) == raw
    assert read_key(key_file(tmp_path, base64.urlsafe_b64encode(raw).decode(), "url")) == raw


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (bytes(range(16)).hex(), "16 bytes"),
        ("00" * 32, "too few byte values"),
        (base64.b64encode(PASSPHRASE).decode(), "readable text"),
        (PASSPHRASE.hex(), "readable text"),
        ("not a key at all!", "hex or base64"),
        ("", "0 bytes"),
    ],
)
def test_weak_or_short_key_refused_without_echoing_it(
    tmp_path: Path, text: str, reason: str
) -> None:
    with pytest.raises(PseudonymError, match=reason) as refused:
        read_key(key_file(tmp_path, text))
    assert not text or text not in str(refused.value)


def test_missing_key_file_refused(tmp_path: Path) -> None:
    with pytest.raises(PseudonymError, match="no key file"):
        read_key(tmp_path / "absent")


# -- rows ----------------------------------------------------------------------------------


def test_rows_replace_identifier_with_pseudonym_in_its_place() -> None:
    rows = [
        {"ref": "1", "NHS": "943 476 5919", "outcome": "seen"},
        {"ref": "2", "NHS": "9434765918", "outcome": "seen"},
        {"ref": "3", "NHS": OTHER_NHS_NUMBER, "outcome": "closed"},
    ]
    header = output_columns(["ref", "NHS", "outcome"], column="NHS", kind="nhs")
    assert header == ["ref", "pseudonym", "outcome"]
    outcomes = list(pseudonymise_rows(rows, key=KEY, column="NHS", kind="nhs"))
    assert [outcome.number for outcome in outcomes] == [2, 3, 4]
    assert outcomes[0].row == {
        "pseudonym": expected_hmac("nhs:9434765919"),
        "ref": "1",
        "outcome": "seen",
    }
    assert outcomes[1].row is None
    assert outcomes[1].error == "NHS number check digit is wrong (Modulus 11)"
    assert outcomes[2].row is not None
    assert set(outcomes[2].row) == set(header)


def test_rows_by_name_keep_only_the_birth_month_when_asked() -> None:
    columns = ("Forename", "Surname", "DOB")
    rows = [{"Forename": "Zoë", "Surname": "Smith", "DOB": "05/03/2012", "area": "North"}]
    header = output_columns(
        ["Forename", "Surname", "DOB", "area"],
        column=columns,
        kind="name-dob",
        keep_birth_month=True,
    )
    assert header == ["pseudonym", "birth_month", "area"]
    (outcome,) = pseudonymise_rows(
        rows, key=KEY, column=columns, kind="name-dob", keep_birth_month=True
    )
    assert outcome.row == {
        "pseudonym": expected_hmac("name-dob:ZOE|SMITH|2012-03-05"),
        "birth_month": "2012-03",
        "area": "North",
    }
    (without,) = pseudonymise_rows(rows, key=KEY, column=columns, kind="name-dob")
    assert without.row is not None
    assert "birth_month" not in without.row


def test_ragged_rows_refused() -> None:
    rows: list[dict[str | None, object]] = [
        {"NHS": NHS_NUMBER, None: ["9434765919"]},
        {"NHS": NHS_NUMBER, "note": None},
    ]
    outcomes = list(pseudonymise_rows(rows, key=KEY, column="NHS", kind="nhs"))
    assert [outcome.error for outcome in outcomes] == [
        "the row has more fields than the header",
        "the row has fewer fields than the header",
    ]


@pytest.mark.parametrize(
    ("fieldnames", "reason"),
    [
        (["ref", "note"], "no column named 'NHS'"),
        (["NHS", "pseudonym"], "already has a column named 'pseudonym'"),
        (["NHS", "ref", "ref"], "more than once"),
    ],
)
def test_header_problems_refused(fieldnames: list[str], reason: str) -> None:
    with pytest.raises(PseudonymError, match=reason):
        output_columns(fieldnames, column="NHS", kind="nhs")
