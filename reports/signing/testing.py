"""A test certificate authority and signer (cryptography + pyHanko): for tests and the demo's signed report.

Nothing here is used to issue documents: the province signs with its own token software.
"""

import datetime
import io
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class SigningIdentity:
    certificate: object  # cryptography x509.Certificate
    key: object
    ca_certificate: object
    ca_key: object

    def ca_pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.ca_certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thử nghiệm TTHC"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, signing_key, *, ca: bool):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - ONE_DAY)
        .not_valid_after(now + 30 * ONE_DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
    )
    return builder.sign(signing_key, hashes.SHA256())


def make_identity(common_name: str = "Nguyễn Văn A", ca_name: str = "CA thử nghiệm") -> SigningIdentity:
    """A fresh CA and a signer certificate it issued (EC P-256), valid for a month."""
    from cryptography.hazmat.primitives.asymmetric import ec

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate(_name(ca_name), _name(ca_name), ca_key.public_key(), ca_key, ca=True)
    cert = _certificate(_name(common_name), ca_cert.subject, key.public_key(), ca_key, ca=False)
    return SigningIdentity(cert, key, ca_cert, ca_key)


def _signer(identity: SigningIdentity):
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn(cert):
        return x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    der_key = identity.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=asn(identity.certificate),
        signing_key=keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([asn(identity.ca_certificate)]),
    )


def sign_field(content: bytes, identity: SigningIdentity, field_name: str, *, writer_hook=None) -> bytes:
    """``content`` signed into ``field_name`` (an incremental update, as the token software does).

    ``writer_hook(writer)`` may change the document in the same update first (a test adding a page).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    if writer_hook is not None:
        writer_hook(writer)
    meta = signers.PdfSignatureMetadata(field_name=field_name)
    return signers.sign_pdf(writer, meta, signer=_signer(identity)).getvalue()
