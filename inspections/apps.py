from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tthc_inspect.audit import audit_register

# Slug of /nhat-ky/<slug>/<id>/ → model of this app whose history the office may read.
AUDITED = {"ke-hoach": "Plan", "quyet-dinh": "Decision", "thanh-vien-doan": "TeamMember", "kiem-tra": "Visit"}


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Kế hoạch và đoàn kiểm tra")
    grants_role_permissions = True

    def ready(self):
        from inspections.access import scope_rule
        from units.scoping import rule_register

        for slug, name in AUDITED.items():
            audit_register(slug, self.get_model(name))
        rule_register(scope_rule)  # the access rules every scoped model's ``restrict`` applies
