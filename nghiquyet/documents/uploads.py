"""Checking an upload before it is stored: size, extension and the file's actual content must agree."""

import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from nghiquyet.lib import plaintext
from nghiquyet.lib.archives import expanded_bytes

from .models import Attachment

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# What an office file (.docx, .xlsx, .pptx) may expand to: a long report with pictures is a few MB; the
# text of a 300-page document under 10 MB of XML. More is a zip bomb or a document no page should read.
MAX_EXPANDED_BYTES = 40 * 1024 * 1024

# extension -> (content type, check of the first bytes / structure)
_OOXML = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/"),
}
_MAGIC = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_EXTENSIONS = sorted([*_OOXML, *_MAGIC, ".txt"])
_IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
# A scanned page at 300 dpi is under 9 megapixels; a photograph under 50.
MAX_IMAGE_PIXELS = 60_000_000
MAX_PDF_PAGES = 2_000


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    data: bytes


def check_upload(uploaded, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedFile:
    """Read and check an uploaded file; raise ValidationError with a message naming the file otherwise."""
    name = (uploaded.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s”: this file type is not accepted. Accepted: %(types)s."),
            params={"name": name, "types": ", ".join(ALLOWED_EXTENSIONS)},
        )
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB."),
            params={"name": name, "limit": max_bytes // (1024 * 1024)},
        )
    data = uploaded.read()
    if not data:
        raise ValidationError(_("“%(name)s” is empty."), params={"name": name})
    if not _content_matches(extension, data):
        raise ValidationError(
            _("“%(name)s”: the content does not match its extension %(ext)s."),
            params={"name": name, "ext": extension},
        )
    if extension in _OOXML and (expanded_bytes(data) or 0) > MAX_EXPANDED_BYTES:
        raise ValidationError(
            _(
                "“%(name)s” expands to more than %(limit)s MB when opened: save it again without embedded files, or split it."
            ),
            params={"name": name, "limit": MAX_EXPANDED_BYTES // (1024 * 1024)},
        )
    content_type = (_OOXML.get(extension) or _MAGIC.get(extension) or ("text/plain; charset=utf-8",))[0]
    return CheckedFile(name=name, extension=extension, content_type=content_type, data=data)


def _is_pdf(data: bytes) -> bool:
    """A PDF is a PDF when it reads as one: its cross-reference table and at least one page (pypdf, a
    well-kept pure-Python reader), not only its first five bytes — an executable behind "%PDF-" is none
    (#17.5). An encrypted PDF still counts (its page tree is readable without the password). More pages
    than MAX_PDF_PAGES is not a document a meeting reads."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return 1 <= len(reader.pages) <= MAX_PDF_PAGES
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return False


def _is_image(data: bytes, fmt: str) -> bool:
    """An image is one when Pillow (the well-kept imaging library) reads its structure as that format and
    its size stays under MAX_IMAGE_PIXELS: a decompression bomb or a file merely starting with the right
    bytes is none (#17.5)."""
    try:
        with warnings.catch_warnings():
            # Pillow warns of a likely bomb before it refuses one: both are a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != fmt or image.width * image.height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()
        return True
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return False


def _content_matches(extension: str, data: bytes) -> bool:
    if extension in _MAGIC:
        if not any(data.startswith(m) for m in _MAGIC[extension][1]):
            return False
        if extension == ".pdf":
            return _is_pdf(data)
        if extension in _IMAGE_FORMATS:
            return _is_image(data, _IMAGE_FORMATS[extension])
        return True
    if extension in _OOXML:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        return "[Content_Types].xml" in names and any(n.startswith(_OOXML[extension][1]) for n in names)
    if extension == ".txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    return False


def store(checked: CheckedFile, user) -> Attachment:
    """Save a checked file under a generated name with its SHA-256 and its plain text (read here, once)."""
    attachment = Attachment(
        original_name=checked.name,
        extension=checked.extension,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        text=plaintext.extract(checked.data, checked.extension),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    attachment.file.save("upload" + checked.extension, ContentFile(checked.data), save=False)
    attachment.save()
    return attachment
