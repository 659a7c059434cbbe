from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notices import services
from notices.models import Kind, Notification

NOTIFICATIONS_SHOWN = 100  # the latest; older ones stay in the database


@login_required
def notification_list(request):
    notices = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")[:NOTIFICATIONS_SHOWN]
    return render(request, "notices/list.html", {"notices": notices})


@login_required
@require_POST
def notification_read_all(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notices:list")


@login_required
def preferences(request):
    if request.method == "POST":
        services.preferences_save(user=request.user, email_kinds=set(request.POST.getlist("email")))
        messages.success(request, _("Đã lưu lựa chọn nhận e-mail."))
        return redirect("notices:preferences")
    chosen = services.preferences_of(request.user)
    rows = [(kind, kind.label, chosen[kind]) for kind in Kind]
    return render(request, "notices/preferences.html", {"rows": rows})
