"""Reading upper-level documents as text for the comparison (R18)."""

import io
import zipfile

from nghiquyet.lib import plaintext

from .test_adapters import docx_bytes


def test_r18_text_and_word_files_are_read():
    assert plaintext.extract("Kế hoạch số 125".encode(), ".txt") == "Kế hoạch số 125"
    assert plaintext.extract("\ufeffKế hoạch".encode(), ".TXT") == "Kế hoạch"
    assert plaintext.extract(docx_bytes("Dòng một\nDòng hai"), ".docx") == "Dòng một\nDòng hai"


def test_r18_unreadable_files_give_no_text():
    assert plaintext.extract(b"%PDF-1.4", ".pdf") == ""
    assert plaintext.extract(b"not a zip", ".docx") == ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert plaintext.extract(buffer.getvalue(), ".docx") == ""


def test_r18_oversized_word_xml_is_refused(monkeypatch):
    monkeypatch.setattr(plaintext, "MAX_XML_BYTES", 10)
    assert plaintext.extract(docx_bytes("Một đoạn dài hơn mười byte"), ".docx") == ""
