"""The user's API tokens page: create (the key is shown once, in the answer to the POST), list, revoke.

Kept in its own template include (``api/_tokens.html``) so the account's profile page can show it too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.forms import TokenForm
from api.models import ApiToken


def tokens_context(user, form=None, new_key=None) -> dict:
    return {
        "token_form": form or TokenForm(),
        "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"),
        "new_key": new_key,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form, key = None, None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, key = services.token_create(user=request.user, **form.cleaned_data)
            form = None
    return render(request, "api/tokens.html", tokens_context(request.user, form, key))


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)  # another's token: 404
    services.token_revoke(token=token, user=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("tokens:list")
