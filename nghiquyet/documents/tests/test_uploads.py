"""Upload checks and storage of the files given with a meeting (R07, R21): type, size and content agree."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from nghiquyet.documents.models import Attachment
from nghiquyet.documents.serving import attachment_response
from nghiquyet.documents.uploads import MAX_UPLOAD_BYTES, check_upload, store
from nghiquyet.testing.files import PDF


@pytest.fixture(autouse=True)
def tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English, whatever the default interface language."""
    with translation.override("en"):
        yield


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _message(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_r07_pdf_is_accepted():
    checked = check_upload(SimpleUploadedFile("du-thao.pdf", PDF))
    assert (checked.name, checked.extension, checked.content_type, checked.data) == (
        "du-thao.pdf",
        ".pdf",
        "application/pdf",
        PDF,
    )


def test_r07_extension_is_matched_case_insensitively_and_paths_are_dropped():
    checked = check_upload(SimpleUploadedFile("C:\\Tai lieu\\BAO-CAO.PDF", PDF))
    assert (checked.name, checked.extension) == ("BAO-CAO.PDF", ".pdf")


def test_r07_exe_renamed_pdf_is_refused_naming_the_file():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("nghi-quyet.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"))
    assert "nghi-quyet.pdf" in _message(error) and "does not match" in _message(error)


def test_r07_executable_extension_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("setup.exe", b"MZ\x90\x00"))
    assert "setup.exe" in _message(error) and "not accepted" in _message(error)


def test_r07_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048), max_bytes=1024)
    assert "lon.pdf" in _message(error)
    assert check_upload(SimpleUploadedFile("vua.pdf", PDF), max_bytes=len(PDF)).data == PDF


class _Huge:
    """An upload that says it is 20 MB and one byte; reading it would be a bug."""

    name = "qua-lon.pdf"
    size = MAX_UPLOAD_BYTES + 1

    def read(self):
        raise AssertionError("the size is checked before the content is read")


def test_r07_default_limit_is_20_mb_checked_before_reading():
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        check_upload(_Huge())
    assert "qua-lon.pdf" in _message(error) and "20 MB" in _message(error)


def test_r07_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert "rong.pdf" in _message(error)


def test_r07_word_file_must_be_a_word_package():
    docx = _zip("[Content_Types].xml", "word/document.xml")
    assert check_upload(SimpleUploadedFile("du-thao.docx", docx)).content_type.endswith("document")
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("du-thao.docx", _zip("[Content_Types].xml", "xl/workbook.xml")))
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("du-thao.docx", b"PK\x03\x04 not really a zip"))


def test_r07_text_must_be_utf8_without_nul_bytes():
    assert check_upload(SimpleUploadedFile("ghi-chu.txt", "Ghi chú".encode())).data == "Ghi chú".encode()
    for data in (b"\xff\xfe\x00b", b"abc\x00def"):
        with pytest.raises(ValidationError):
            check_upload(SimpleUploadedFile("ghi-chu.txt", data))


@pytest.mark.django_db
def test_r21_stored_under_a_generated_name_with_its_sha256(settings):
    attachment = store(check_upload(SimpleUploadedFile("Dự thảo NQ tháng 12.pdf", PDF)), None)
    attachment.refresh_from_db()
    assert attachment.original_name == "Dự thảo NQ tháng 12.pdf"
    assert attachment.file.name.startswith("attachments/") and attachment.file.name.endswith(".pdf")
    assert "NQ" not in attachment.file.name and "upload" not in attachment.file.name
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF) and attachment.uploaded_by is None
    assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == PDF
    # Two uploads of one name never share a file.
    again = store(check_upload(SimpleUploadedFile("Dự thảo NQ tháng 12.pdf", PDF)), None)
    assert again.file.name != attachment.file.name
    assert Attachment.objects.count() == 2


@pytest.mark.django_db
def test_r07_served_as_a_download_under_its_original_name():
    attachment = store(check_upload(SimpleUploadedFile("Dự thảo.pdf", PDF)), None)
    response = attachment_response(attachment)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.file_to_stream.close()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nMZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff"
        + b"\x00" * 64,  # an executable behind the header
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",  # no page
        PDF[: len(PDF) // 2],  # cut short
    ],
)
def test_r07_a_pdf_header_on_something_else_is_refused(data):
    """#17.5: the check read the magic bytes only; a PDF must read as one, with a page."""
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("chi-thi.pdf", data))
    assert "chi-thi.pdf" in _message(error) and "does not match" in _message(error)


def test_r07_a_word_file_expanding_to_a_huge_document_is_refused():
    """#17.3: a 0.14 MB DOCX holding 45 MB of XML made every view of the draft it was attached to take
    8 s; it is refused when uploaded (the archive's directory gives its expanded size)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", b"<w:document>" + b"<w:p/>" * (8 * 1024 * 1024) + b"</w:document>"
        )
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("chi-thi.docx", data))
    assert "chi-thi.docx" in _message(error) and "expands to more than 40 MB" in _message(error)


def _image(fmt: str, size=(40, 30), mode="RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, 1).save(buffer, fmt)
    return buffer.getvalue()


def test_17_5_an_image_is_checked_by_pillow_not_by_its_first_bytes():
    """A real PNG and JPEG are accepted; the PNG signature before garbage, a JPEG named .png, and a
    decompression bomb (a small file declaring 100 megapixels) are refused, naming the file."""
    assert check_upload(SimpleUploadedFile("anh.png", _image("PNG"))).content_type == "image/png"
    assert check_upload(SimpleUploadedFile("anh.jpg", _image("JPEG"))).content_type == "image/jpeg"
    bomb = _image("PNG", size=(10_000, 10_000), mode="1")
    assert len(bomb) < 200_000
    for name, data in (
        ("gia.png", b"\x89PNG\r\n\x1a\n" + b"MZ\x90\x00 not an image" * 20),
        ("doi-ten.png", _image("JPEG")),
        ("bom.png", bomb),
    ):
        with pytest.raises(ValidationError) as refused:
            check_upload(SimpleUploadedFile(name, data))
        assert name in _message(refused) and "does not match" in _message(refused)
