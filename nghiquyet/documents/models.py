"""Uploaded files, stored under generated names with their checksum; the owning record decides who sees them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _stored_name(instance, filename: str) -> str:
    # Never the uploader's file name on disk: it may carry paths, odd characters or collide.
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    file = models.FileField(upload_to=_stored_name, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
