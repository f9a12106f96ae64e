"""Stub views: filled in by the slice that owns this module."""

from django.http import Http404


def meeting_list(request, **kwargs):
    raise Http404


def month_calendar(request, **kwargs):
    raise Http404


def regulation(request, **kwargs):
    raise Http404


def generate(request, **kwargs):
    raise Http404


def add_meeting(request, **kwargs):
    raise Http404


def programs(request, **kwargs):
    raise Http404


def program_detail(request, **kwargs):
    raise Http404


def my_meetings(request, **kwargs):
    raise Http404


def ical_feed(request, **kwargs):
    raise Http404
