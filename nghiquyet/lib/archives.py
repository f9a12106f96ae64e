"""Office files (.docx, .xlsx) are zip archives: what they expand to is known from the archive's directory
before anything is read, so a small upload that would expand to hundreds of megabytes (a zip bomb, or one
gigantic cell) is refused at once (#17.3) instead of costing every page that reads it."""

from __future__ import annotations

import io
import zipfile


def expanded_bytes(data: bytes) -> int | None:
    """The total uncompressed size of the archive's members, or None when `data` is not a zip archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return None
