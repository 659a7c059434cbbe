"""Calling the API as a persona: a token of theirs in the Authorization header."""

from api.models import ApiToken
from api.services import token_create


def token_key(user, scope: str = ApiToken.Scope.WRITE, days: int = 30) -> str:
    return token_create(user=user, name="test", scope=scope, days=days)[1]


def auth(user, scope: str = ApiToken.Scope.WRITE) -> dict:
    """Client keyword arguments that authenticate as ``user`` (none for the anonymous persona)."""
    return {} if user is None else {"HTTP_AUTHORIZATION": f"Bearer {token_key(user, scope)}"}
