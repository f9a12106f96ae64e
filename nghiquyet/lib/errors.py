"""Errors shared by every app."""


class ImmutableError(Exception):
    """This record can no longer change: an issued resolution or report, minutes once signing began (and
    what they lock), an archived document. A correction is a new record that references the old one."""
