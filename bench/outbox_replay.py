"""Replaying an offline outbox of 100 changes and 10 photos after reconnecting (issue 17).

Chromium (Debian's, headless, 820×1180) against the live test server with the Kon Tum demo. The member
opens the started Ngọc Hồi visit, goes offline, and the outbox is filled through its own code: the 28
items recorded in the page (``tthcOutbox.queue`` on each item's form), 72 findings and 10 photos
(1600×1200 JPEG of noise, 0.54 MB each, with caption) queued as the page queues them. Then the connection
returns; the figure is the time until the outbox is empty and every row is on the server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tthc_i17 \\
        .venv/bin/python -m pytest bench/outbox_replay.py -s -q -n 0 -p no:cacheprovider

Prints one Markdown row: changes, photos, seconds to empty, changes per second.
"""

import base64
import io
import random
import time

import pytest
from PIL import Image

from bench.tablet_taps import started_visit  # noqa: F401 - the fixture
from tests.conftest import browser, login  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.browser

FINDINGS, PHOTOS = 72, 10


def jpeg() -> str:
    rng = random.Random(17)
    image = Image.new("RGB", (1600, 1200))
    image.putdata([(rng.randrange(256), 90, 140) for _ in range(1600 * 1200)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    return base64.b64encode(buffer.getvalue()).decode()


FILL = """async ([findings, photos, data]) => {
  const forms = [...document.querySelectorAll('form[data-outbox=item]')];
  for (const [i, form] of forms.entries()) {
    form.querySelector(`input[value=${i % 3 ? 'pass' : 'partial'}]`).checked = true;
    form.querySelector('textarea').value = `Ghi chú ${i}`;
    await window.tthcOutbox.queue(form);
  }
  const visit = document.querySelector('.workspace').dataset.visit, user = document.body.dataset.user;
  const base = {user, visit, at: Date.now(), state: 'pending', path: location.pathname, key: null};
  for (let i = 0; i < findings; i++) {
    await window.tthcOutbox.put({...base, kind: 'finding', url: `/kiem-tra/${visit}/phat-hien/`,
      fields: [['kind', 'limitation'], ['description', `Hạn chế ${i}`], ['severity', 'low'], ['revision', '0']]});
  }
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  for (let i = 0; i < photos; i++) {
    const file = new File([bytes], `anh-${i}.jpg`, {type: 'image/jpeg'});
    await window.tthcOutbox.put({...base, kind: 'photo', url: `/kiem-tra/${visit}/minh-chung/`,
      fields: [['caption', `Ảnh ${i}`]], file, fileName: file.name, size: file.size, capturedAt: ''});
  }
  await window.tthcOutbox.refresh();
  return window.tthcOutbox.counts().pending;
}"""


def test_outbox_replay(browser, live_server, started_visit):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, viewport={"width": 820, "height": 1180})
    page = context.new_page()
    page.set_default_timeout(120000)
    login(page, "member")
    page.goto(f"/kiem-tra/{started_visit.pk}/ket-qua/")
    page.get_by_text("Đã đánh giá 0/").first.wait_for()
    context.set_offline(True)
    items = started_visit.item_results.count()
    queued = page.evaluate(FILL, [FINDINGS, PHOTOS, jpeg()])
    assert queued == items + FINDINGS + PHOTOS
    started = time.perf_counter()
    context.set_offline(False)
    page.locator("#outbox-status").wait_for(state="hidden")
    seconds = time.perf_counter() - started
    context.close()
    assert started_visit.item_results.filter(result__in=["pass", "partial"]).count() == items
    assert started_visit.findings.count() == FINDINGS and started_visit.evidence.count() == PHOTOS
    changes = items + FINDINGS
    rate = (changes + PHOTOS) / seconds
    print(f"\n| {changes} ({items} items, {FINDINGS} findings) | {PHOTOS} | {seconds:.1f} | {rate:.1f} |")
