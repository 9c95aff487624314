"""`safeguarding pseudonymise`: replace person identifiers in a CSV with keyed pseudonyms.

Run by an agency on its own machine, before a return leaves it. See
safeguarding/returns/pseudonyms.py for how pseudonyms are made.

What is written where:
- the output CSV holds one pseudonym column in place of the identifier columns; the
  identifier columns themselves (and the name and date-of-birth columns with --name)
  are left out, as is every --drop column. Other columns pass through unchanged, so
  the agency must not leave other identifying details in them.
- with --name and --keep-birth-month, the date of birth is kept reduced to its month
  as birth_month (YYYY-MM), enough for ages and age bands; without the flag it is
  dropped entirely.
- stdout and stderr get counts, column names and, for invalid rows, the row number
  and the reason, never an identifier. Nothing is logged.
- if any row is invalid, nothing is written unless --skip-invalid, which writes the
  valid rows only.
- the output is written as UTF-8 (no byte order mark) through a temporary file in the
  same folder, so an interrupted run never leaves half a file behind.
"""

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.returns.pseudonyms import (
    IdentifierKind,
    PseudonymError,
    generate_key,
    output_columns,
    pseudonymise_rows,
    read_key,
)


def decode_csv(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read as: UTF-8 (BOM or not), else Windows-1252.

    Strict UTF-8 rarely decodes Windows-1252 text by accident (accented letters there
    are lone high bytes, which are invalid UTF-8), so trying UTF-8 first is safe.
    """
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        # The message gives the position only: the byte itself may be part of a name.
        raise CommandError(
            f"the input is neither UTF-8 nor Windows-1252 (unreadable byte at offset {error.start})"
        ) from None


def write_key_file(path: Path) -> None:
    """Write a new key file readable by its owner only; refuse to replace an existing one."""
    try:
        # O_EXCL makes "refuse to overwrite" atomic, and 0o600 applies from creation,
        # so the key is never readable by others even for a moment.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(
            f"{path} already exists; a key is never overwritten (pseudonyms made with it "
            "would no longer match)"
        ) from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(generate_key() + "\n")
    # The umask may have removed bits but never adds them; set the mode exactly anyway.
    path.chmod(0o600)


class Command(BaseCommand):
    help = (
        "Replace NHS numbers, unique pupil numbers, or names and dates of birth in a CSV "
        "with the partnership's keyed pseudonyms, on the agency's own machine."
    )
    # No database and no checks: an agency runs this on its own machine, with no
    # platform database, and checks could touch one.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", nargs="?", type=Path, help="the CSV to pseudonymise")
        parser.add_argument("--key", type=Path, metavar="KEYFILE", help="the partnership key")
        identifier = parser.add_mutually_exclusive_group()
        identifier.add_argument("--nhs-number", metavar="COLUMN", help="column of NHS numbers")
        identifier.add_argument("--upn", metavar="COLUMN", help="column of unique pupil numbers")
        identifier.add_argument(
            "--name",
            nargs=2,
            metavar=("GIVEN_COLUMN", "FAMILY_COLUMN"),
            help="given-name and family-name columns (with --birth-date)",
        )
        parser.add_argument("--birth-date", metavar="COLUMN", help="date-of-birth column")
        parser.add_argument(
            "--keep-birth-month",
            action="store_true",
            help="with --name: keep the month of birth as birth_month (YYYY-MM)",
        )
        parser.add_argument(
            "--drop",
            action="append",
            default=[],
            metavar="COLUMN",
            help="also leave this column out of the output (repeatable)",
        )
        parser.add_argument(
            "--output", type=Path, help="where to write (default: INPUT-pseudonymised.csv)"
        )
        parser.add_argument("--pseudonym-column", default="pseudonym", metavar="NAME")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="write the valid rows and leave out invalid ones instead of failing",
        )
        parser.add_argument(
            "--generate-key",
            type=Path,
            metavar="PATH",
            help="write a new partnership key to PATH (mode 600) and do nothing else",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"] is not None:
            if options["input"] is not None:
                raise CommandError("--generate-key takes no input file")
            write_key_file(options["generate_key"])
            self.stdout.write(
                f"New partnership key written to {options['generate_key']}; share it with "
                "agencies only over a secure channel"
            )
            return
        source: Path | None = options["input"]
        if source is None:
            raise CommandError("give the input CSV (or --generate-key PATH)")
        if options["key"] is None:
            raise CommandError("give the partnership key file with --key KEYFILE")
        kind, column = self._identifier(options)
        try:
            key = read_key(options["key"])
        except PseudonymError as error:
            raise CommandError(f"key: {error}") from None
        output: Path = options["output"] or source.with_name(f"{source.stem}-pseudonymised.csv")
        if output.resolve() == source.resolve():
            raise CommandError("the output would replace the input; give another --output")

        try:
            text, encoding = decode_csv(source.read_bytes())
        except FileNotFoundError:
            raise CommandError(f"no input file at {source}") from None
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            if not reader.fieldnames:
                raise CommandError("the input is empty: it has no header row")
            fieldnames = output_columns(
                reader.fieldnames,
                column=column,
                kind=kind,
                pseudonym_column=options["pseudonym_column"],
                keep_birth_month=options["keep_birth_month"],
                drop_columns=options["drop"],
            )
            outcomes = list(
                pseudonymise_rows(
                    reader,
                    key=key,
                    column=column,
                    kind=kind,
                    pseudonym_column=options["pseudonym_column"],
                    keep_birth_month=options["keep_birth_month"],
                    drop_columns=options["drop"],
                )
            )
        except PseudonymError as error:
            raise CommandError(str(error)) from None
        except csv.Error as error:
            # csv's messages describe the fault ("new-line character seen in unquoted
            # field"), not the field's content.
            raise CommandError(f"the input is not a readable CSV ({error})") from None

        failed = [outcome for outcome in outcomes if outcome.error is not None]
        for outcome in failed:
            self.stderr.write(f"Row {outcome.number}: {outcome.error}")
        if failed and not options["skip_invalid"]:
            raise CommandError(
                f"{len(failed)} of {len(outcomes)} rows could not be pseudonymised, so nothing "
                "was written; correct them, or pass --skip-invalid to leave them out",
                returncode=1,
            )
        written = [outcome.row for outcome in outcomes if outcome.row is not None]
        self._write(output, fieldnames, written)
        summary = f"Pseudonymised {len(written)} rows ({encoding} input) into {output}"
        if failed:
            summary += f"; left out {len(failed)} invalid rows"
        self.stdout.write(summary)

    def _identifier(self, options: dict[str, Any]) -> tuple[IdentifierKind, Any]:
        """The identifier kind and its column(s) from the options, checked for consistency."""
        if options["name"] is not None:
            if options["birth_date"] is None:
                raise CommandError("--name needs --birth-date COLUMN")
            given, family = options["name"]
            return "name-dob", (given, family, options["birth_date"])
        if options["birth_date"] is not None or options["keep_birth_month"]:
            raise CommandError("--birth-date and --keep-birth-month go with --name only")
        if options["nhs_number"] is not None:
            return "nhs", options["nhs_number"]
        if options["upn"] is not None:
            return "upn", options["upn"]
        raise CommandError("say which identifier: --nhs-number, --upn, or --name with --birth-date")

    def _write(self, output: Path, fieldnames: list[str], rows: list[dict[str, str]]) -> None:
        """Write the rows to a temporary file beside the output, then move it into place."""
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename below
            "w",
            encoding="utf-8",
            newline="",
            dir=output.parent,
            prefix=f".{output.name}.",
            suffix=".tmp",
            delete=False,
        )
        try:
            with handle:
                writer = csv.DictWriter(handle, fieldnames=fieldnames)
                writer.writeheader()
                writer.writerows(rows)
            os.replace(handle.name, output)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
