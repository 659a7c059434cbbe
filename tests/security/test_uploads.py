"""Uploaded files: names never become paths, types are explicit, nginx can take over delivery."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from findings.models import Evidence
from findings.services import evidence_upload
from findings.tests.conftest import image_upload


def test_upload_names_never_become_paths(demo, settings):
    visit = demo.visit("Ngọc Hồi")
    upload = image_upload(name="../../../../etc/cron.d/x.jpg")
    evidence = evidence_upload(visit=visit, user=demo.users["member"], upload=upload, caption="Ảnh")
    for field in (evidence.original, evidence.print_image, evidence.thumbnail):
        assert ".." not in field.name and "cron" not in field.name
        assert field.path.startswith(str(settings.MEDIA_ROOT))
    assert evidence.original_name == "x.jpg"  # Django keeps only the base name; we keep it as data only
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_original_is_an_attachment_with_its_real_type(client, demo):
    visit = demo.visit("Ngọc Hồi")
    evidence = evidence_upload(
        visit=visit,
        user=demo.users["member"],
        upload=SimpleUploadedFile("a.html", image_upload("PNG").read(), "text/html"),
        caption="Ảnh",
    )
    client.force_login(demo.users["office"])
    response = client.get(reverse("findings:evidence_file", args=[evidence.pk, "goc"]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="minh-chung-{evidence.pk}.png"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(client, demo, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_protected/"
    evidence = Evidence.objects.filter(visit__plan=demo.plan).order_by("pk").first()
    client.force_login(demo.users["office"])
    response = client.get(reverse("findings:evidence_file", args=[evidence.pk, "in"]))
    assert response["X-Accel-Redirect"] == f"/_protected/{evidence.print_image.name}"
    assert response.content == b""
    client.force_login(demo.users["liaison"])  # the permission check still comes first
    other = Evidence.objects.exclude(visit__agency__name__contains="Ngọc Hồi").order_by("pk").first()
    assert client.get(reverse("findings:evidence_file", args=[other.pk, "in"])).status_code == 404
