"""Kon Tum 2020 demo results: the seed's strengths and limitations spread over the 8 agencies.

The source article does not say which agency had which limitation: the assignment
below is illustrative, and the demo says so on every limitation it creates.
"""

import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont
from simple_history.utils import bulk_create_with_history

from checklists.models import ChecklistItem
from checklists.services import checklist_default, checklist_with_local
from findings.models import Evidence, Finding, ItemResult, RemediationAction, VisitMinutes
from findings.models.results import Progress, Result, Severity
from findings.services import evidence_upload
from inspections.models import Plan, Visit

ILLUSTRATIVE = "(Dữ liệu minh họa: bài viết nguồn không nêu đơn vị cụ thể.)"

# checklist item → (limitation text, cause, recommendation, agencies as name fragments, result)
LIMITATIONS = {
    "3.3": (
        "Chưa công khai hoặc công khai chưa đúng nội dung tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính.",
        "Công chức chưa nắm đầy đủ mẫu niêm yết theo quy định.",
        "Niêm yết lại nội dung tiếp nhận phản ánh, kiến nghị đúng mẫu (địa chỉ, điện thoại, thư điện tử).",
        ["Ngọc Hồi", "Sa Thầy", "Sở Tài chính"],
        Result.FAIL,
    ),
    "3.4": (
        "Chưa công khai hoặc công khai chưa đúng Nội quy làm việc của Bộ phận Tiếp nhận và Trả kết quả cấp "
        "huyện, cấp xã.",
        "Bộ phận mới được tổ chức lại từ ngày 10/7/2020, chưa kịp niêm yết.",
        "Ban hành và niêm yết Nội quy làm việc của Bộ phận Tiếp nhận và Trả kết quả.",
        ["Đắk Hà", "Kon Plông"],
        Result.FAIL,
    ),
    "4.10": (
        "Chậm triển khai mẫu phiếu đánh giá việc giải quyết TTHC theo chỉ đạo của UBND tỉnh.",
        "Chưa bố trí in ấn, đặt phiếu tại Bộ phận Một cửa.",
        "Triển khai ngay phiếu đánh giá tại Bộ phận Một cửa và tổng hợp kết quả hằng quý.",
        ["Ngọc Hồi", "Kế hoạch và Đầu tư", "Tài nguyên"],
        Result.PARTIAL,
    ),
    "4.8": (
        "Việc tiếp nhận, xử lý hồ sơ TTHC thông qua Hệ thống thông tin một cửa điện tử còn có sai sót trong việc "
        "in và lưu kèm các mẫu phiếu theo quy định tại Thông tư 01/2018/TT-VPCP.",
        "Công chức chưa thành thạo chức năng in phiếu của hệ thống.",
        "In và lưu kèm hồ sơ đầy đủ các phiếu theo Thông tư 01/2018/TT-VPCP; tập huấn lại cho công chức.",
        ["Tài nguyên", "Đắk Hà"],
        Result.PARTIAL,
    ),
    "4.5": (
        "Thực hiện chưa đầy đủ việc lập Phiếu xin lỗi và hẹn lại ngày trả kết quả đối với hồ sơ trễ hạn.",
        "Chưa theo dõi chặt chẽ thời hạn giải quyết hồ sơ.",
        "Lập Phiếu xin lỗi (Mẫu 04) cho mọi hồ sơ trễ hạn và gửi cho tổ chức, cá nhân.",
        ["Sa Thầy", "Kon Plông", "Sở Nội vụ"],
        Result.FAIL,
    ),
}

STRENGTHS = [
    (
        "1.2",
        "Công tác chỉ đạo, điều hành và tổ chức thực hiện hoạt động kiểm soát TTHC được quan tâm, triển khai "
        "thực hiện cơ bản đảm bảo theo quy định.",
        None,
    ),
    (
        "3.1",
        "Việc công khai, niêm yết TTHC tại Bộ phận Tiếp nhận và Trả kết quả và trên Trang thông tin điện tử "
        "được thực hiện đầy đủ nội dung, tạo điều kiện thuận lợi cho tổ chức, cá nhân tra cứu.",
        None,
    ),
    (
        "4.2",
        "Việc tiếp nhận, giải quyết TTHC tại Bộ phận Tiếp nhận và Trả kết quả cấp huyện, cấp xã cơ bản đúng quy định.",
        "district",
    ),
    (
        "5.1",
        "Kịp thời triển khai Đề án theo Quyết định 26/QĐ-UBND: trang bị cơ sở vật chất, ban hành quy chế hoạt "
        "động, phê duyệt nhân sự; Bộ phận Tiếp nhận và Trả kết quả hoạt động từ ngày 10/7/2020.",
        "district",
    ),
]

PHOTOS = [
    (
        "Kon Plông",
        "Công chức Bộ phận Tiếp nhận và Trả kết quả huyện Kon Plông tiếp nhận và kiểm tra hồ sơ TTHC của công dân",
        "4.2",
        (2020, 8, 24, 9, 20),
    ),
    (
        "Đắk Hà",
        "Bảng niêm yết công khai TTHC của Bộ phận Tiếp nhận và Trả kết quả huyện Đăk Hà",
        "3.1",
        (2020, 8, 20, 14, 5),
    ),
]


def demo_photo(caption: str, taken: tuple[int, ...], colour: tuple[int, int, int]) -> ContentFile:
    """A generated placeholder photo carrying the caption and an EXIF capture time."""
    image = Image.new("RGB", (1600, 1200), colour)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("LiberationSans-Regular.ttf", 44)
    except OSError:
        font = ImageFont.load_default(size=44)
    draw.rectangle((60, 60, 1540, 1140), outline=(255, 255, 255), width=8)
    words, lines, line = caption.split(), [], ""
    for word in words:
        if len(line) + len(word) > 48:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    for index, text in enumerate(["ẢNH MINH HỌA", *lines]):
        draw.text((120, 140 + index * 70), text, fill=(255, 255, 255), font=font)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "{:04d}:{:02d}:{:02d} {:02d}:{:02d}:00".format(*taken)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return ContentFile(buffer.getvalue(), name="anh.jpg")


def _visit(plan: Plan, fragment: str) -> Visit:
    return plan.visits.select_related("agency").get(agency__name__contains=fragment)


LOCAL_CHECKLIST = Path(__file__).parent / "kontum_local.yaml"


def demo_checklist(plan: Plan):
    """The plan's own checklist: the 2020 edition plus its local section (QĐ 26/QĐ-UBND); the plan's if set."""
    if plan.checklist_id is not None:
        return plan.checklist
    return checklist_with_local(
        template=checklist_default(on=plan.issued_on),
        code="kh-1978-kontum-2020",
        local_yaml=LOCAL_CHECKLIST.read_text(encoding="utf-8"),
    )


@transaction.atomic
def demo_findings_load(*, plan: Plan, recorder) -> None:
    """Results, findings, minutes and two photos for the demo plan; skipped where already present."""
    template = demo_checklist(plan)
    if plan.checklist_id is None:
        plan.checklist = template
        plan.save(update_fields=["checklist"])
    items = {i.code: i for i in ChecklistItem.objects.filter(section__template=template)}
    for visit in plan.visits.select_related("agency"):
        if visit.checklist_id is None:
            visit.checklist = template
            visit.save(update_fields=["checklist"])
        if not visit.item_results.exists():
            _results(visit, items, recorder)
        _minutes(visit)
    _limitations(plan, items, recorder)
    _strengths(plan, items, recorder)
    _photos(plan, items, recorder)


def _results(visit: Visit, items: dict, recorder) -> None:
    """Every applicable item recorded "Đạt", except the demo's limitations (LIMITATIONS' result)."""
    demo_results = {
        (fragment, code): result
        for code, (_text, _cause, _rec, fragments, result) in LIMITATIONS.items()
        for fragment in fragments
    }
    level, name = visit.agency.level, visit.agency.name
    rows = [
        ItemResult(
            visit=visit,
            item=item,
            result=next((r for (frag, c), r in demo_results.items() if c == code and frag in name), Result.PASS),
            progress=Progress.DONE,
            progress_by=recorder,
            updated_by=recorder,
        )
        for code, item in items.items()
        if item.applies_to(level)
    ]
    bulk_create_with_history(rows, ItemResult, default_user=recorder)


def _minutes(visit: Visit) -> None:
    VisitMinutes.objects.get_or_create(
        visit=visit,
        defaults={
            "started_at": datetime.datetime.combine(visit.actual_start, datetime.time(8, 0), tzinfo=_tz()),
            "ended_at": datetime.datetime.combine(visit.actual_start, datetime.time(11, 30), tzinfo=_tz()),
            "place": f"Trụ sở {visit.agency.name}",
            "chair": "Nguyễn Văn A, Trưởng đoàn",
            "secretary": "Hoàng Văn E, Thư ký",
            "team_participants": "Đoàn kiểm tra theo Quyết định 398/QĐ-UBND.",
            "agency_participants": f"Lãnh đạo và công chức đầu mối kiểm soát TTHC của {visit.agency.name}.",
            "summary": "Đoàn kiểm tra làm việc theo 05 nội dung của Kế hoạch 1978/KH-UBND; kiểm tra thực tế tại "
            "01 đơn vị trực thuộc và Bộ phận Tiếp nhận và Trả kết quả.",
        },
    )


def _limitations(plan: Plan, items: dict, recorder) -> None:
    for code, (text, cause, recommendation, fragments, _result) in LIMITATIONS.items():
        for fragment in fragments:
            visit = _visit(plan, fragment)
            Finding.objects.get_or_create(
                visit=visit,
                item=items[code],
                kind=Finding.Kind.LIMITATION,
                defaults={
                    "description": f"{text} {ILLUSTRATIVE}",
                    "cause": cause,
                    "recommendation": recommendation,
                    "severity": Severity.MEDIUM,
                    "created_by": recorder,
                },
            )


def _strengths(plan: Plan, items: dict, recorder) -> None:
    for code, text, level in STRENGTHS:
        for visit in plan.visits.select_related("agency"):
            if level and visit.agency.level != level:
                continue
            Finding.objects.get_or_create(
                visit=visit,
                item=items[code],
                kind=Finding.Kind.STRENGTH,
                defaults={"description": text, "created_by": recorder},
            )


def _photos(plan: Plan, items: dict, recorder) -> None:
    """The two photos, each the evidence of its visit's strength on the item."""
    for index, (fragment, caption, code, taken) in enumerate(PHOTOS):
        visit = _visit(plan, fragment)
        evidence = Evidence.objects.filter(visit=visit, caption=caption).first()
        if evidence is None:
            photo = demo_photo(caption, taken, [(38, 84, 124), (52, 110, 70)][index])
            evidence = evidence_upload(visit=visit, user=recorder, upload=photo, caption=caption)
        strength = Finding.objects.filter(visit=visit, item=items[code], kind=Finding.Kind.STRENGTH).first()
        if strength is not None:
            strength.evidence.add(evidence)


def _tz():
    from django.utils import timezone

    return timezone.get_default_timezone()


# (agency fragment, checklist item) → status after the 2020 conclusion; everything else stays open.
ActionStatus = RemediationAction.Status
DEMO_ACTION_STATUS = {
    ("Ngọc Hồi", "3.3"): ActionStatus.VERIFIED,
    ("Sa Thầy", "3.3"): ActionStatus.REPORTED,
    ("Sở Tài chính", "3.3"): ActionStatus.VERIFIED,
    ("Đắk Hà", "3.4"): ActionStatus.VERIFIED,
    ("Kon Plông", "3.4"): ActionStatus.VERIFIED,
    ("Kế hoạch và Đầu tư", "4.10"): ActionStatus.VERIFIED,
    ("Tài nguyên", "4.10"): ActionStatus.VERIFIED,
    ("Đắk Hà", "4.8"): ActionStatus.RETURNED,
    ("Sở Nội vụ", "4.5"): ActionStatus.REPORTED,
}
CONCLUSION_DAY = (2020, 9, 15)


@transaction.atomic
def demo_remediation_load(*, plan: Plan, office, head, liaison) -> None:
    """Conclusions of 15/09/2020 and their actions: some closed, some waiting, some long overdue."""
    from django.utils import timezone

    from findings.remediation.services import conclusion_issue

    reported_at = timezone.make_aware(datetime.datetime(2020, 10, 5, 9, 0))  # noqa: DTZ001
    reviewed_at = timezone.make_aware(datetime.datetime(2020, 10, 12, 15, 0))  # noqa: DTZ001
    for visit in plan.visits.select_related("agency").order_by("pk"):
        if visit.conclusion_issued_on:
            continue
        for action in conclusion_issue(visit=visit, issued_on=datetime.date(*CONCLUSION_DAY), user=office):
            code = action.finding.item.code if action.finding and action.finding.item else ""
            status = next(
                (s for (frag, c), s in DEMO_ACTION_STATUS.items() if c == code and frag in visit.agency.name), None
            )
            if status is None:
                continue
            reporter = liaison if "Ngọc Hồi" in visit.agency.name else None
            photo = demo_photo(f"Khắc phục: {action.measure}", (2020, 10, 2, 10, 0), (90, 90, 90))
            evidence = evidence_upload(
                visit=visit, user=reporter, upload=photo, caption=f"Minh chứng khắc phục ({code})"
            )
            action.report_text = "Đơn vị đã thực hiện biện pháp khắc phục theo yêu cầu. (Dữ liệu minh họa.)"
            action.reported_by, action.reported_at = reporter, reported_at
            # The follow-up of 2020 replayed with its own dates: the model's transitions (the same
            # open → reported → verified/returned rule), without the services' notices of today.
            action.report()
            if status in (ActionStatus.VERIFIED, ActionStatus.RETURNED):
                action.reviewed_by, action.reviewed_at = head, reviewed_at
                if status == ActionStatus.VERIFIED:
                    action.verify()
                else:
                    action.send_back()
                    action.review_comment = "Minh chứng chưa thể hiện việc in phiếu từ hệ thống; đề nghị bổ sung."
            action.save()
            action.report_evidence.add(evidence)
