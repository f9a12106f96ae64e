"""Document numbers ("Số 05-NQ/ĐU"): one series per document type per committee term, from 01 (R40, R41).

`allocate` must run inside the transaction that saves the numbered document: the counter row stays
locked until that transaction ends, so concurrent issuers queue, and a failed save rolls the number back
with it (no gap). On SQLite the whole database is locked at BEGIN (transaction_mode IMMEDIATE).

The rule itself is versioned like the adoption rule (meetings/charter.py): `NUMBERING_RULES` lists the
Party's guidance on the format of its documents, each with the date it took effect and its source, and a
numbered document is judged by the version in force on its date of issue (`numbering_rule_on`). The
version is not stored on the document: it is computed from `issued_on`, which never changes once a
document is issued, so the registry's keys and effective dates must never change either (a later
guidance is appended, never edited in). Sources: docs/rules.md, "Document numbers".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from nghiquyet.lib.versions import by_key, in_force_on

from .models import DocumentCounter, Organization, Term


@dataclass(frozen=True)
class NumberingRule:
    """One version of the rule numbering a committee's documents."""

    key: str  # never change a published key: pages and tests name versions by it
    name: str  # the guidance as the pages name it
    clause: str  # the clause on "số văn bản"
    effective_from: dt.date
    source_url: str
    verified: bool = True  # False: the clause's text was not found in the sources searched

    @property
    def citation(self) -> str:
        return f"{self.name}, {self.clause}"

    @property
    def unverified_note(self):
        return "" if self.verified else UNVERIFIED_NOTE


# Hướng dẫn 11-HD/VPTW, 28 May 2004, of the Central Office, on the format of Party documents (taken in
# force on the day it was signed). Its opening is published at
# https://www.phonha.com/2021/01/huong-dan-11-hdvptw-ve-thuc-van-ban-cua.html ; the text of its clause on
# the document number (part I, the mandatory components: number and symbol) was not found in the sources
# searched. Offices numbered each document type from 01 within a committee term under it as under HD 36,
# which restates the rule; the version is marked unverified until an office checks the text.
HD11_2004 = NumberingRule(
    key="hd11-2004",
    name="Hướng dẫn 11-HD/VPTW ngày 28/5/2004",
    clause="mục I, số và ký hiệu văn bản",
    effective_from=dt.date(2004, 5, 28),
    source_url="https://www.phonha.com/2021/01/huong-dan-11-hdvptw-ve-thuc-van-ban-cua.html",
    verified=False,
)

# Hướng dẫn 36-HD/VPTW, 3 April 2018, "thể thức và kỹ thuật trình bày văn bản của Đảng", part II, point
# 1.3.1 a): the documents of a party committee and of the bodies it sets up are numbered "liên tục từ số 01
# cho mỗi tên loại văn bản trong một nhiệm kỳ cấp uỷ"; the committee term runs from the day after one
# congress closes to the end of the day the next one closes. Quoted by thuvienphapluat.vn (below) and, in
# English, by lawnet.vn ("Guideline 36-HD/VPTW: format for symbols of document names", subsection 1,
# section II). Still applied in 2025 as far as could be found (../shared/DOMAIN.md).
HD36_2018 = NumberingRule(
    key="hd36-2018",
    name="Hướng dẫn 36-HD/VPTW ngày 03/4/2018",
    clause="mục II, điểm 1.3.1 a",
    effective_from=dt.date(2018, 4, 3),
    source_url="https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/40E5A-hd-cach-trinh-bay-so-va-ky-hieu-van-ban-trong-van-ban-cua-dang.html",
)

# Oldest first; `numbering_rule_on` takes the last one in force.
NUMBERING_RULES: list[NumberingRule] = [HD11_2004, HD36_2018]

UNVERIFIED_NOTE = _("the text of this clause is not verified yet")


def numbering_rule_on(day: dt.date | None) -> NumberingRule | None:
    """The version in force on `day` (a document's date of issue); None before the first registered or
    for a document not issued yet."""
    if day is None:
        return None
    return in_force_on(NUMBERING_RULES, day)


def numbering_rule(key: str) -> NumberingRule | None:
    """A version by its key (None for a key no longer known)."""
    return by_key(NUMBERING_RULES, key)


def term_label(day: dt.date) -> str:
    """The label of the congress term a committee appointed on `day` belongs to: "2025–2030" for any day of
    2025 to 2029 (congresses are held every five years, in years ending in 0 or 5). A committee founded in a
    congress year before its congress may officially carry the previous term's label: an office corrects
    the label on the term; the series is the term's, whatever its label."""
    start = day.year - day.year % 5
    return f"{start}–{start + 5}"


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
