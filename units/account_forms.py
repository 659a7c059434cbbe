"""Forms of the account pages (office) and the profile."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from tthc_inspect.text import NFCFormMixin
from units.accounts import ASSIGNABLE_ROLES
from units.roles import GROUP_NAMES, Role

ROLE_HELP = {
    Role.OFFICE: _("lập và theo dõi kế hoạch, danh bạ, tài khoản"),
    Role.LEADERSHIP: _("xem mọi số liệu, không sửa"),
    Role.LIAISON: _("đầu mối của cơ quan của cán bộ: chỉ thấy cơ quan mình"),
    Role.TEAM_HEAD: _("thấy các kế hoạch mình làm Trưởng đoàn (theo quyết định)"),
    Role.TEAM_MEMBER: _("thấy các kế hoạch mình là thành viên đoàn (theo quyết định)"),
}


def role_choices():
    return [(r.value, f"{r.label} — {ROLE_HELP[r]}") for r in ASSIGNABLE_ROLES]


class AccountForm(NFCFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        help_text=_("Chữ không dấu, số và . @ + - _ ; ví dụ: nguyenvana"),
    )
    email = forms.EmailField(label=_("Thư điện tử"), help_text=_("Liên kết đặt mật khẩu được gửi tới địa chỉ này."))
    roles = forms.MultipleChoiceField(
        label=_("Vai trò"), choices=role_choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    send_link = forms.BooleanField(label=_("Gửi ngay liên kết đặt mật khẩu"), required=False, initial=True)

    def __init__(self, *args, account: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if account is not None:
            self.fields["username"].disabled = True
            self.fields["username"].required = False
            del self.fields["send_link"]
            self.initial.setdefault("email", account.email)
            self.initial.setdefault("username", account.username)
            self.initial.setdefault("roles", account_roles(account))


def account_roles(account: User) -> list[str]:
    """The role groups the account is in (a superuser's implied office role is not a group)."""
    names = set(account.groups.values_list("name", flat=True))
    return [r.value for r in ASSIGNABLE_ROLES if GROUP_NAMES[r] in names]
