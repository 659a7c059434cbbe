"""Helpers of the electronic-document tests: a finalised version, its offered file, an upload."""

import datetime

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import DocumentVersion, Kind


def finalize(demo, capture, *, kind=Kind.REPORT, visit=None) -> DocumentVersion:
    office = demo.users["office"]
    with capture(execute=True):
        job = services.document_request(plan=demo.plan, kind=kind, visit=visit, user=office)
    with capture(execute=True):
        job = services.document_finalize(
            document=job.version.document,
            user=office,
            issued_on=datetime.date(2020, 8, 26),
            signer_name="Nguyễn Văn A",
            signer_position="Trưởng đoàn",
        )
    return DocumentVersion.objects.get(pk=job.version_id)


def offered(version) -> bytes:
    return default_storage.open(version.file.name).read()


def upload(client, version, content: bytes, name="da-ky.pdf"):
    url = reverse("reports:signed_upload", args=[version.pk])
    response = client.post(url, {"signed": SimpleUploadedFile(name, content, "application/pdf")}, follow=True)
    assert response.status_code == 200
    return response.content.decode()
