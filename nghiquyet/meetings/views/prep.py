"""Stub views: filled in by the slice that owns this module."""

from django.http import Http404


def meeting_detail(request, **kwargs):
    raise Http404


def prepare(request, **kwargs):
    raise Http404


def upload_document(request, **kwargs):
    raise Http404


def download_document(request, **kwargs):
    raise Http404


def send_notice(request, **kwargs):
    raise Http404


def add_opinion(request, **kwargs):
    raise Http404
