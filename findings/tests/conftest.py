import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import visit_rescheduled
from findings import services
from inspections.models import Visit


@pytest.fixture
def open_visit(demo) -> Visit:
    """UBND huyện Ngọc Hồi's visit, reset and started by the team member: recording is open."""
    visit = visit_rescheduled(demo.visit("Ngọc Hồi"))
    return services.visit_start(visit=visit, user=demo.users["member"])


def image_upload(fmt="JPEG", size=(800, 600), name=None, exif_time=None, mode="RGB") -> SimpleUploadedFile:
    image = Image.new(mode, size, (120, 80, 40) if mode == "RGB" else 0)
    buffer = io.BytesIO()
    kwargs = {}
    if exif_time:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[36867] = exif_time
        kwargs["exif"] = exif
    image.save(buffer, fmt, **kwargs)
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}[fmt]
    return SimpleUploadedFile(name or f"anh.{ext}", buffer.getvalue(), content_type=f"image/{ext}")


def pdf_upload(name="bien-ban.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def result_post(row, **values) -> dict:
    data = {"result": "pass", "progress": "done", "note": "", "revision": row.revision}
    data.update(values)
    return {f"r{row.pk}-{key}": value for key, value in data.items()}
