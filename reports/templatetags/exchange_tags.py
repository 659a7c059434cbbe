"""The plan page's package panel (templates/reports/_plan_export.html)."""

from django import template

from reports.models import PlanExport
from units.roles import is_office

register = template.Library()


@register.inclusion_tag("reports/_plan_export_panel.html", takes_context=True)
def plan_export_panel(context, plan):
    user = context["request"].user
    show = is_office(user)
    job = PlanExport.objects.filter(plan=plan).order_by("-pk").first() if show else None
    return {"show": show, "job": job, "plan": plan, "csrf_token": context.get("csrf_token")}
