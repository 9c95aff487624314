"""Files of record: each accepted return written once, as Parquet named by its content hash.

Writing goes to a temporary file in the same folder and is then renamed into place, so a
crash leaves either no file or the whole file; the same content always lands on the same
name, so writing it again changes nothing.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import polars as pl
from django.conf import settings
from django.http import HttpResponse

from safeguarding.core.exports import csv_response


def records_root() -> Path:
    return Path(settings.RECORDS_ROOT)


def record_write(frame: pl.DataFrame) -> tuple[str, str]:
    """Write `frame` as a file of record; return its path (relative to the records root)
    and the SHA-256 of its bytes."""
    root = records_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=root, suffix=".parquet.part")
    os.close(handle)
    try:
        # Statistics off and a fixed compression keep the bytes the same for the same data.
        frame.write_parquet(temporary, compression="zstd", statistics=False)
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
        relative = Path(digest[:2]) / f"{digest}.parquet"
        final = root / relative
        final.parent.mkdir(exist_ok=True, mode=0o700)
        if final.exists():
            os.unlink(temporary)
        else:
            os.replace(temporary, final)
            # Read-only, and only for the platform's own user.
            final.chmod(0o400)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return str(relative), digest


def record_read(relative: str) -> pl.DataFrame:
    """A file of record, checked against the hash in its name before it is trusted."""
    path = records_root() / relative
    expected = path.stem
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        raise ValueError(f"The file of record {relative} does not match its hash")
    return pl.read_parquet(path)


def record_csv_response(relative: str, *, filename: str) -> HttpResponse:
    """A file of record as a CSV download, every value as text (see `csv_response`)."""
    frame = record_read(relative)
    return csv_response(
        filename=filename,
        header=frame.columns,
        rows=frame.select(pl.all().cast(pl.String)).iter_rows(),
    )
