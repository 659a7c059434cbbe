"""Forms of the directory pages: agencies (with pickers for area and parent), officials, merger, dissolution."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tthc_inspect.forms import DateInput
from tthc_inspect.text import NFCFormMixin
from units.models import AdminArea, Agency, Level, Official
from units.pickers import agency_picker, area_picker


class AgencyForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "level", "area", "parent", "valid_from", "valid_to", "successors"]
        widgets = {
            "area": area_picker(),
            "parent": agency_picker(),
            "successors": agency_picker(multiple=True),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }
        help_texts = {
            "area": _("Tìm theo tên, không cần dấu; mỗi dòng ghi cấp, đơn vị cấp trên và thời gian hiệu lực."),
            "valid_to": _("Để trống khi cơ quan còn hoạt động."),
        }

    renamed_on = forms.DateField(
        label=_("Tên, loại, cấp trên mới áp dụng từ ngày"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống: từ hôm nay. Văn bản ghi ngày trước đó vẫn in tên cũ."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["renamed_on"]

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("Cơ quan không thể trực thuộc chính nó."))
        return cleaned


class OfficialForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Official
        fields = ["full_name", "position", "agency", "phone", "email", "is_focal_point"]
        widgets = {"agency": agency_picker()}


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Thôi hoạt động từ ngày"), widget=DateInput())
    successor = forms.ModelChoiceField(
        label=_("Cơ quan kế thừa"), queryset=Agency.objects.all(), required=False, widget=agency_picker()
    )


class MergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Các cơ quan sáp nhập"), queryset=Agency.objects.all(), widget=agency_picker(multiple=True)
    )
    target = forms.ModelChoiceField(label=_("Hợp nhất vào"), queryset=Agency.objects.all(), widget=agency_picker())
    on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    move_officials = forms.BooleanField(label=_("Chuyển cán bộ sang cơ quan hợp nhất"), required=False, initial=True)


class ProvinceForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=AdminArea.objects.filter(level=Level.PROVINCE, edition=AdminArea.Edition.REFORM_2025),
        widget=area_picker(extra={"level": Level.PROVINCE, "edition": AdminArea.Edition.REFORM_2025}),
    )
