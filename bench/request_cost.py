"""Read the web worker's cost of each request from its Server-Timing header (tthc_inspect/request_cost.py,
on in the suite with TTHC_REQUEST_COST=1) and sum it per request type."""

import re
import statistics

TIMING = re.compile(r"(\w+);dur=([\d.]+)")


def parse(header: str | None) -> dict[str, float]:
    """``cpu;dur=12.3, sql;dur=4.1, queries;dur=9`` → {"cpu": 12.3, "sql": 4.1, "queries": 9.0}."""
    return {name: float(value) for name, value in TIMING.findall(header or "")}


class Costs:
    """Per request type, the CPU and SQL milliseconds of every answered request."""

    def __init__(self):
        self.rows: dict[str, list[dict[str, float]]] = {}

    def add(self, name: str, header: str | None) -> None:
        cost = parse(header)
        if "cpu" in cost:
            self.rows.setdefault(name, []).append(cost)

    def summary(self) -> dict[str, dict[str, float]]:
        """Per request type: how many, median CPU ms, median SQL ms and the mean query count."""
        out = {}
        for name, costs in sorted(self.rows.items()):
            cpu_ms = statistics.median(c["cpu"] for c in costs)
            sql_ms = statistics.median(c["sql"] for c in costs)
            out[name] = {
                "requests": len(costs),
                "cpu_ms": round(cpu_ms, 1),
                "sql_ms": round(sql_ms, 1),
                "queries": round(statistics.mean(c.get("queries", 0) for c in costs), 1),
            }
        return out
