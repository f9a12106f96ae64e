"""Document numbers ("Số 05-NQ/ĐU"): one series per document type per committee term, from 01.

`allocate` must run inside the transaction that saves the numbered document: the counter row stays
locked until that transaction ends, so concurrent issuers queue, and a failed save rolls the number back
with it (no gap). On SQLite the whole database is locked at BEGIN (transaction_mode IMMEDIATE).
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import DocumentCounter, Organization, Term


def allocate(org: Organization, term: Term, doc_type: str) -> int:
    """The next number of the series; call it inside the atomic block that stores the document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside the transaction that stores the numbered document")
    counter = (
        DocumentCounter.objects.select_for_update().filter(org=org, term=term, doc_type=doc_type).first()
    )
    if counter is None:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(org=org, term=term, doc_type=doc_type, last_number=0)
        except IntegrityError:
            pass  # another issuer created it first; the lock below waits for them
        counter = DocumentCounter.objects.select_for_update().get(org=org, term=term, doc_type=doc_type)
    DocumentCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    return counter.last_number + 1


def display(number: int, doc_type: str, issuer_code: str) -> str:
    """'05-NQ/ĐU': two digits at least, as the Party's format shows."""
    return f"{number:02d}-{doc_type}/{issuer_code}"
