"""Creating and revoking personal API tokens; each one transaction, recorded in the token's history."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import KEY_PREFIX, ApiToken, key_hash
from tthc_inspect.history import records_user

MAX_DAYS = 366
KEY_SHOWN = 8  # characters after the prefix kept to tell tokens apart


class TokenError(ValueError):
    """A request the token rules refuse; the message says why."""


@records_user
@transaction.atomic
def token_create(*, user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its key, which is returned here once and never stored."""
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(_("Thời hạn từ 1 đến %(n)d ngày.") % {"n": MAX_DAYS})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        scope=scope,
        key_hash=key_hash(key),
        key_start=key[len(KEY_PREFIX) : len(KEY_PREFIX) + KEY_SHOWN],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, key


@records_user
@transaction.atomic
def token_revoke(*, token: ApiToken, user) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
