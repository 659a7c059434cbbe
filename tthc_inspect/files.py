"""The one way a stored file leaves the server: after the view's permission check.

Files live under MEDIA_ROOT, which no URL serves. By default Django streams them; behind
nginx, set PRIVATE_MEDIA_ACCEL_PREFIX (e.g. "/_protected/") and nginx sends the file from
an ``internal`` location after Django has answered the permission question with an
X-Accel-Redirect header (docs/security.md). Either way the response carries an explicit
type, Content-Disposition with a name we made (never the uploaded one), and nosniff.

Every download of the project (files, exports) names itself through ``download_headers``, which
builds Content-Disposition with Django's ``content_disposition_header`` (RFC 6266: an ASCII name
quoted with ``"`` and ``\\`` escaped, any other as ``filename*=utf-8''…``): a name made from a
checklist code such as ``inj"; filename=evil.html`` or one holding CR/LF stays one parameter and
never breaks the header (it gave a forged second filename, or a 500).
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download_headers(response, filename: str, *, inline: bool = False):
    """Content-Disposition (attachment unless ``inline``) and nosniff on ``response``; returns it."""
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file_response(field, *, content_type: str, filename: str, inline: bool = False, cache: str = "no-store"):
    if not field:
        raise Http404
    prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field.name)
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
    download_headers(response, filename, inline=inline)
    response["Cache-Control"] = f"private, {cache}"
    return response
