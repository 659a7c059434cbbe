"""What a token's scope allows: a read token only reads (403 on any write)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from api.models import ApiToken


class TokenScope(permissions.BasePermission):
    message = _("Mã truy cập này chỉ được đọc dữ liệu.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS or not isinstance(request.auth, ApiToken):
            return True
        return request.auth.can_write
