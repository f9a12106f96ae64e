"""Serving a stored attachment once the caller has checked access to the record that owns it."""

from urllib.parse import quote

from django.http import FileResponse

from .models import Attachment


def attachment_response(attachment: Attachment, inline: bool = False) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(attachment.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
