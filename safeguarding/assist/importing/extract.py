"""Turn an uploaded partnership document (plain text, Word .docx or PDF) into its text.

The text keeps what the document's own structure says: headings (Word styles, larger or
bold type in a PDF) carry `lines.HEADING_MARK` when their shape alone would not make them
headings, and tables come as one line a row.

The kind of file is decided from its first bytes, never from its name alone, because a
renamed file must not reach a parser that was not written for it. Every refusal is an
`ImportRefused` whose message names the file and says what is expected, ready to show
to the person who uploaded it.
"""

import io
import re
import zipfile
from collections.abc import Sequence

import docx
import pypdf

from safeguarding.assist.importing.pdf import read_page, reflow
from safeguarding.assist.importing.pdf_furniture import without_furniture
from safeguarding.assist.importing.pdf_tables import with_tables
from safeguarding.assist.importing.word import word_lines

ACCEPTED = "a plain text file (.txt), a Word document (.docx) or a PDF"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A .docx of text is mostly compressed XML; far more than this once unpacked is a trap.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
# Deflate tops out near 1,030:1; real Word XML stays well under 100:1.
MAX_COMPRESSION_RATIO = 250
RATIO_CHECKED_FROM_BYTES = 2 * 1024 * 1024
MAX_PDF_PAGES = 1_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# What a file that is not one of ours looks like, so the refusal can say so.
KNOWN_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"),
    (b"II*\x00", "an image (TIFF)"),
    (b"MM\x00*", "an image (TIFF)"),
    (b"{\\rtf", "a Rich Text Format file (.rtf)"),
    (b"%!PS", "a PostScript file"),
    (b"\x1f\x8b", "a compressed archive (.gz)"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed archive (.7z)"),
    (b"Rar!", "a compressed archive (.rar)"),
)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class ImportRefused(ValueError):
    """A document the platform will not import, with a message for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def document_text(*, name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of an uploaded document, one paragraph or list item per line.

    Plain text keeps its lines (without control characters). A Word document gives one
    line per paragraph, as `word.py` says: list items start with "\u2022 " or their
    number, headings its styles mark start with `lines.HEADING_MARK` where their shape
    would not say so, and tables give a line per row (`tables.py`). A PDF gives its pages'
    text with wrapped lines joined back into paragraphs and a blank line between
    paragraphs, as `pdf.py` says, without running headers, footers or page numbers
    (`pdf_furniture.py`), with headings in larger or bold type marked as in Word and ruled
    tables read as in Word (`pdf_tables.py`).

    Raises `ImportRefused` for an empty, oversized, unsupported, damaged, password
    protected or textless file, or a Word file that would unpack to an unsafe size.
    """
    shown = _shown_name(name)
    if not data:
        raise ImportRefused(f"The selected file {shown} is empty. Upload {ACCEPTED}.")
    if len(data) > max_bytes:
        raise ImportRefused(
            f"The selected file {shown} must be smaller than {_size(max_bytes)}. "
            f"It is {_size(len(data))}."
        )
    if data.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-"):
        text = _pdf_text(shown, data)
    elif data.startswith(ZIP_MAGICS):
        text = _docx_text(shown, data)
    elif data.startswith(OLE2_MAGIC):
        raise _refuse_ole2(shown, data)
    else:
        return _plain_text(shown, data)
    if not text.strip():
        raise ImportRefused(
            f"The selected file {shown} has no text that can be read. It may be a scanned "
            "document or contain only pictures. Upload a version with text in it, such as "
            "the original Word document (.docx)."
        )
    return text


def _shown_name(name: str) -> str:
    # Browsers may send a full path, and a name is shown back to the person: keep it short.
    base = re.split(r"[\\/]", name)[-1]
    base = CONTROL.sub("", base).strip() or "document"
    if len(base) > 80:
        base = base[:77] + "..."
    return f"“{base}”"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    if count >= 1024:
        return f"{count / 1024:.3g} KB"
    return f"{count} bytes"


def _unsupported(shown: str, what: str, advice: str = "") -> ImportRefused:
    message = f"The selected file {shown} must be {ACCEPTED}. It looks like {what}."
    return ImportRefused(f"{message} {advice}".strip())


def _damaged(shown: str, kind: str, advice: str) -> ImportRefused:
    return ImportRefused(
        f"The selected file {shown} could not be read as {kind}: it may be damaged. {advice}"
    )


def _password(shown: str) -> ImportRefused:
    return ImportRefused(
        f"The selected file {shown} is password protected. Remove the password, save the "
        f"file and upload it again. The file must be {ACCEPTED} without a password."
    )


def _refuse_ole2(shown: str, data: bytes) -> ImportRefused:
    """An OLE2 compound file: either a password-protected Office file or an old binary one."""
    # Directory entry names are UTF-16; an encrypted .docx keeps its body in this stream.
    if "EncryptedPackage".encode("utf-16-le") in data:
        return _password(shown)
    if "WordDocument".encode("utf-16-le") in data:
        what = "a Word 97-2003 document (.doc)"
    elif "Workbook".encode("utf-16-le") in data:
        what = "an Excel 97-2003 spreadsheet (.xls)"
    else:
        what = "an older Microsoft Office file"
    return _unsupported(shown, what, "Open it in Word, save it as a .docx and upload it again.")


def _plain_text(shown: str, data: bytes) -> str:
    for magic, what in KNOWN_OTHER_KINDS:
        if data.startswith(magic):
            raise _unsupported(shown, what)
    text = _decode(data)
    # Binary files are full of control characters; text has at most a stray one or two.
    if text is None or len(CONTROL.findall(text)) > len(text) // 1000:
        raise _unsupported(shown, "a file that is not text")
    text = CONTROL.sub("", text).replace("\x0b", "\n").replace("\x0c", "\n")
    if re.match(r"\s*<(?:!doctype html|html)\b", text[:1000], re.IGNORECASE):
        raise _unsupported(
            shown, "a web page", "Save the page as a PDF, or copy its text into a .txt file."
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportRefused(f"The selected file {shown} has no text in it. Upload {ACCEPTED}.")
    return text


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without a byte order mark), UTF-16 with one, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# --- Word -------------------------------------------------------------------------------


def _docx_text(shown: str, data: bytes) -> str:
    advice = "Open it in Word, save it again as a .docx and upload it again."
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _damaged(shown, "a Word document (.docx)", advice) from error
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise _unsupported(shown, _other_zip_kind(names))
    _refuse_bombs(shown, entries)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = word_lines(document)
    except Exception as error:
        # python-docx and lxml raise many kinds of error on a damaged package.
        raise _damaged(shown, "a Word document (.docx)", advice) from error
    return "\n".join(lines)


def _other_zip_kind(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "an Excel spreadsheet (.xlsx)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation (.pptx)"
    if "content.xml" in names:
        return "an OpenDocument file (.odt or .ods)"
    return "a zip file that is not a Word document"


def _refuse_bombs(shown: str, entries: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse, from the zip directory alone, a package that would unpack to an unsafe size.

    zipfile stops each entry at its declared size (and fails the CRC if it lies), so
    checking declared sizes before anything is read bounds what reading can cost.
    """
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            f"The selected file {shown} cannot be opened safely: its contents would unpack "
            f"to {_size(unpacked)}, in {len(entries)} parts. A Word document (.docx) must "
            f"unpack to less than {_size(MAX_UNPACKED_BYTES)}. Remove large pictures or "
            "embedded files, or save it as a PDF, and upload it again."
        )
    if any(
        entry.file_size > RATIO_CHECKED_FROM_BYTES
        and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        for entry in entries
    ):
        raise ImportRefused(
            f"The selected file {shown} cannot be opened safely: part of it is squeezed "
            f"more than {MAX_COMPRESSION_RATIO} times smaller than it unpacks to, which a "
            "Word document (.docx) never is. Open it in Word, save it again as a .docx and "
            "upload it again."
        )


# --- PDF --------------------------------------------------------------------------------


def _pdf_text(shown: str, data: bytes) -> str:
    advice = "Save or export the PDF again and upload it again."
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise _password(shown)
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ImportRefused(
                f"The selected file {shown} has {len(pages)} pages. A PDF must have no more "
                f"than {MAX_PDF_PAGES} pages: upload the section you need."
            )
        read = without_furniture([read_page(page) for page in pages])
        return reflow([with_tables(page) for page in read])
    except ImportRefused:
        raise
    except Exception as error:
        # pypdf raises many kinds of error on a damaged file, not only PdfReadError.
        raise _damaged(shown, "a PDF", advice) from error


def _opens_without_password(reader: pypdf.PdfReader) -> bool:
    """A PDF with only an owner password (no printing, say) opens for anyone: read it."""
    try:
        return reader.decrypt("") != pypdf.PasswordType.NOT_DECRYPTED
    except Exception:
        # AES needs a cryptography library the platform does not ship: treat as locked.
        return False
