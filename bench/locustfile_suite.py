"""The load mix of bench/suite.py: inspectors saving, office users reading, liaisons, a few reports.

SUITE_FIXTURES names the JSON written by bench/suite_fixtures.py (sessions, visits, item results).
Users think 1–3 s between actions, as people do; the class counts fix the mix of the 50 users
(25 inspectors, 15 office, 9 liaisons, 1 requesting reports). FastHttpUser keeps locust's own CPU
small: it shares the cores with the server it measures. Request names start with their
type (``save:``, ``list:``, ``visit:``, ``dashboard:``, ``liaison:``, ``report:``) so the suite can
hold each type to its goal.
"""

import io
import itertools
import json
import math
import os
import random
import re

from locust import FastHttpUser, between, events, task
from locust_session import sign_in
from request_cost import Costs

FIXTURES = json.loads(open(os.environ["SUITE_FIXTURES"], encoding="utf-8").read())  # noqa: SIM115
YEAR = FIXTURES.get("dashboard_year", "")
EVIDENCE_ID = re.compile(r"/minh-chung/(\d+)/")
_inspectors = itertools.count()
_office = itertools.count()
_liaisons = itertools.count()
COSTS = Costs()


@events.request.add_listener
def record_cost(name, response=None, exception=None, **_):
    """The worker's CPU and SQL time of each answered request (Server-Timing), per request type."""
    if response is not None and exception is None:
        COSTS.add(name, response.headers.get("Server-Timing"))


@events.quitting.add_listener
def write_costs(environment, **_):
    if os.environ.get("SUITE_COSTS"):
        with open(os.environ["SUITE_COSTS"], "w", encoding="utf-8") as out:
            json.dump(COSTS.summary(), out)


def photo() -> bytes:
    """A 1280×960 JPEG with texture (a flat image would compress to nothing): about what a phone sends."""
    from PIL import Image

    rng = random.Random(8)
    image = Image.effect_noise((1280, 960), 40).convert("RGB")
    image.paste((rng.randrange(256), 120, 60), (0, 0, 640, 480))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


PHOTO = photo()


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)

    def sign_in(self, session: str) -> None:
        sign_in(self.client, sessionid=session, csrftoken=FIXTURES["csrf"])
        self.headers = {"X-CSRFToken": FIXTURES["csrf"], "HX-Request": "true"}

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def save(self, path: str, name: str, confirmation: str, **kwargs) -> str | None:
        """An htmx POST that counts as failed unless it answers 200 with ``confirmation``; its page, or None."""
        with self.client.post(path, headers=self.headers, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200 or confirmation not in response.text:
                response.failure(f"status {response.status_code}, not saved")
                return None
            return response.text


class Inspector(SignedIn):
    """A team member recording their own visit: item results mostly, sometimes a photo and a finding."""

    fixed_count = 25

    def on_start(self):
        """Users sharing a visit (small data sets) take disjoint items, so no save meets an edit conflict."""
        n, visits = next(_inspectors), len(FIXTURES["inspectors"])
        self.work = FIXTURES["inspectors"][n % visits]
        self.sign_in(self.work["session"])
        share = math.ceil(self.fixed_count / visits)
        mine = self.work["results"][n // visits :: share] or self.work["results"]
        self.revisions = {r["id"]: r["revision"] for r in mine}
        self.rows = itertools.cycle(sorted(self.revisions))

    @task(8)
    def save_item(self):
        pk = next(self.rows)
        data = {f"r{pk}-result": random.choice(["pass", "partial", "fail"]), f"r{pk}-progress": "done"}
        data |= {f"r{pk}-note": "Đã kiểm tra hồ sơ.", f"r{pk}-revision": self.revisions[pk]}
        if self.save(f"/ket-qua/{pk}/", "save: item result", "Đã lưu.", data=data) is not None:
            self.revisions[pk] += 1

    @task(2)
    def visit_page(self):
        self.get(f"/kiem-tra/{self.work['visit']}/ket-qua/", "visit: workspace page")

    @task(1)
    def finding_with_photo(self):
        url = f"/kiem-tra/{self.work['visit']}/minh-chung/"
        files = {"file": ("anh.jpg", PHOTO, "image/jpeg")}
        page = self.save(
            url, "save: photo upload", "Đã tải lên minh chứng.", data={"caption": "Ảnh hồ sơ"}, files=files
        )
        if page is None:
            return
        evidence = max(int(n) for n in EVIDENCE_ID.findall(page))
        data = {"kind": "limitation", "item": random.choice(self.work["items"]), "severity": "medium"}
        data |= {"description": "Hồ sơ chưa đầy đủ thành phần.", "evidence": evidence, "revision": 0}
        self.save(f"/kiem-tra/{self.work['visit']}/phat-hien/", "save: finding", "Đã ghi phát hiện.", data=data)


class Office(SignedIn):
    """Provincial office staff following the work: dashboards, drill-down lists, plan and action lists."""

    fixed_count = 15

    def on_start(self):
        self.sign_in(FIXTURES["office"][next(_office) % len(FIXTURES["office"])]["session"])

    @task(3)
    def overview(self):
        self.get(f"/tong-hop/?year={YEAR}", "dashboard: overview")

    @task(1)
    def year_over_year(self):
        self.get("/tong-hop/theo-nam/", "dashboard: year over year")

    @task(2)
    def visits(self):
        self.get(f"/tong-hop/cuoc-kiem-tra/?year={YEAR}", "list: visits (drill-down)")

    @task(2)
    def findings(self):
        self.get(f"/tong-hop/phat-hien/?year={YEAR}&finding=limitation", "list: findings (drill-down)")

    @task(2)
    def plans(self):
        self.get("/", "list: plans")

    @task(1)
    def actions(self):
        self.get("/khac-phuc/", "list: remediation actions")


class Liaison(SignedIn):
    """An inspected agency's focal point reading its own visit and remediation page."""

    fixed_count = 9

    def on_start(self):
        self.me = FIXTURES["liaisons"][next(_liaisons) % len(FIXTURES["liaisons"])]
        self.sign_in(self.me["session"])

    @task(2)
    def agency(self):
        self.get(f"/co-quan/{self.me['agency']}/khac-phuc/", "liaison: agency page")

    @task(2)
    def visit(self):
        self.get(f"/kiem-tra/{self.me['visit']}/", "liaison: visit page")

    @task(1)
    def notifications(self):
        self.get("/thong-bao/", "liaison: notifications")


class ReportRequester(SignedIn):
    """An office user asking for the Báo cáo of a plan now and then; the worker renders it meanwhile."""

    fixed_count = 1
    wait_time = between(15, 25)

    def on_start(self):
        self.sign_in(FIXTURES["office"][0]["session"])

    @task
    def request_report(self):
        url = f"/ke-hoach/{FIXTURES['report_plan']['id']}/van-ban/bao-cao/"
        with self.client.post(
            url, data={"fmt": "pdf"}, headers={"X-CSRFToken": FIXTURES["csrf"]}, allow_redirects=False,
            name="report: request", catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")
