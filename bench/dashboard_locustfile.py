"""Locust user for bench/dashboard_bench.py: one signed-in user requesting one page, no think time.

BENCH_PATH is the page, BENCH_SESSION the session cookie the benchmark created.
"""

import os

from locust import FastHttpUser, constant, task
from locust_session import sign_in


class DashboardUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        sign_in(self.client, sessionid=os.environ["BENCH_SESSION"])

    @task
    def page(self):
        with self.client.get(os.environ["BENCH_PATH"], name="page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
