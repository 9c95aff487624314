"""The refusal raised for a file that cannot be read as a return at all."""

EXPECTED = "expected a CSV file or an Excel .xlsx workbook with a header row and rows of data"


class ReturnRefused(ValueError):
    """An upload that is not a readable return; the message names the file and says why.

    Distinct from a rule's finding: a refused file was never read, so there are no
    rows to report on.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def size_text(size: int) -> str:
    """A byte count as people say it: 512 bytes, 3.2 KB, 200 MB."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f}".removesuffix(".0") + f" {unit}"
        value /= 1024
    return f"{value:.1f}".removesuffix(".0") + " GB"
