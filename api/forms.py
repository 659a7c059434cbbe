from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from api.services import MAX_DAYS
from tthc_inspect.text import NFCFormMixin

DEFAULT_DAYS = 90


class TokenForm(NFCFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ"), max_length=80, help_text=_("Ví dụ: đồng bộ với hệ thống một cửa"))
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    days = forms.IntegerField(label=_("Hiệu lực (ngày)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS)
