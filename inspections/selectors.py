"""Read queries for plan and visit pages, each with a fixed number of SQL queries."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from inspections.citations import plan_edition, plan_legal_bases
from inspections.models import Decision, Plan, TeamMember, Visit


def plan_list_for_user(*, user):
    """Newest first; the visit count is a subquery, computed only for the page shown (a join and
    GROUP BY over every visit would sort all of them first)."""
    visits = Visit.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk")).values("n")
    return (
        Plan.objects.visible_to(user)
        .select_related("issuer")
        .only("number", "issued_on", "title", "year", "status", "issuer__name")
        .annotate(visit_count=Coalesce(Subquery(visits, output_field=IntegerField()), 0))
        .order_by("-year", "-issued_on", "-pk")
    )


def plan_detail_context(*, plan: Plan, user) -> dict:
    """Schedule and team of one plan; what a liaison sees is limited to its own visits."""
    visits = (
        Visit.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("agency", "agency__area", "agency__area__parent")
        .prefetch_related("units_seen")
        .order_by("planned_start", "agency__name")
    )
    members = TeamMember.objects.select_related("official", "home_agency").order_by("order", "pk")
    decisions = (
        Decision.objects.filter(plan=plan)
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("issued_on", "pk")
    )
    visits = list(visits)
    inspected = {v.agency_id for v in visits}
    decisions = list(decisions)
    conflicts = [m for d in decisions for m in d.members.all() if m.home_agency_id in inspected]
    return {
        "plan": plan,
        "visits": visits,
        "decisions": decisions,
        "conflicts": conflicts,
        "edition": plan_edition(plan),
        "legal_bases": plan_legal_bases(plan, decisions[0] if decisions else None),
        "legal_bases_drafted": not plan.legal_basis_list,
    }


def checklist_is_frozen(template) -> bool:
    """A template used by a plan that is no longer a draft, or by a visit that has started, is read-only."""
    if template is None or template.pk is None:
        return False
    return (
        Plan.objects.filter(checklist=template).exclude(status=Plan.Status.DRAFT).exists()
        or Visit.objects.filter(checklist=template).exists()
    )
