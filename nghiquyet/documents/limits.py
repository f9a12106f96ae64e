"""How long an official document may be (#17.3): rendering is paid for by the page (python-docx, then
LibreOffice for the PDF), so a document beyond this is refused with a message instead of costing a minute
of a server's time. About 3,000 characters fill an A4 page in 14 pt Times New Roman with the Party's
margins: 600,000 characters are some 200 pages, far beyond any resolution, report or minutes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .rendering import OfficialDocument

MAX_DOCUMENT_CHARS = 600_000
CHARS_PER_PAGE = 3_000


def document_chars(document: OfficialDocument) -> int:
    """The characters of a document's body: its paragraphs and the cells of its table."""
    paragraphs = sum(len(b.text) for b in (*document.blocks, *document.after_blocks))
    cells = sum(len(str(value)) for row in document.rows for value in row.values())
    return paragraphs + cells + len(document.subject)


def too_long(document: OfficialDocument) -> str:
    """A message when the document is beyond the limit, else ""."""
    return too_long_text(document_chars(document))


def too_long_text(chars: int) -> str:
    """A message when a document of `chars` characters is beyond the limit, else ""."""
    if chars <= MAX_DOCUMENT_CHARS:
        return ""
    return _(
        "The document is too long to be made: about {pages} pages, when the limit is {limit}. Shorten its text."
    ).format(pages=chars // CHARS_PER_PAGE, limit=MAX_DOCUMENT_CHARS // CHARS_PER_PAGE)
