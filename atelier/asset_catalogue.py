"""The static files as they are served: each under a URL that names its content,
compressed once with brotli and gzip.

A URL that names the content can be cached for a year (`immutable`): a new
release changes the URL, never what an old URL returns. ES modules import each
other by relative path (`./dom.js`), so they share one digest, the digest of
all of them: a page loads one consistent set of modules, and one changed
module moves the whole set to new URLs.
"""

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

import brotli

DIGEST_LENGTH = 12
_DIGEST = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}")
_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'](\.{1,2}/[^"']+)["']""")
# Worth compressing: text. Images here are SVG (text); PNGs are compressed already.
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
_MODULES = "js/"


@dataclass
class Asset:
    path: str
    data: bytes
    mimetype: str
    digest: str
    _encoded: dict = field(default_factory=dict, repr=False)

    @property
    def compressible(self) -> bool:
        return self.mimetype.startswith(_TEXT_TYPES) and len(self.data) > 256

    def body(self, encoding: str | None) -> bytes:
        """The bytes to send for a Content-Encoding (None: as stored)."""
        if encoding is None:
            return self.data
        if encoding not in self._encoded:
            # Source maps are for the developer's tools: big, rare, done quickly.
            thorough = not self.path.endswith(".map")
            self._encoded[encoding] = _compress(self.data, encoding, thorough)
        return self._encoded[encoding]


def _compress(data: bytes, encoding: str, thorough: bool = True) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11 if thorough else 5)
    return gzip.compress(data, compresslevel=9 if thorough else 6, mtime=0)


class Catalogue:
    """Every file under the static folder, plus the npm files named in ``extra``
    (served path → file on disk)."""

    def __init__(self, static_root: Path, extra: dict[str, Path]):
        files = _files(static_root, extra)
        self.signature = _signature(files)
        self.assets = {name: _read(name, path) for name, path in files.items()}
        modules = sorted(name for name in self.assets if _is_module(name))
        together = hashlib.sha256()
        for name in modules:
            together.update(name.encode() + b"\0" + self.assets[name].data)
        for name in modules:
            self.assets[name].digest = together.hexdigest()[:DIGEST_LENGTH]
        # Compressed once, when the catalogue is built (`atelier serve` builds
        # it before taking requests): ~0.3 s that no request waits for.
        for asset in self.assets.values():
            if asset.compressible and not asset.path.endswith(".map"):
                for encoding in ("br", "gzip"):
                    asset.body(encoding)
        self._graphs: dict[str, list[str]] = {}

    def url_path(self, path: str) -> str:
        """``<digest>/<path>`` for a known file, else the path as given."""
        asset = self.assets.get(path)
        return f"{asset.digest}/{path}" if asset else path

    def find(self, requested: str) -> tuple[Asset | None, bool]:
        """The asset a URL path names, and whether the URL names its current
        content (so that it can be cached for good)."""
        first, _, rest = requested.partition("/")
        if rest and _DIGEST.fullmatch(first) and rest in self.assets:
            asset = self.assets[rest]
            return asset, asset.digest == first
        return self.assets.get(requested), False

    def module_graph(self, entry: str) -> list[str]:
        """The modules ``entry`` imports, directly or not (for modulepreload)."""
        if entry not in self._graphs:
            self._graphs[entry] = self._imports_of(entry)
        return self._graphs[entry]

    def _imports_of(self, entry: str) -> list[str]:
        seen, queue = [], [entry]
        while queue:
            name = queue.pop(0)
            asset = self.assets.get(name)
            if asset is None or name in seen:
                continue
            seen.append(name)
            base = name.rsplit("/", 1)[0]
            for relative in _IMPORT.findall(asset.data.decode("utf-8", "replace")):
                queue.append(_join(base, relative))
        return seen[1:]


def _is_module(name: str) -> bool:
    return name.startswith(_MODULES) and name.endswith(".js")


def _join(base: str, relative: str) -> str:
    parts = base.split("/")
    for piece in relative.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _read(name: str, path: Path) -> Asset:
    data = path.read_bytes()
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name.endswith((".js", ".mjs")):
        mimetype = "text/javascript"
    elif name.endswith(".map"):
        mimetype = "application/json"
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    return Asset(name, data, mimetype, digest)


def _signature(files: dict[str, Path]) -> tuple:
    stats = {name: path.stat() for name, path in files.items()}
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats.items())


def _files(static_root: Path, extra: dict[str, Path]) -> dict[str, Path]:
    files = {
        path.relative_to(static_root).as_posix(): path
        for path in sorted(static_root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }
    files.update({name: path for name, path in extra.items() if path.is_file()})
    return files


def signature_of(static_root: Path, extra: dict[str, Path]) -> tuple:
    """What `Catalogue` would read, by name, time and size: a cheap freshness check."""
    return _signature(_files(static_root, extra))
