"""The pictures of docs/signing.md: a made-up resolution long enough for two pages, signed on a throwaway
SoftHSM2 token with a throwaway test CA (tokens.py), its first and last page rendered to PNG.

    python -m nghiquyet.testing.signed_sample [docs]

Needs `soffice`, `softhsm2-util` and `pdftoppm` (Debian: libreoffice-writer-nogui, softhsm2, poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as a script
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    django.setup()

from django.conf import settings
from django.utils import timezone

from nghiquyet.documents import signing
from nghiquyet.documents.rendering import Block, convert_to_pdf, render_docx
from nghiquyet.documents.sample import sample_resolution

from . import tokens

SIGNER = "Nguyễn Văn Bình"


def signed_sample(work: Path) -> bytes:
    document = sample_resolution()
    tasks = document.blocks.index(next(b for b in document.blocks if b.text.startswith("IV.")))
    extra = [
        Block(
            f"{n}. Nhiệm vụ {n}: chỉ đạo các chi bộ trực thuộc thực hiện; Văn phòng theo dõi, đôn đốc và báo "
            "cáo kết quả với Ban Thường vụ trong kỳ sinh hoạt tháng sau."
        )
        for n in range(2, 12)
    ]
    document.blocks[tasks:tasks] = extra
    pdf = convert_to_pdf(render_docx(document))
    now = timezone.now()
    pki, key = tokens.make_pki(work, SIGNER, now)
    tokens.make_token(work, pki, key)
    settings.SIGNING_PKCS11_MODULE = tokens.SOFTHSM_MODULE
    settings.SIGNING_PKCS11_TOKEN_LABEL = tokens.TOKEN_LABEL
    settings.SIGNING_PKCS11_KEY_LABEL = tokens.KEY_LABEL
    with signing.open_signer(tokens.PIN) as signer:
        return signing.sign_pdf(pdf, signer, signer_name=SIGNER, org_name="Đảng ủy Sở Tư pháp", when=now)


def main(target: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "signed.pdf"
        source.write_bytes(signed_sample(Path(work)))
        # Every page as page-1.png, page-2.png…: the first and the last are kept.
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", str(source), str(Path(work) / "page")], check=True, timeout=120
        )
        pages = sorted(Path(work).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for page, name in (
            (pages[0], "signed-resolution-first.png"),
            (pages[-1], "signed-resolution-last.png"),
        ):
            (target / name).write_bytes(page.read_bytes())
            written.append(target / name)
    return written


if __name__ == "__main__":
    print(*main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")), sep="\n")
