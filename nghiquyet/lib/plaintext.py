"""The plain text of an uploaded document, for comparing it with drafts (R18).

Plain text and Word (.docx) files are read with the standard library; other formats (PDF, old .doc,
images) give an empty text: the comparison is then skipped, and the caller may say so. Read once, when
the file is uploaded (documents.uploads.store keeps it on the attachment): no page parses a file (#17.3).
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
READABLE = (".txt", ".docx")
# A document whose text expands beyond this is not read (a zip bomb, or a file that would cost every page
# comparing with it seconds: a 300-page text is a few MB of XML). Uploads refuse more than this already.
MAX_XML_BYTES = 10 * 1024 * 1024
# The text kept of one file: about 150 pages. Comparing a draft with more than this is not a check anyone
# reads; keeping it would make each comparison cost what the file weighs.
MAX_TEXT_CHARS = 500_000


def _txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1258", errors="replace")  # the Windows Vietnamese code page


def _docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo("word/document.xml").file_size > MAX_XML_BYTES:
                return ""
            xml = archive.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return ""
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab", f"{_W}br"):
                parts.append(" ")
        paragraphs.append("".join(parts))
    return "\n".join(p for p in paragraphs if p.strip())


def extract(data: bytes, extension: str) -> str:
    """The text of a file's content given its extension (".txt", ".docx"); "" when it cannot be read."""
    extension = extension.lower()
    if extension == ".txt":
        text = _txt(data)
    elif extension == ".docx":
        text = _docx(data)
    else:
        return ""
    return text[:MAX_TEXT_CHARS]
