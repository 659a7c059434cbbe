"""Who is calling: a personal token (``Authorization: Bearer tthc_…``) or the site's session.

The session is for the site's own JavaScript and enforces CSRF on every unsafe method, as the
pages do. A token is looked up by its SHA-256; revoked, expired or inactive → 401.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.models import KEY_PREFIX, ApiToken, key_hash

KEYWORDS = (b"bearer", b"token")
LAST_USED_PRECISION = 60  # seconds: last_used_at is written at most once a minute per token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from exc
        now = timezone.now()
        token = None
        if key.startswith(KEY_PREFIX):
            token = ApiToken.objects.usable(now).select_related("user").filter(key_hash=key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."))
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class CsrfSessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (CSRF checked on unsafe methods), named here for the schema."""
