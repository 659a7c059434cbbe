"""The web side of the fresh-install check, run inside a virtual environment built from requirements.txt alone.

No test tool is installed there, so this uses only what the app ships with (Django's own test
client). With the production settings, a SQLite file and Redis as broker and cache, the office
opens the dashboard and asks for the plan's Báo cáo; the job is published to Redis for the
worker that tests/test_fresh_install.py started from the same environment. Prints one JSON line.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from inspections.models import Plan  # noqa: E402
from reports.models import RenderJob  # noqa: E402

QUEUED = "Đã gửi yêu cầu tạo văn bản"
BROKER_DOWN = "Hàng đợi xử lý văn bản tạm thời không kết nối được"


def main() -> dict:
    client = Client()
    client.force_login(User.objects.get(username="office"))
    plan = Plan.objects.get(number="1978/KH-UBND")
    overview = client.get(reverse("dashboards:overview"), {"year": 2020})
    again = client.get(reverse("dashboards:overview"), {"year": 2020})  # the second one from the Redis cache
    response = client.post(reverse("reports:report_request", args=[plan.pk]), {"fmt": "pdf"}, follow=True)
    page = response.content.decode()
    job = RenderJob.objects.order_by("-pk").first()
    return {
        "overview": [overview.status_code, again.status_code],
        "overview_names_plan": plan.number in overview.content.decode(),
        "request": [r[1] for r in response.redirect_chain] + [response.status_code],
        "message": QUEUED if QUEUED in page else BROKER_DOWN if BROKER_DOWN in page else page[:2000],
        "job": job.pk if job else None,
    }


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
