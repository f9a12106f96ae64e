"""Test support: small files that are what their extension says (uploads check the content, #17.5)."""

import io

from pypdf import PdfWriter


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # one A4 page
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()
