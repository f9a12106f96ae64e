from django.contrib import admin

from .forms import TemplateOverrideForm
from .models import ArchivedDocument, DocumentSettings, TemplateOverride


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ["org_id", "place", "font_name", "body_size", "margin_top_mm", "margin_left_mm"]
    search_fields = ["org_id"]


@admin.register(TemplateOverride)
class TemplateOverrideAdmin(admin.ModelAdmin):
    """An organization's own Word template per document type; checked by filling it before it is kept."""

    form = TemplateOverrideForm
    list_display = ["org_id", "doc_type", "attachment", "uploaded_at"]
    list_filter = ["doc_type"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                self.user = request.user

        return WithUser


@admin.register(ArchivedDocument)
class ArchivedDocumentAdmin(admin.ModelAdmin):
    """Read only: the archive is append-only."""

    list_display = ["org_code", "seq", "doc_type", "number_display", "title", "issued_on", "confidentiality"]
    list_filter = ["doc_type", "confidentiality"]
    search_fields = ["org_code", "number_display", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
