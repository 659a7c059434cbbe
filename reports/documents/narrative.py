"""The narrative parts of the Báo cáo and the Thông báo: drafted from the findings, editable on a draft.

Each part is plain text: a line starting with "- " prints as a dash item, any other line as a
paragraph. A part the team head (or another preparer) edited is kept in ``DocumentVersion.narrative``
and printed instead of the drafted text; a later draft (correction) starts from it
(``reports.services``). A part left as drafted is not stored, so it keeps following the findings.
"""

from reports.models import Kind

# The parts of each kind: key, label (the form), in document order.
PARTS = {
    Kind.REPORT: [
        ("assessment", "III. Đánh giá chung (ưu điểm; tồn tại, hạn chế)"),
        ("causes", "III.3. Nguyên nhân"),
        ("recommendations", "IV. Kiến nghị, đề xuất"),
    ],
    Kind.CONCLUSION: [
        ("conclusion", "I. Kết luận (kết quả đạt được)"),
        ("demands", "Yêu cầu (sau bảng tồn tại, hạn chế)"),
    ],
}
NONE_NOTED = "(chưa ghi nhận)"
REC_INTRO = "Đoàn kiểm tra kiến nghị Ủy ban nhân dân tỉnh:"
REC_REMEDY = (
    "1. Chỉ đạo các cơ quan, đơn vị được kiểm tra khắc phục các tồn tại, hạn chế nêu trên và báo cáo kết quả "
    "khắc phục về Ủy ban nhân dân tỉnh (qua Văn phòng Ủy ban nhân dân tỉnh), cụ thể:"
)
REC_CONTINUE = (
    "2. Chỉ đạo {bodies} tiếp tục thực hiện tốt công tác kiểm soát thủ tục hành chính, cải cách thủ tục hành "
    "chính, góp phần nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) và Chỉ số cải cách hành chính (PAR Index) "
    "của tỉnh."
)
DEMAND = (
    "Đề nghị {agency} tổ chức khắc phục các tồn tại, hạn chế nêu trên và báo cáo kết quả khắc phục (kèm minh "
    "chứng) về Đoàn kiểm tra (qua Văn phòng Ủy ban nhân dân tỉnh) trước ngày {deadline}./."
)
NO_DEMAND = (
    "Không phát hiện tồn tại, hạn chế. Đề nghị {agency} tiếp tục duy trì, thực hiện tốt công tác kiểm soát thủ tục "
    "hành chính./."
)


def _dash(texts: list[str]) -> list[str]:
    return [f"- {t}" for t in texts] or [f"- {NONE_NOTED}"]


def report_draft(context: dict) -> dict[str, str]:
    """The Báo cáo's parts as drafted from its findings (the text the PDF prints while unedited)."""
    assessment = ["1. Ưu điểm", *_dash([s["text"] for s in context["strengths"]]), "2. Tồn tại, hạn chế"]
    for group in context["limitation_groups"]:
        assessment.append(f"{group['code']}. {group['title']}" if group["code"] else group["title"])
        assessment += [f"- {i['text']} (Cơ quan, đơn vị: {'; '.join(i['agencies'])}.)" for i in group["items"]]
    if not context["limitation_groups"]:
        assessment.append("Không phát hiện tồn tại, hạn chế.")
    recommendations = [REC_INTRO, REC_REMEDY]
    recommendations += [f"- {r['text']} ({'; '.join(r['agencies'])})" for r in context["recommendations"]]
    recommendations.append(context["rec_continue"])
    return {
        "assessment": "\n".join(assessment),
        "causes": "\n".join(_dash([c["text"] for c in context["causes"]])),
        "recommendations": "\n".join(recommendations),
    }


def conclusion_draft(context: dict) -> dict[str, str]:
    """The Thông báo's parts as drafted from its findings and its one deadline."""
    return {"conclusion": "\n".join(_dash([s["text"] for s in context["strengths"]])), "demands": context["demand"]}


def narrative_draft(kind: str, context: dict) -> dict[str, str]:
    return report_draft(context) if kind == Kind.REPORT else conclusion_draft(context) if kind in PARTS else {}


def narrative_blocks(stored: dict) -> dict[str, list[dict]]:
    """The edited parts as the templates print them: dash items and paragraphs."""
    blocks = {}
    for key, text in (stored or {}).items():
        lines = [line.strip() for line in str(text).splitlines() if line.strip()]
        blocks[key] = [
            {"dash": line.startswith("- "), "text": line[2:].strip() if line.startswith("- ") else line}
            for line in lines
        ]
    return blocks


def narrative_changes(kind: str, submitted: dict[str, str], draft: dict[str, str]) -> dict[str, str]:
    """What to keep: the parts whose text differs from the draft (line ends and outer spaces aside)."""

    def same(a: str, b: str) -> bool:
        return [x.strip() for x in a.strip().splitlines()] == [x.strip() for x in b.strip().splitlines()]

    keep = {}
    for key, _label in PARTS.get(kind, []):
        text = (submitted.get(key) or "").replace("\r\n", "\n").strip()
        if text and not same(text, draft.get(key, "")):
            keep[key] = text
    return keep
