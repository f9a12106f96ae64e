"""The Party's document conventions, in one place: who issues, on whose behalf the signer signs, the
signer's title and the place on the date line (Hướng dẫn 36-HD/VPTW of 03/4/2018 on the format of the
Party's documents, which ../shared/DOMAIN.md finds still in force).

documents sits below the domain and imports none of it: an organization is anything with a `name`, and
whether it is a cell (chi bộ) or the bloc; a committee member's position is given as its value
(orgs.models.Position). These texts are Vietnamese whatever the interface language: they are documents.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

# The place on the date line: the bloc is Hà Nội's (DOMAIN.md, document layout).
PLACE = "Hà Nội"

# The signer's title under "T/M ...", by position on the committee (orgs.models.Position values).
SIGNER_TITLES = {
    "secretary": "BÍ THƯ",
    "deputy_secretary": "PHÓ BÍ THƯ",
    "standing_member": "ỦY VIÊN BAN THƯỜNG VỤ",
    "member": "CẤP ỦY VIÊN",
}
DEFAULT_SIGNER_TITLE = SIGNER_TITLES["secretary"]


class PartyOrganization(Protocol):
    name: str

    @property
    def is_cell(self) -> bool: ...

    @property
    def is_bloc(self) -> bool: ...


def issuer_name(org: PartyOrganization) -> str:
    """The body that issues: a party committee's executive ("Đảng bộ X" → "Đảng ủy X"), or the cell."""
    name = org.name
    if not org.is_cell and name.lower().startswith("đảng bộ"):
        return "Đảng ủy" + name[len("Đảng bộ") :]
    return name


def collective_body(org: PartyOrganization) -> str:
    """The collective a document speaks for: the bloc's Standing Committee, a committee, or a cell."""
    if org.is_bloc:
        return "BAN THƯỜNG VỤ"
    return "CHI BỘ" if org.is_cell else "ĐẢNG ỦY"


def collective(org: PartyOrganization) -> str:
    """On whose behalf the signer signs ("T/M ĐẢNG ỦY")."""
    return f"T/M {collective_body(org)}"


def signer_title(position: str | None) -> str:
    """The title under the collective for a committee position ("" when none is known)."""
    return SIGNER_TITLES.get(position or "", "")


def upper_body() -> str:
    """The body above the highest organization held here, printed over its issuer ("Đảng bộ Thành phố
    Hà Nội" over "Đảng ủy Khối …": 36-HD/VPTW 2018 names the directly superior body above the issuer):
    setting DOCUMENTS_UPPER_BODY, empty when not set."""
    return getattr(settings, "DOCUMENTS_UPPER_BODY", "") or ""


def upper_recipient() -> str:
    """Who at the level above the highest organization receives its reports ("Ban Thường vụ Thành ủy Hà
    Nội"): setting DOCUMENTS_UPPER_RECIPIENT, empty when not set."""
    return getattr(settings, "DOCUMENTS_UPPER_RECIPIENT", "") or ""


def report_recipient(parent: PartyOrganization | None) -> str:
    """ "Nơi nhận" at the level above, to report to it: its Standing Committee ("Ban Thường vụ Đảng ủy
    Khối …"), or the setting's body above the highest organization ("" when none is set)."""
    name = upper_recipient() if parent is None else f"Ban Thường vụ {issuer_name(parent)}"
    return f"{name} (để báo cáo)" if name else ""


def header(org: PartyOrganization, superior: PartyOrganization | None) -> dict:
    """The issuer block of a document: the superior's name (the setting's upper body above the highest
    organization), the issuing body and its code."""
    return {
        "superior": superior.name if superior is not None else upper_body(),
        "issuer": issuer_name(org),
        "issuer_code": getattr(org, "issuer_code", ""),
    }
