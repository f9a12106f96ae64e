"""Template helpers shared by every app's pages."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils.translation import get_language

from nghiquyet.lib.dates import local_day, long_vn

register = template.Library()


@register.filter
def vndate(value):
    """A date as "ngày 19 tháng 8 năm 2016" in Vietnamese, d/m/Y otherwise."""
    if not isinstance(value, dt.date):
        return value or ""
    value = local_day(value)
    if (get_language() or "vi").startswith("vi"):
        return long_vn(value)
    return value.strftime("%d/%m/%Y")


@register.filter
def shortdate(value):
    """dd/mm/yyyy, the way Vietnamese forms write dates."""
    return local_day(value).strftime("%d/%m/%Y") if isinstance(value, dt.date) else (value or "")


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag
def max_post_bytes() -> int:
    """The most text a form may send at once (settings.DATA_UPLOAD_MAX_MEMORY_SIZE), for the page's guard."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
