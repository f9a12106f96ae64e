"""Gives the apps below orgs what they need to know of the user, without importing orgs."""

from django.utils.functional import SimpleLazyObject

from .access import reader_for


class ReaderMiddleware:
    """`request.reader` (documents.access.Reader): the subtrees the user sees and their roles as a viewer
    of classified documents — computed on first use, from the user's cached scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reader = SimpleLazyObject(lambda: reader_for(request.user))
        return self.get_response(request)
