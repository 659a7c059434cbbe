"""Accounts of officials, run by the provincial office from the pages (no admin needed).

An account is Django's ``User`` linked one-to-one to an ``Official``. Its roles are the groups of
``units.roles``; which plans a team head or member sees still follows from the decisions' rosters.
The office never types a password: ``account_link_send`` mails a set-password link through Django's
own password-reset flow (``PasswordResetForm`` + ``PasswordResetConfirmView``).
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from tthc_inspect.history import records_user
from units.models import Official
from units.roles import GROUP_NAMES, Role

# Roles the office gives in the pages; a team role on a plan comes from the decision's roster.
ASSIGNABLE_ROLES = [Role.OFFICE, Role.LEADERSHIP, Role.LIAISON, Role.TEAM_HEAD, Role.TEAM_MEMBER]


class OneUserPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending the link to one given account (e-mail addresses need not be unique)."""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__({"email": user.email}, *args, **kwargs)
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active and self.user.has_usable_password() else []


def roles_set(user: User, roles) -> None:
    """Make the user's role groups exactly ``roles`` (other groups are left alone)."""
    wanted = {GROUP_NAMES[r] for r in roles}
    managed = set(GROUP_NAMES.values())
    groups = {g.name: g for g in Group.objects.filter(name__in=managed)}
    for name in wanted - set(groups):
        groups[name] = Group.objects.create(name=name)
    user.groups.remove(*[g for n, g in groups.items() if n not in wanted])
    user.groups.add(*[groups[n] for n in wanted])
    user.__dict__.pop("_tthc_roles", None)


def _split_name(full_name: str) -> tuple[str, str]:
    last, _sep, first = full_name.strip().rpartition(" ")
    return first or last, last if first else ""


@records_user
@transaction.atomic
def account_create(*, official: Official, username: str, email: str, roles, user) -> User:
    """Give an official an account with these roles; the password stays unknown until the link is used."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if official.user_id:
        raise ValidationError(_("Cán bộ này đã có tài khoản."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã được dùng.")})
    first, last = _split_name(official.full_name)
    account = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    account.set_password(get_random_string(40))  # usable, known to nobody: the reset link sets the real one
    account.save()
    roles_set(account, roles)
    official.user = account
    if email and not official.email:
        official.email = email
    official.save(update_fields=["user", "email"])
    return account


@records_user
@transaction.atomic
def account_update(*, account: User, email: str, roles, user) -> User:
    if account.pk == user.pk and Role.OFFICE not in roles:
        raise ValidationError(_("Bạn không thể tự bỏ vai trò Văn phòng của chính mình."))
    account.email = email
    account.save(update_fields=["email"])
    roles_set(account, roles)
    return account


@records_user
@transaction.atomic
def account_set_active(*, account: User, active: bool, user) -> User:
    """Disable (or enable again) an account; a disabled account cannot log in nor receive a link."""
    if account.pk == user.pk and not active:
        raise ValidationError(_("Bạn không thể tự khóa tài khoản của chính mình."))
    account.is_active = active
    account.save(update_fields=["is_active"])
    return account


def account_link_send(*, account: User, request) -> None:
    """Mail the account a set-password link (Django's password-reset token, valid PASSWORD_RESET_TIMEOUT)."""
    if not account.is_active:
        raise ValidationError(_("Tài khoản đang bị khóa; hãy mở khóa trước khi gửi liên kết."))
    if not account.email:
        raise ValidationError(_("Tài khoản chưa có thư điện tử để gửi liên kết đặt mật khẩu."))
    if not account.has_usable_password():
        account.set_password(get_random_string(40))
        account.save(update_fields=["password"])
    form = OneUserPasswordResetForm(user=account)
    form.is_valid()
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="units/mail/set_password_subject.txt",
        email_template_name="units/mail/set_password_email.txt",
        extra_email_context={"official": getattr(account, "official", None)},
    )
