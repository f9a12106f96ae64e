"""Template helpers of official documents: whether PDFs can be made here, and why not."""

from django import template

from ..rendering import pdf_available

register = template.Library()


@register.simple_tag
def pdf_status():
    """`{% pdf_status as pdf %}`: `pdf.available` and, when it is not, `pdf.reason`."""
    return pdf_available()
