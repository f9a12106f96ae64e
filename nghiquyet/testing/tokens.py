"""Test support for digital signatures (R42): a test CA and a signer certificate made with `cryptography`,
the signer's key and certificate put on a real PKCS#11 token — SoftHSM2 (Debian's `softhsm2`) in a
temporary directory — and the same key as a PKCS#12 file. Nothing leaves the machine.

A PKCS#11 module reads its configuration once per process, so one token serves a whole test session.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "nghiquyet-test"
KEY_LABEL = "signer"
PIN = "123456"
SO_PIN = "12345678"
PASSPHRASE = "mat-khau-thu"


@dataclass(frozen=True)
class TestPki:
    ca_pem: Path
    signer_p12: Path
    signer_cert: x509.Certificate
    ca_cert: x509.Certificate


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Đảng ủy Khối (thử nghiệm)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def make_pki(directory: Path, signer_name: str, now: dt.datetime) -> tuple[TestPki, rsa.RSAPrivateKey]:
    """A root CA and a signer certificate (non-repudiation, as signing certificates carry), valid around
    `now`; the CA as PEM, the signer as a PKCS#12 file protected by PASSPHRASE."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("CA thử nghiệm nghiquyet"))
        .issuer_name(_name("CA thử nghiệm nghiquyet"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(signer_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = directory / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    signer_p12 = directory / "signer.p12"
    signer_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            KEY_LABEL.encode(),
            key,
            cert,
            [ca_cert],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    return TestPki(ca_pem, signer_p12, cert, ca_cert), key


def make_token(directory: Path, pki: TestPki, key: rsa.RSAPrivateKey) -> None:
    """A SoftHSM2 token in `directory` holding the signer's key and certificate and the CA certificate.
    Sets SOFTHSM2_CONF for this process: call it before anything loads the module."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", SO_PIN, "--pin", PIN],
        check=True,
        capture_output=True,
        env=os.environ | {"SOFTHSM2_CONF": str(conf)},
    )
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN_LABEL)
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    with token.open(rw=True, user_pin=PIN) as session:
        attrs = decode_rsa_private_key(der_key)
        attrs.update(
            {
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
            }
        )
        session.create_object(attrs)
        for label, ident, cert in ((KEY_LABEL, b"\x01", pki.signer_cert), ("ca", b"\x02", pki.ca_cert)):
            cert_attrs = decode_x509_certificate(cert.public_bytes(serialization.Encoding.DER))
            cert_attrs.update({Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: ident})
            cert_attrs[Attribute.CLASS] = ObjectClass.CERTIFICATE
            session.create_object(cert_attrs)
