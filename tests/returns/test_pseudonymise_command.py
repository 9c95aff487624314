"""`safeguarding pseudonymise`, run on real files as an agency would (no database)."""

import csv
import hashlib
import hmac
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safeguarding.returns.pseudonyms import generate_key

NHS_NUMBER = "9434765919"
OTHER_NHS_NUMBER = "4010232137"
PROJECT = Path(__file__).resolve().parents[2]


def expected(message: str, key: Path) -> str:
    """The pseudonym worked out here from the key file's hex, straight from hmac."""
    raw = bytes.fromhex(key.read_text().strip())
    return hmac.new(raw, message.encode(), hashlib.sha256).hexdigest()


def run(*args: str) -> tuple[str, str]:
    """Run the command in-process; its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command("pseudonymise", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def read_output(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "partnership.key"
    path.write_text(generate_key() + "\n")
    return path


@pytest.fixture
def nhs_csv(tmp_path: Path) -> Path:
    path = tmp_path / "referrals.csv"
    path.write_text(
        "ref,NHS Number,outcome\n"
        "R1,943 476 5919,seen\n"
        "R2,9434765919,closed\n"
        "R3,401-023-2137,seen\n",
        encoding="utf-8",
    )
    return path


def test_nhs_numbers_become_pseudonyms_and_leave_no_trace(
    tmp_path: Path, key: Path, nhs_csv: Path
) -> None:
    output = tmp_path / "out" / "return.csv"
    before = {path.name for path in tmp_path.iterdir()}
    out, err = run(
        str(nhs_csv), "--key", str(key), "--nhs-number", "NHS Number", "--output", str(output)
    )

    rows = read_output(output)
    assert list(rows[0]) == ["ref", "pseudonym", "outcome"]
    same = expected("nhs:9434765919", key)
    assert [row["pseudonym"] for row in rows] == [same, same, expected("nhs:4010232137", key)]
    assert [row["outcome"] for row in rows] == ["seen", "closed", "seen"]
    assert "Pseudonymised 3 rows" in out
    assert err == ""

    written = output.read_bytes()
    for identifier in ("9434765919", "943 476 5919", "4010232137", "401-023-2137", "NHS Number"):
        assert identifier.encode() not in written
        assert identifier not in out
    # Only the output was added: no temporary file or copy left behind.
    assert {path.name for path in tmp_path.iterdir()} == before | {"out"}
    assert [path.name for path in output.parent.iterdir()] == ["return.csv"]


def test_default_output_beside_input_with_named_pseudonym_column(key: Path, nhs_csv: Path) -> None:
    run(
        str(nhs_csv),
        "--key",
        str(key),
        "--nhs-number",
        "NHS Number",
        "--pseudonym-column",
        "person",
    )
    rows = read_output(nhs_csv.with_name("referrals-pseudonymised.csv"))
    assert list(rows[0]) == ["ref", "person", "outcome"]


def test_invalid_rows_reported_by_number_only_and_nothing_written(
    tmp_path: Path, key: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        f"NHS,note\n{NHS_NUMBER},ok\n9434765918,wrong check digit\n12345,too short\n,blank\n"
    )
    output = tmp_path / "out.csv"
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 of 4 rows could not be pseudonymised") as failed:
        call_command(
            "pseudonymise", str(source), "--key", str(key), "--nhs-number", "NHS",
            "--output", str(output), stdout=out, stderr=err,
        )  # fmt: skip
    assert failed.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Row 3: NHS number check digit is wrong (Modulus 11)",
        "Row 4: NHS number must have 10 digits, not 5",
        "Row 5: NHS number is blank",
    ]
    for identifier in (NHS_NUMBER, "9434765918", "12345"):
        assert identifier not in err.getvalue() + out.getvalue() + str(failed.value)
    assert not output.exists()


def test_skip_invalid_writes_only_the_valid_rows(tmp_path: Path, key: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f"NHS,note\n{NHS_NUMBER},ok\n9434765918,bad\n{OTHER_NHS_NUMBER},ok\n")
    output = tmp_path / "out.csv"
    out, err = run(
        str(source), "--key", str(key), "--nhs-number", "NHS", "--output", str(output),
        "--skip-invalid",
    )  # fmt: skip
    assert err.splitlines() == ["Row 3: NHS number check digit is wrong (Modulus 11)"]
    assert "Pseudonymised 2 rows" in out
    assert "left out 1 invalid rows" in out
    assert [row["note"] for row in read_output(output)] == ["ok", "ok"]
    assert b"9434765918" not in output.read_bytes()


def test_real_exit_status_is_non_zero_and_no_database_is_touched(tmp_path: Path, key: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f"NHS\n{NHS_NUMBER}\n9434765918\n")
    var = tmp_path / "var"
    # The settings put SQLite in SAFEGUARDING_VAR_DIR: if the command connected to the
    # database, the file would appear there.
    environment = {**os.environ, "SAFEGUARDING_VAR_DIR": str(var)}
    environment.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "safeguarding", "pseudonymise", str(source), "--key", str(key)]

    failing = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [*command, "--nhs-number", "NHS"],
        cwd=PROJECT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert failing.returncode == 1
    assert "Row 3: NHS number check digit is wrong" in failing.stderr
    assert "9434765918" not in failing.stderr + failing.stdout

    passing = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [*command, "--nhs-number", "NHS", "--skip-invalid"],
        cwd=PROJECT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert passing.returncode == 0, passing.stderr
    assert not (var / "safeguarding.sqlite3").exists()


def test_names_and_birth_dates_agree_across_formats_and_encodings(
    tmp_path: Path, key: Path
) -> None:
    # One agency's system exports UTF-8 with a byte order mark, another's Windows-1252.
    utf8 = tmp_path / "health.csv"
    utf8.write_bytes(
        "Forename,Surname,DOB,area\r\nZoë Mary-Jane,O'Brien,05/03/2012,Café Quarter\r\n".encode(
            "utf-8-sig"
        )
    )
    cp1252 = tmp_path / "school.csv"
    # Windows-1252 has its own byte (0x92) for the typographic apostrophe Word types.
    school_row = "ZOË MARY JANE,o\u2019brien,2012-03-05,Café Quarter"
    cp1252.write_bytes(f"Forename,Surname,DOB,area\r\n{school_row}\r\n".encode("cp1252"))
    outputs = []
    for source in (utf8, cp1252):
        output = source.with_suffix(".out.csv")
        out, _ = run(
            str(source), "--key", str(key), "--name", "Forename", "Surname",
            "--birth-date", "DOB", "--keep-birth-month", "--output", str(output),
        )  # fmt: skip
        outputs.append(output)
    assert "Windows-1252" in out

    first, second = (read_output(output) for output in outputs)
    assert first == second
    assert first == [
        {
            "pseudonym": expected("name-dob:ZOEMARYJANE|OBRIEN|2012-03-05", key),
            "birth_month": "2012-03",
            "area": "Café Quarter",
        }
    ]
    for output in outputs:
        written = output.read_bytes()
        for trace in ("Forename", "Surname", "DOB", "Zo", "ZO", "Brien", "brien", "2012-03-05"):
            assert trace.encode() not in written
        assert b"05/03" not in written


def test_birth_month_dropped_unless_asked_and_drop_removes_more_columns(
    tmp_path: Path, key: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Forename,Surname,DOB,Postcode,area\nAnn,Smith,2010-01-31,AB1 2CD,North\n")
    output = tmp_path / "out.csv"
    run(
        str(source), "--key", str(key), "--name", "Forename", "Surname", "--birth-date", "DOB",
        "--drop", "Postcode", "--output", str(output),
    )  # fmt: skip
    assert read_output(output) == [
        {"pseudonym": expected("name-dob:ANN|SMITH|2010-01-31", key), "area": "North"}
    ]


def test_upn_column(tmp_path: Path, key: Path) -> None:
    source = tmp_path / "pupils.csv"
    source.write_text("UPN,year\nb801200005001,7\nA801200005001,8\n")
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError):
        run(str(source), "--key", str(key), "--upn", "UPN", "--output", str(output))
    _, err = run(
        str(source), "--key", str(key), "--upn", "UPN", "--output", str(output), "--skip-invalid"
    )
    assert err.splitlines() == ["Row 3: UPN check letter is wrong"]
    assert read_output(output) == [{"pseudonym": expected("upn:B801200005001", key), "year": "7"}]


def test_weak_key_refused(tmp_path: Path, nhs_csv: Path) -> None:
    weak = tmp_path / "weak.key"
    weak.write_text("00" * 32)
    with pytest.raises(CommandError, match="key: the key repeats too few byte values"):
        run(str(nhs_csv), "--key", str(weak), "--nhs-number", "NHS Number")


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (["--nhs-number", "NHS"], "no column named 'NHS'"),
        (["--name", "ref", "outcome"], "--name needs --birth-date"),
        (["--nhs-number", "NHS Number", "--birth-date", "ref"], "go with --name only"),
        ([], "say which identifier"),
        (["--nhs-number", "NHS Number", "--pseudonym-column", "ref"], "already has a column"),
    ],
)
def test_option_and_header_mistakes_refused(
    key: Path, nhs_csv: Path, options: list[str], reason: str
) -> None:
    with pytest.raises(CommandError, match=reason):
        run(str(nhs_csv), "--key", str(key), *options)


def test_output_may_not_replace_input(key: Path, nhs_csv: Path) -> None:
    with pytest.raises(CommandError, match="replace the input"):
        run(str(nhs_csv), "--key", str(key), "--nhs-number", "NHS Number", "--output", str(nhs_csv))


def test_generate_key_writes_owner_only_file_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "partnership.key"
    out, _ = run("--generate-key", str(path))
    assert "New partnership key written" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert len(bytes.fromhex(text.strip())) == 32
    assert text.strip() not in out

    with pytest.raises(CommandError, match="already exists"):
        run("--generate-key", str(path))
    assert path.read_text() == text


def test_generated_key_works_for_pseudonymising(tmp_path: Path, nhs_csv: Path) -> None:
    path = tmp_path / "new.key"
    run("--generate-key", str(path))
    output = tmp_path / "out.csv"
    run(str(nhs_csv), "--key", str(path), "--nhs-number", "NHS Number", "--output", str(output))
    assert read_output(output)[0]["pseudonym"] == expected("nhs:9434765919", path)
