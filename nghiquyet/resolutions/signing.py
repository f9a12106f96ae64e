"""Who signs an issued resolution digitally (R42): the committee member who signed it at issuance, for the
committee ("T/M ĐẢNG ỦY"). documents asks through `register_signer`, since it imports none of us."""

from __future__ import annotations

from nghiquyet.documents.signing import NamedSigner

from .models import Resolution


def resolution_signer(resolution_id: int) -> NamedSigner | None:
    row = (
        Resolution.objects.filter(pk=resolution_id, signed_by__isnull=False)
        .values_list("signed_by_id", "signed_by__full_name", "org__name")
        .first()
    )
    return NamedSigner(*row) if row else None
