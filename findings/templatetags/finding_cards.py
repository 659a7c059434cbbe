"""The workspace's findings, written in Python: the section is rendered again after every finding
saved, so its cost grows with the visit's findings (issue 22). Same markup as the template loop it
replaces; values escaped by ``format_html``; labels translated and URLs reversed once per list."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tthc_inspect.choices import choice_label
from tthc_inspect.html import format_html, format_html_join
from tthc_inspect.reversing import url_by_id

register = template.Library()

FINDING_CARD = """
  <div class="card mb-2 border-{tone}">
    <div class="card-body py-2 small">
      <div><span class="badge text-bg-{tone}">{kind}</span>
        {severity}
        {item}</div>
      <div class="mt-1">{description}</div>
      {cause}
      {recommendation}
      {evidence}
      {explanations}
      <a href="{detail_url}" class="small">{detail}</a>
    </div>
  </div>"""


def _evidence(finding, thumbnail_url) -> str:
    files = finding.evidence.all()  # prefetched by findings.selectors.visit_findings
    if not files:
        return ""
    return format_html(
        '<div class="d-flex flex-wrap gap-1 mt-1">{}</div>',
        SafeString(
            "".join(
                format_html(
                    '<img src="{}" alt="{}" class="rounded border evidence-thumb-sm">', thumbnail_url(e.pk), e.caption
                )
                if e.thumbnail
                else format_html('<span class="badge text-bg-secondary">PDF: {}</span>', e.caption)
                for e in files
            )
        ),
    )


def _labelled(label: str, value: str) -> str:
    return format_html("<div><em>{}:</em> {}</div>", label, value) if value else ""


@register.simple_tag
def finding_cards(findings) -> str:
    """One card a finding: kind, severity, item, description, cause, recommendation, photos, explanations."""
    labels = {
        "general": _("Chung"),
        "cause": _("Nguyên nhân"),
        "recommendation": _("Kiến nghị"),
        "explained": _("Giải trình của đơn vị"),
        "detail": _("Chi tiết, lịch sử"),
    }
    detail_url, thumbnail_url = url_by_id("findings:finding_detail"), url_by_id("findings:evidence_file", "anh-nho")

    def card(f):
        explanations = f.explanations.all()
        return {
            "tone": "danger" if f.kind == "limitation" else "success",
            "kind": choice_label(f, "kind"),
            "severity": format_html('<span class="badge text-bg-light">{}</span>', choice_label(f, "severity"))
            if f.severity
            else "",
            "item": format_html('<span class="text-muted">{}</span>', f.item.code if f.item else labels["general"]),
            "description": linebreaksbr(f.description, autoescape=True),
            "cause": _labelled(labels["cause"], f.cause),
            "recommendation": _labelled(labels["recommendation"], f.recommendation),
            "evidence": _evidence(f, thumbnail_url),
            "explanations": format_html(
                '<div class="mt-1 border-start border-3 ps-2"><em>{}:</em>{}</div>',
                labels["explained"],
                format_html_join("", " {}", ((x.text,) for x in explanations)),
            )
            if explanations
            else "",
            "detail_url": detail_url(f.pk),
            "detail": labels["detail"],
        }

    return format_html_join("", FINDING_CARD, (card(f) for f in findings))
