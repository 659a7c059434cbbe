"""Benchmark the report pipeline against WeasyPrint alone, and write the figures into bench/README.md.

Cases, each measured in its own subprocess (so peak memory is the case's own):
- ``pipeline``: ``reports.rendering.document_render`` end to end — the context
  selectors, the template, WeasyPrint with the safe fetcher — exactly what a job runs;
- ``floor``: WeasyPrint alone on the same final HTML with the same fetcher, written as PDF/A-3u like a
  final version (the engine's floor).

Documents: the Kon Tum 2020 report (demo data) and a synthetic 100-agency report
(about 100 pages, 200 photos). Every case runs ``BENCH_ROUNDS`` times (default 3); the
median time and the highest peak RSS are reported.

    .venv/bin/python bench/report_bench.py            # SQLite file under /tmp, rebuilt each run
    .venv/bin/python bench/report_bench.py --no-write # print only

Goals (issue 4): Kon Tum under 3 s end to end; the 100-page report under 20 s and 500 MiB;
the pipeline within 1.2× of the engine's floor.
"""

import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("BENCH_DIR") or Path(tempfile.gettempdir()) / "tthc-report-bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("LOG_LEVEL", "WARNING")

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
AGENCIES = 100
PHOTOS_PER_AGENCY = 2
LIMITATIONS_PER_AGENCY = 2
MARK_START, MARK_END = "<!-- reports-bench:start -->", "<!-- reports-bench:end -->"


def _setup_django():
    import django

    django.setup()


def build() -> dict[str, int]:
    """Fresh database: the Kon Tum demo plus a synthetic plan of 100 agencies with 200 photos."""
    import shutil

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    _setup_django()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from checklists.models import ChecklistItem
    from checklists.services import checklist_default
    from demo.kontum import demo_load
    from reports.models import Document, Kind

    call_command("migrate", verbosity=0)
    kon_tum = demo_load(area_provinces=[62]).plan
    template = checklist_default()
    items = list(ChecklistItem.objects.filter(section__template=template).order_by("section__order", "order"))
    user = User.objects.get(username="member")
    plan = _synthetic_plan(kon_tum, template)
    for n in range(AGENCIES):
        _synthetic_visit(plan, n, items=items, user=user)
    return {
        "kon_tum": Document.objects.create(kind=Kind.REPORT, plan=kon_tum).pk,
        "synthetic": Document.objects.create(kind=Kind.REPORT, plan=plan).pk,
    }


def _synthetic_plan(kon_tum, template):
    """A 2021 plan of the same issuer, with a decision and the Kon Tum team."""
    from inspections.models import Decision, Plan, TeamMember

    plan = Plan.objects.create(
        number="500/KH-UBND",
        issued_on=datetime.date(2021, 3, 1),
        issuer=kon_tum.issuer,
        year=2021,
        title="Kiểm tra công tác kiểm soát thủ tục hành chính năm 2021 (kịch bản 100 đơn vị)",
        content_areas=kon_tum.content_areas,
        period_start=datetime.date(2021, 4, 1),
        period_end=datetime.date(2021, 9, 30),
        status=Plan.Status.COMPLETED,
        checklist=template,
    )
    decision = Decision.objects.create(
        plan=plan, number="80/QĐ-UBND", issued_on=datetime.date(2021, 3, 10), title="Thành lập Đoàn kiểm tra",
        signer_name="Bùi Văn Hùng", signer_position="Phó Chủ tịch",
    )  # fmt: skip
    for order, member in enumerate(TeamMember.objects.filter(decision__plan=kon_tum)):
        TeamMember.objects.create(
            decision=decision, official=member.official, role=member.role, home_agency=member.home_agency, order=order
        )
    return plan


def _synthetic_visit(plan, n: int, *, items: list, user) -> None:
    """Agency ``n``'s closed visit: results with one partial and two fails, limitations, a strength with photos."""
    from demo.kontum_findings import demo_photo
    from findings.models import Finding, ItemResult
    from findings.models.results import Progress, Result, Severity
    from findings.services import evidence_upload
    from inspections.models import Visit
    from units.models import Agency, Level
    from units.models import Kind as AgencyKind

    agency = Agency.objects.create(
        name=f"UBND xã Thử Nghiệm {n + 1:03d}", kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.COMMUNE,
        area=plan.issuer.area, parent=plan.issuer,
    )  # fmt: skip
    day = datetime.date(2021, 4, 1) + datetime.timedelta(days=n)
    visit = Visit.objects.create(
        plan=plan, agency=agency, planned_start=day, planned_end=day, actual_start=day, actual_end=day,
        status=Visit.Status.CLOSED, checklist=plan.checklist,
    )  # fmt: skip
    results = [Result.PASS] * len(items)
    for k in range(3):
        results[(n + 5 * k) % len(items)] = Result.FAIL if k else Result.PARTIAL
    ItemResult.objects.bulk_create(
        [ItemResult(visit=visit, item=i, result=r, progress=Progress.DONE) for i, r in zip(items, results, strict=True)]
    )
    for k in range(LIMITATIONS_PER_AGENCY):
        Finding.objects.create(
            visit=visit, item=items[(n + 5 * k) % len(items)], kind=Finding.Kind.LIMITATION,
            severity=Severity.MEDIUM, created_by=user,
            description=f"Hạn chế số {k + 1} tại đơn vị {n + 1:03d}: chưa niêm yết đầy đủ, đúng mẫu nội dung "
            "tiếp nhận phản ánh, kiến nghị; hồ sơ trễ hạn chưa có Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
            cause="Công chức chưa nắm vững quy định.", recommendation=f"Khắc phục hạn chế số {k + 1}.",
        )  # fmt: skip
    strength = Finding.objects.create(
        visit=visit, item=items[0], kind=Finding.Kind.STRENGTH, created_by=user,
        description="Công tác chỉ đạo, điều hành được quan tâm, triển khai thực hiện cơ bản đảm bảo theo quy định.",
    )  # fmt: skip
    for k in range(PHOTOS_PER_AGENCY):
        caption = f"Bộ phận Tiếp nhận và Trả kết quả của đơn vị {n + 1:03d}, ảnh {k + 1}"
        photo = demo_photo(caption, (2021, 4, 1, 9, k), ((n * 37) % 200, (k * 90) % 200, 120))
        strength.evidence.add(evidence_upload(visit=visit, user=user, upload=photo, caption=caption))


def _params(document):
    from reports.documents.common import DocumentParams

    return DocumentParams(issued_on=document.plan.period_end, final=True, number=15, signer_name="Nguyễn Văn A")


def _warm_up(case: str) -> None:
    """What a worker has done before its first job, outside the timing, in both cases alike.

    WeasyPrint's first layout loads the fonts (fontconfig) whatever the HTML; the pipeline's first
    render also compiles the document templates, which the cached template loader then keeps for
    every later job of the worker. Measured cold (issue 16), the Kon Tum pipeline paid about 0.1 s of
    template compilation the floor never pays: 1.22–1.31× instead of the steady state.
    """
    from django.template.loader import get_template

    from reports.rendering import TEMPLATES, SafeFetcher, html_to_pdf

    html_to_pdf('<p style="font-family: Liberation Serif">Khởi động</p>', SafeFetcher())
    if case == "pipeline":
        for name in TEMPLATES.values():
            get_template(name)
        # A worker's first final version also imports pikepdf (XMP) and pyHanko (signature fields),
        # about 0.2 s once per process; later jobs find them loaded.
        import pikepdf  # noqa: F401
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: F401
        from pyhanko.sign.fields import append_signature_field  # noqa: F401


def run_case(case: str, document_id: int) -> dict:
    """In the child process: one measured rendering."""
    _setup_django()
    from weasyprint import HTML

    from reports.models import Document
    from reports.rendering import PDFA_OPTIONS, SafeFetcher, document_render

    document = Document.objects.select_related("plan__issuer__area__parent").get(pk=document_id)
    _warm_up(case)
    if case == "pipeline":
        started = time.perf_counter()
        rendered = document_render(document=document, params=_params(document))
        seconds, pages = time.perf_counter() - started, rendered.pages
    else:
        html = (WORK / f"{document_id}.html").read_text(encoding="utf-8")
        evidence = {int(k): v for k, v in json.loads((WORK / f"{document_id}.json").read_text()).items()}
        started = time.perf_counter()
        # The engine's floor for a final version: WeasyPrint's own PDF/A-3u writing (the pipeline's
        # extra steps, XMP language and signature fields, are ours and stay in the pipeline's time).
        document = HTML(string=html, base_url="static:", url_fetcher=SafeFetcher(evidence)).render()
        document.write_pdf(**PDFA_OPTIONS)
        seconds, pages = time.perf_counter() - started, len(document.pages)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "pages": pages, "peak_mib": peak_mib}


def prepare_floor_input(document_id: int) -> None:
    """The final HTML and the evidence map, written once, for the floor case."""
    from reports.documents import document_context
    from reports.models import Document
    from reports.rendering import document_html, evidence_paths

    document = Document.objects.select_related("plan__issuer__area__parent").get(pk=document_id)
    context = document_context(document=document, params=_params(document))
    (WORK / f"{document_id}.html").write_text(document_html(document, _params(document), context), encoding="utf-8")
    (WORK / f"{document_id}.json").write_text(json.dumps(evidence_paths(context)))


def measure(case: str, document_id: int) -> dict:
    runs = []
    for _ in range(ROUNDS):
        out = subprocess.run(
            [sys.executable, __file__, "--case", case, str(document_id)],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "pages": runs[0]["pages"],
        "peak_mib": max(r["peak_mib"] for r in runs),
    }


def table(results: dict) -> str:
    lines = [
        "| document | case | seconds (median) | pages | s/page | peak RSS (MiB) | pipeline ÷ floor |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    labels = {"kon_tum": "Kon Tum 2020 (8 agencies, 2 photos)", "synthetic": "synthetic (100 agencies, 200 photos)"}
    for name, label in labels.items():
        pipe, floor = results[name]["pipeline"], results[name]["floor"]
        for case, r in (("pipeline", pipe), ("WeasyPrint alone (floor)", floor)):
            ratio = f"{pipe['seconds'] / floor['seconds']:.2f}×" if case == "pipeline" else ""
            lines.append(
                f"| {label} | {case} | {r['seconds']:.2f} | {r['pages']} | {r['seconds'] / r['pages']:.3f} "
                f"| {r['peak_mib']:.0f} | {ratio} |"
            )
    return "\n".join(lines)


def write_readme(results: dict) -> None:
    from django.utils import timezone

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    kt, syn = results["kon_tum"], results["synthetic"]
    goals = [
        f"Kon Tum end to end {kt['pipeline']['seconds']:.2f} s (goal < 3 s): "
        + ("met" if kt["pipeline"]["seconds"] < 3 else "NOT met"),
        f"100-agency report {syn['pipeline']['seconds']:.2f} s, {syn['pipeline']['peak_mib']:.0f} MiB "
        "(goal < 20 s and < 500 MiB): "
        + ("met" if syn["pipeline"]["seconds"] < 20 and syn["pipeline"]["peak_mib"] < 500 else "NOT met"),
        f"pipeline ÷ floor {syn['pipeline']['seconds'] / syn['floor']['seconds']:.2f}× (100 agencies), "
        f"{kt['pipeline']['seconds'] / kt['floor']['seconds']:.2f}× (Kon Tum) (goal ≤ 1.2×)",
    ]
    section = "\n".join(
        [
            MARK_START,
            "## Reports",
            "",
            "`bench/report_bench.py` renders the Báo cáo kết quả kiểm tra through the same function a Celery job",
            "calls (`reports.rendering.document_render`: selectors → template → WeasyPrint with the safe fetcher),",
            "and WeasyPrint alone on the same final HTML (the engine's floor). Each case runs in its own",
            f"subprocess, {ROUNDS} rounds: median seconds, highest peak RSS (the whole process, Python and Django",
            "included). Data: the Kon Tum demo, and a synthetic plan of 100 agencies with 2 limitations,",
            "1 strength and 2 photos (1600×1200 JPEG) each. SQLite file database; 2 CPU cores.",
            "",
            "```sh",
            ".venv/bin/python bench/report_bench.py",
            "```",
            "",
            f"Run on {timezone.localdate():%d/%m/%Y} at commit `{head.strip()}`:",
            "",
            table(results),
            "",
            *[f"- {g}" for g in goals],
            MARK_END,
        ]
    )
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    readme.write_text(text, encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2], int(sys.argv[3]))))
        return
    print("building the benchmark database…", file=sys.stderr)
    documents = build()
    results = {}
    for name, document_id in documents.items():
        prepare_floor_input(document_id)
        results[name] = {case: measure(case, document_id) for case in ("pipeline", "floor")}
        print(name, json.dumps(results[name]), file=sys.stderr)
    print(table(results))
    if "--no-write" not in sys.argv:
        write_readme(results)


if __name__ == "__main__":
    main()
