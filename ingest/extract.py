"""Turn an uploaded summary (PDF or text) into text with LF line breaks, or refuse it saying why."""

import io

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# Control characters that never occur in a summary's text (tab, LF, CR and form feed do).
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}


class Refused(Exception):
    """A file that cannot be read as a summary; the message says why."""


def normalise(text):
    """LF line breaks; page breaks and non-breaking spaces as the text's own whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u00a0", " ")
    return text.removeprefix("\ufeff")


def pdf_text(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused(_("The PDF is encrypted: save a copy without a password and upload that."))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise Refused(_("The PDF cannot be read (%(error)s).") % {"error": error}) from error
    text = "\n".join(page.rstrip("\n") for page in pages)
    if not text.strip():
        raise Refused(_("The PDF holds no text (a scanned document needs text recognition first)."))
    return text


def plain_text(data):
    """UTF-8 when the bytes are UTF-8, else Windows-1252; binary data is refused."""
    if b"\x00" in data:
        raise Refused(_("The file is neither text nor PDF: it holds binary data."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise Refused(_("The file is neither UTF-8 nor Windows-1252 text.")) from error
    controls = sum(1 for char in text if char in _CONTROL)
    if controls > max(2, len(text) // 1000):
        raise Refused(_("The file is neither text nor PDF: it holds binary data."))
    return text


def extract_text(data):
    """The document's text with LF line breaks; Refused for an empty, binary, encrypted or unreadable file."""
    if not data or not data.strip():
        raise Refused(_("The file is empty."))
    text = pdf_text(data) if data.lstrip()[:5] == b"%PDF-" else plain_text(data)
    text = normalise(text)
    if not text.strip():
        raise Refused(_("The file is empty."))
    return text
