"""What a Biên bản (NĐ 30/2020 Mẫu 1.9) needs from its minutes, and what is still missing.

The chair (chủ tọa) is the team head and the secretary (thư ký) the team's secretary unless the minutes
name others; the end time has no default. Each field still empty is a warning on the minutes form and
on the visit's document panel before a Biên bản is requested.
"""

from django.utils.translation import gettext as _

from inspections.models import TeamMember


def roster_person(team, role: str) -> str:
    """The name of the first team member with ``role`` ("" if none)."""
    return next((m.official.full_name for m in team if m.role == role), "")


def minutes_signers(minutes, team) -> tuple[str, str]:
    """(chair, secretary): typed in the minutes, else the roster's head and secretary."""
    chair = (minutes.chair if minutes else "") or roster_person(team, TeamMember.Role.HEAD)
    secretary = (minutes.secretary if minutes else "") or roster_person(team, TeamMember.Role.SECRETARY)
    return chair, secretary


def minutes_gaps(minutes, team) -> list[str]:
    """One warning per field of the Biên bản that is still missing (what the document would print instead)."""
    gaps = []
    head = roster_person(team, TeamMember.Role.HEAD)
    secretary = roster_person(team, TeamMember.Role.SECRETARY)
    if minutes is None or not minutes.chair:
        gaps.append(
            _("Chưa nhập Chủ trì (chủ tọa): Biên bản sẽ ghi Trưởng đoàn %(name)s.") % {"name": head}
            if head
            else _("Chưa nhập Chủ trì (chủ tọa) và đoàn chưa có Trưởng đoàn: Biên bản sẽ để trống.")
        )
    if minutes is None or not minutes.secretary:
        gaps.append(
            _("Chưa nhập Thư ký (người ghi biên bản): Biên bản sẽ ghi thư ký đoàn %(name)s.") % {"name": secretary}
            if secretary
            else _("Chưa nhập Thư ký (người ghi biên bản) và đoàn chưa có thư ký: Biên bản sẽ để trống.")
        )
    if minutes is None or not minutes.started_at:
        gaps.append(_("Chưa nhập thời gian bắt đầu: Biên bản sẽ ghi ngày văn bản."))
    if minutes is None or not minutes.ended_at:
        gaps.append(_("Chưa nhập thời gian kết thúc: Biên bản sẽ để trống giờ kết thúc."))
    if minutes is None or not minutes.agency_signer_name:
        gaps.append(_("Chưa nhập người ký phía cơ quan được kiểm tra."))
    return gaps


def participants_not_on_roster(text: str, team) -> list[str]:
    """The lines typed as the team's participants, without those naming someone already on the roster."""
    names = [m.official.full_name.casefold() for m in team]
    return [
        line.strip()
        for line in (text or "").splitlines()
        if line.strip() and not any(name in line.casefold() for name in names)
    ]


def visit_minutes_gaps(visit) -> list[str]:
    """``minutes_gaps`` of a visit, read from the database (two queries)."""
    from findings.models import VisitMinutes

    team = list(TeamMember.objects.filter(decision__plan_id=visit.plan_id).select_related("official"))
    return minutes_gaps(VisitMinutes.objects.filter(visit=visit).first(), team)
