"""Stub views: filled in by the slice that owns this module."""

from django.http import Http404


def record(request, **kwargs):
    raise Http404


def attendance(request, **kwargs):
    raise Http404


def section(request, **kwargs):
    raise Http404


def opinion(request, **kwargs):
    raise Http404


def vote(request, **kwargs):
    raise Http404


def minutes(request, **kwargs):
    raise Http404


def sign(request, **kwargs):
    raise Http404
