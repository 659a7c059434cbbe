"""Account pages: the office gives officials accounts and roles; everyone sees their profile.

Only the office reaches the account pages (others: 403); an account is looked up among all
users, which only the office manages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units import accounts
from units.account_forms import AccountForm, account_roles
from units.models import Official
from units.roles import Role, is_office

ACCOUNTS_PER_PAGE = 50


def office_only(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def account_for_office(request, pk: int) -> User:
    office_only(request)
    return get_object_or_404(User.objects.select_related("official", "official__agency"), pk=pk)


def show_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def account_list(request):
    office_only(request)
    users = User.objects.select_related("official", "official__agency").prefetch_related("groups").order_by("username")
    text = request.GET.get("q", "").strip()
    if text:
        users = users.filter(
            Q(username__icontains=text) | Q(email__icontains=text) | Q(official__full_name__icontains=text)
        )
    page = Paginator(users, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "units/account_list.html", {"page": page, "q": text})


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request, official_pk: int):
    office_only(request)
    official = get_object_or_404(Official.objects.select_related("agency", "user"), pk=official_pk)
    if official.user_id:
        return redirect("units:account_edit", pk=official.user_id)
    suggested = (official.email.split("@")[0] if official.email else "").lower()
    form = AccountForm(request.POST or None, initial={"email": official.email, "username": suggested})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = accounts.account_create(
                official=official,
                username=data["username"],
                email=data["email"],
                roles=data["roles"],
                user=request.user,
            )
            if data["send_link"]:
                accounts.account_link_send(account=account, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": account.username})
            if data["send_link"]:
                messages.info(request, _("Đã gửi liên kết đặt mật khẩu tới %(e)s.") % {"e": account.email})
            return redirect("units:account_edit", pk=account.pk)
    return render(request, "units/account_form.html", {"form": form, "official": official})


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request, pk: int):
    account = account_for_office(request, pk)
    form = AccountForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.account_update(
                account=account, email=form.cleaned_data["email"], roles=form.cleaned_data["roles"], user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu tài khoản."))
            return redirect("units:account_edit", pk=account.pk)
    official = getattr(account, "official", None)
    context = {"form": form, "account": account, "official": official, "team_roles": team_roles(official)}
    return render(request, "units/account_form.html", context)


@login_required
@require_POST
def account_active(request, pk: int):
    account = account_for_office(request, pk)
    active = request.POST.get("active") == "1"
    try:
        accounts.account_set_active(account=account, active=active, user=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("Đã mở khóa tài khoản.") if active else _("Đã khóa tài khoản."))
    return redirect("units:account_edit", pk=account.pk)


@login_required
@require_POST
def account_link(request, pk: int):
    account = account_for_office(request, pk)
    try:
        accounts.account_link_send(account=account, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("Đã gửi liên kết đặt mật khẩu tới %(e)s.") % {"e": account.email})
    return redirect("units:account_edit", pk=account.pk)


def team_roles(official):
    """The official's places on inspection teams, newest plan first (through the roster's reverse relation)."""
    if official is None:
        return []
    return official.team_roles.select_related("decision", "decision__plan").order_by("-decision__plan__issued_on")


@login_required
def profile(request):
    user = request.user
    official = Official.objects.select_related("agency").filter(user=user).first()
    context = {
        "official": official,
        "roles": [Role(value).label for value in account_roles(user)],
        "team_roles": team_roles(official),
    }
    return render(request, "units/profile.html", context)
