"""Wording that follows the structure of government on the document's date.

Before 01/07/2025 local government had three tiers (tỉnh, huyện, xã) and one-stop desks
(Bộ phận Tiếp nhận và Trả kết quả) at district and commune level; from that day there are two
(tỉnh, xã) and the Trung tâm Phục vụ hành chính công (NQ 202/2025/QH15, NĐ 118/2025/NĐ-CP).
A document says what was true on its own date: a 2020 report keeps the three-tier wording.
"""

import datetime
from dataclasses import dataclass

from units.services import REFORM_DATE


@dataclass(frozen=True)
class Wording:
    """The phrases of the documents that name levels of government or the one-stop bodies."""

    local_bodies: str  # who the province directs: "các sở, ban, ngành, Ủy ban nhân dân các …"
    one_stop: str  # where reception was inspected on the spot
    two_tier: bool


THREE_TIER = Wording(
    local_bodies="các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố",
    one_stop="Bộ phận Tiếp nhận và Trả kết quả",
    two_tier=False,
)
TWO_TIER = Wording(
    local_bodies="các sở, ban, ngành, Ủy ban nhân dân các xã, phường, đặc khu",
    one_stop="Trung tâm Phục vụ hành chính công, điểm tiếp nhận hồ sơ",
    two_tier=True,
)


def wording_on(day: datetime.date) -> Wording:
    """The wording of a document dated ``day``."""
    return TWO_TIER if day >= REFORM_DATE else THREE_TIER
