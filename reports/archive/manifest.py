"""Re-verifying an archive ZIP against its manifest (written by ``tthc_inspect.archive.PackageWriter``).

``manifest.json`` lists every other member; ``SHA256SUMS`` has the same digests in ``sha256sum``
format (``sha256sum -c SHA256SUMS`` after unzipping checks them without this app).
"""

import json
import zipfile
from dataclasses import dataclass, field

from tthc_inspect.archive import MANIFEST, SUMS, sha256_stream


@dataclass
class Verification:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.checked > 0 and not (self.missing or self.extra or self.changed)


def archive_verify(path) -> Verification:
    """Recompute every member's SHA-256 and compare with the manifest (missing, extra, changed files)."""
    result = Verification()
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        listed = {e["path"]: (e["sha256"], e["size"]) for e in manifest["files"]}
        present = {n for n in archive.namelist() if not n.endswith("/")} - {MANIFEST, SUMS}
        result.missing = sorted(set(listed) - present)
        result.extra = sorted(present - set(listed))
        for name in sorted(present & set(listed)):
            with archive.open(name) as handle:
                if sha256_stream(handle) != listed[name]:
                    result.changed.append(name)
            result.checked += 1
    return result
