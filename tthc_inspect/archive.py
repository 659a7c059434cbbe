"""ZIP packages with a SHA-256 manifest: the one writer and the one hostile-archive reader.

Used by every package the project makes: the whole-plan export and its import (``reports/exchange``)
and the archive package of a closed plan (``reports/archive``). Build one with ``PackageWriter``
(members from bytes, ``add``, or streamed from a file, ``add_stream``) and read one with ``open_package``.

Layout contract: every member path is relative, in NFC, made of ``[A-Za-z0-9._-]`` segments
joined by ``/``; ``manifest.json`` at the root lists every other member as
``{"path", "sha256", "size"}`` plus whatever ``meta`` the caller adds (format name, version,
creation time). ``SHA256SUMS`` repeats the hashes in the ``sha256sum -c`` format, so an archivist
can check a package without this software.

Reading refuses, before anything is extracted: a file above ``Limits.archive_bytes`` or not a ZIP; more members than
``Limits.members``; a member path that is absolute, climbs (``..``), uses ``\\`` or a drive, is
not in the allowed alphabet, or appears twice; a symbolic link; a member larger than
``Limits.member_bytes`` or a total above ``Limits.total_bytes`` once expanded; a compression
ratio above ``Limits.ratio`` (a zip bomb); a member whose expanded bytes exceed what its header
declared; a member missing from the manifest or a manifest entry missing from the archive; a
hash or size that differs. Each refusal is a ``PackageError`` whose message is Vietnamese.
"""

import contextlib
import datetime
import hashlib
import json
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed member times: the same content gives the same members
SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
READ_CHUNK = 1024 * 1024


class PackageError(ValueError):
    """A package was refused; ``str(error)`` is the Vietnamese message to show."""


@dataclass(frozen=True)
class Limits:
    members: int = 20000
    member_bytes: int = 200 * 1024 * 1024
    total_bytes: int = 4 * 1024 * 1024 * 1024
    ratio: int = 100  # expanded / compressed, checked on members above 1 MB
    manifest_bytes: int = 20 * 1024 * 1024
    archive_bytes: int = 4 * 1024 * 1024 * 1024  # the ZIP file itself


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sha256_stream(handle) -> tuple[str, int]:
    """(SHA-256, size) of what is left to read in an open binary file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(READ_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def check_member_path(path: str) -> str:
    """``path`` if it is a safe relative member name (see the module docstring), else PackageError."""
    if not isinstance(path, str) or unicodedata.normalize("NFC", path) != path or len(path) > 400:
        raise PackageError(_("Tên tệp trong gói không hợp lệ: %(name)s") % {"name": str(path)[:100]})
    segments = path.split("/")
    if any(not SEGMENT.match(s) or s in (".", "..") for s in segments):
        raise PackageError(_("Tên tệp trong gói không hợp lệ: %(name)s") % {"name": path[:100]})
    return path


@dataclass
class PackageWriter:
    """Writes members into an open binary file as a ZIP, then the manifest and SHA256SUMS (``close``)."""

    target: object
    meta: dict = field(default_factory=dict)
    entries: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self._zip = zipfile.ZipFile(self.target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._paths: set[str] = set()

    def _member(self, path: str) -> zipfile.ZipInfo:
        check_member_path(path)
        if path in self._paths or path in (MANIFEST, SUMS):
            raise PackageError(_("Tệp trùng tên trong gói: %(name)s") % {"name": path})
        self._paths.add(path)
        info = zipfile.ZipInfo(path, date_time=ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def _entry(self, path: str, sha256: str, size: int) -> dict:
        entry = {"path": path, "sha256": sha256, "size": size}
        self.entries.append(entry)
        return entry

    def add(self, path: str, content: bytes) -> dict:
        self._zip.writestr(self._member(path), content)
        return self._entry(path, sha256_of(content), len(content))

    def add_stream(self, path: str, source) -> dict:
        """A member copied from an open binary file in chunks (a stored PDF, a photo original)."""
        digest, size = hashlib.sha256(), 0
        with self._zip.open(self._member(path), "w", force_zip64=True) as out:
            while chunk := source.read(READ_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        return self._entry(path, digest.hexdigest(), size)

    def abort(self) -> None:
        """Close the ZIP after a failure (the caller discards the file)."""
        with contextlib.suppress(OSError, ValueError):
            self._zip.close()

    def close(self) -> dict:
        """Write manifest.json and SHA256SUMS; return the manifest."""
        manifest = {**self.meta, "algorithm": "SHA-256", "files": self.entries}
        for name, content in (
            (MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()),
            (SUMS, "".join(f"{e['sha256']}  {e['path']}\n" for e in self.entries).encode()),
        ):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            self._zip.writestr(info, content)
        self._zip.close()
        return manifest


def utc_now_iso() -> str:
    return datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0).isoformat()


class Package:
    """A checked package: ``manifest`` and ``read(path)`` (bytes checked against the manifest)."""

    def __init__(self, archive: zipfile.ZipFile, manifest: dict, limits: Limits):
        self._zip, self.manifest, self._limits = archive, manifest, limits
        self._entries = {e["path"]: e for e in manifest["files"]}

    @property
    def paths(self) -> list[str]:
        return list(self._entries)

    def read(self, path: str) -> bytes:
        entry = self._entries.get(path)
        if entry is None:
            raise PackageError(_("Gói thiếu tệp %(name)s.") % {"name": path[:100]})
        try:
            content = _read_member(self._zip, self._zip.getinfo(path), self._limits)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise PackageError(_("Tệp %(name)s trong gói bị hỏng.") % {"name": path[:100]}) from exc
        if len(content) != entry["size"] or sha256_of(content) != entry["sha256"]:
            raise PackageError(_("Tệp %(name)s không khớp mã SHA-256 trong manifest.") % {"name": path})
        return content


def _read_member(archive, info, limits: Limits) -> bytes:
    """The expanded member, never more than its declared size (a lying header is refused)."""
    chunks, total = [], 0
    with archive.open(info) as handle:
        while chunk := handle.read(READ_CHUNK):
            total += len(chunk)
            if total > info.file_size or total > limits.member_bytes:
                raise PackageError(_("Tệp %(name)s trong gói lớn hơn khai báo.") % {"name": info.filename[:100]})
            chunks.append(chunk)
    return b"".join(chunks)


def _check_infos(infos, limits: Limits) -> None:
    if len(infos) > limits.members:
        message = _("Gói có quá nhiều tệp (%(n)d; tối đa %(max)d).")
        raise PackageError(message % {"n": len(infos), "max": limits.members})
    seen, total = set(), 0
    for info in infos:
        check_member_path(info.filename)
        if info.filename in seen:
            raise PackageError(_("Tệp trùng tên trong gói: %(name)s") % {"name": info.filename})
        seen.add(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
            raise PackageError(_("Gói chứa liên kết hoặc thư mục không được phép: %(name)s") % {"name": info.filename})
        if info.file_size > limits.member_bytes:
            raise PackageError(_("Tệp %(name)s trong gói quá lớn.") % {"name": info.filename})
        if info.file_size > 1024 * 1024 and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise PackageError(_("Tệp %(name)s bị nén bất thường (nghi là tệp nén bom).") % {"name": info.filename})
        total += info.file_size
    if total > limits.total_bytes:
        raise PackageError(_("Gói khi giải nén quá lớn (%(gb).1f GB).") % {"gb": total / 1024**3})


def _manifest(archive, names: set[str], limits: Limits) -> dict:
    if MANIFEST not in names:
        raise PackageError(_("Gói không có manifest.json."))
    info = archive.getinfo(MANIFEST)
    if info.file_size > limits.manifest_bytes:
        raise PackageError(_("manifest.json quá lớn."))
    try:
        manifest = json.loads(_read_member(archive, info, limits))
        entries = manifest["files"]
        listed = {e["path"] for e in entries}
        bad = [e for e in entries if not isinstance(e.get("sha256"), str) or not isinstance(e.get("size"), int)]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PackageError(_("manifest.json không đúng định dạng.")) from exc
    if bad or len(listed) != len(entries):
        raise PackageError(_("manifest.json không đúng định dạng."))
    extra = sorted(names - listed - {MANIFEST, SUMS})
    missing = sorted(listed - names)
    if extra:
        raise PackageError(_("Tệp không có trong manifest: %(name)s") % {"name": extra[0]})
    if missing:
        raise PackageError(_("Gói thiếu tệp %(name)s.") % {"name": missing[0]})
    return manifest


def open_package(fileobj, *, limits: Limits | None = None) -> Package:
    """Check the archive (see the module docstring) and return it, or raise PackageError."""
    limits = limits or Limits()
    try:
        size = fileobj.seek(0, 2)
        fileobj.seek(0)
    except (AttributeError, OSError, ValueError):
        size = 0
    if size > limits.archive_bytes:
        raise PackageError(_("Tệp gói quá lớn (%(gb).1f GB).") % {"gb": size / 1024**3})
    try:
        archive = zipfile.ZipFile(fileobj)
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise PackageError(_("Tệp không phải là gói ZIP hợp lệ.")) from exc
    _check_infos(infos, limits)
    try:
        manifest = _manifest(archive, {i.filename for i in infos}, limits)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise PackageError(_("Tệp không phải là gói ZIP hợp lệ.")) from exc
    return Package(archive, manifest, limits)
