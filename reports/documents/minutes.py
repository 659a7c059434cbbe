"""Biên bản kiểm tra of a visit (NĐ 30/2020 Mẫu 1.9 shape, signed by both sides)."""

from collections import OrderedDict

from django.utils import timezone

from findings.minutes import minutes_signers, participants_not_on_roster, roster_person
from findings.models import Finding, VisitMinutes
from inspections.models import TeamMember, Visit
from reports.documents.common import (
    RESULT_COUNTS,
    DocumentParams,
    decision_text,
    document_header,
    findings_of,
    grouped_texts,
    plan_text,
    result_counts,
    team_rows,
    visit_parts,
)
from reports.formatting import date_words, upper_vi
from reports.models import Kind


def _visit_sections(visit: Visit) -> list[dict]:
    """The visit's result counts per checklist section (one query)."""
    sections: OrderedDict[str, dict] = OrderedDict()
    for r in result_counts({"visit": visit}):
        code = r["item__section__code"]
        row = sections.setdefault(
            code,
            {"code": code, "title": r["item__section__title"], **dict.fromkeys(RESULT_COUNTS.values(), 0)},
        )
        if r["result"] in RESULT_COUNTS:
            row[RESULT_COUNTS[r["result"]]] += r["n"]
    return list(sections.values())


def minutes_context(*, visit: Visit, params: DocumentParams) -> dict:
    """Biên bản kiểm tra of a visit: who met, when and where, the results per section, both sides' signers."""
    plan, team, visit, agency_name = visit_parts(visit)
    minutes = VisitMinutes.objects.filter(visit=visit).first() or VisitMinutes(visit=visit)
    chair, secretary = minutes_signers(minutes, team)
    findings = findings_of({"visit": visit})
    names = {visit.pk: agency_name}
    header = document_header(
        Kind.MINUTES, plan, params, team, summary=f"Kiểm tra công tác kiểm soát thủ tục hành chính tại {agency_name}"
    )
    zone = timezone.get_default_timezone()
    start = minutes.started_at and minutes.started_at.astimezone(zone)
    end = minutes.ended_at and minutes.ended_at.astimezone(zone)
    return {
        "header": header,
        "plan": plan,
        "plan_text": plan_text(plan),
        "decision_text": decision_text(plan, team),
        "visit": visit,
        "agency_name": agency_name,
        "minutes": minutes,
        "started": start and f"{start:%H} giờ {start:%M}, {date_words(start.date())}",
        "ended": end and f"{end:%H} giờ {end:%M} cùng ngày",
        "team": team_rows(team),
        "units_seen": [u.name for u in visit.units_seen.all()],
        "sections": _visit_sections(visit),
        "strengths": grouped_texts([f for f in findings if f.kind == Finding.Kind.STRENGTH], names, "description"),
        "limitations": grouped_texts([f for f in findings if f.kind == Finding.Kind.LIMITATION], names, "description"),
        "team_extra": participants_not_on_roster(minutes.team_participants, team),
        "secretary": secretary,
        "chair": chair,
        "signers": _signers(visit, minutes, team, chair=chair, secretary=secretary),
    }


def _signers(visit: Visit, minutes: VisitMinutes, team, *, chair: str, secretary: str) -> list[dict]:
    """Mẫu 1.9: one block per signer — the agency's representative, the secretary, the chair — none twice."""
    head = roster_person(team, TeamMember.Role.HEAD)
    blocks = [
        {
            "title": f"ĐẠI DIỆN {upper_vi(visit.agency.name)}",
            "position": upper_vi(minutes.agency_signer_position),
            "name": minutes.agency_signer_name,
        },
        {"title": "THƯ KÝ", "position": "", "name": secretary},
        {
            "title": "CHỦ TỌA",
            "position": "TRƯỞNG ĐOÀN KIỂM TRA" if chair and chair == head else "",
            "name": chair,
            "anchor": True,  # the signer's field of the electronic copy (reports.signing.fields)
        },
    ]
    seen, unique = set(), []
    for block in blocks:
        key = block["name"].casefold()
        if key and key in seen:
            continue
        seen.add(key)
        unique.append(block)
    return unique
