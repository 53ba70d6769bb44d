"""Pages load their files compressed, under URLs that can be cached for good."""

import gzip
import re
from pathlib import Path

import brotli

STATIC = Path(__file__).resolve().parents[2] / "static"


def linked(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_link_static_files_under_their_content_digest(client):
    urls = linked(client.get("/").text)
    assert any(url.endswith("/css/atelier.css") for url in urls)
    for url in urls:
        assert re.fullmatch(r"/static/[0-9a-f]{12}/.+", url), url
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_static_file_is_sent_in_brotli_or_gzip_as_the_browser_takes_it(client):
    url = next(u for u in linked(client.get("/").text) if u.endswith("/css/atelier.css"))
    original = (STATIC / "css/atelier.css").read_bytes()
    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Encoding" in br.headers["Vary"]
    assert brotli.decompress(br.data) == original
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == original
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers and plain.data == original
    # Revalidation costs no body.
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": br.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_plain_path_and_an_old_digest_still_work_but_are_revalidated(client):
    for url in ("/static/css/atelier.css", "/static/0123456789ab/css/atelier.css"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/css/nothing.css").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_the_phone_announces_its_modules_and_loads_socket_io_from_this_server(harness):
    code, _facilitator, _screen, phones = harness.open_workshop(participants=("Zoé",))
    page = phones[0].http.get(f"/j/{code}").text
    assert 'id="atelier-config"' in page  # the phone itself, not the name form
    preloads = re.findall(r'<link rel="modulepreload" href="(/static/[0-9a-f]{12}/js/[^"]+)"', page)
    for module in ("js/dom.js", "js/live.js", "js/phone/vote.js"):
        assert any(url.endswith(module) for url in preloads), module
    # The Socket.IO client: a module among the page's, from npm through this server.
    client = next(url for url in preloads if url.endswith("/js/vendor/socket.io.esm.min.js"))
    assert b"Socket.IO" in phones[0].http.get(client).data[:400]
    assert "cdn" not in page.lower() and "//" not in "".join(preloads)
    # One request fewer: the icon travels inside the page.
    assert 'rel="icon" href="data:image/svg+xml,' in page


def test_pages_themselves_are_compressed_when_the_browser_accepts_it(client):
    response = client.get("/", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert b"Atelier" in brotli.decompress(response.data)


def test_a_static_file_never_carries_a_visitors_cookie(harness):
    """A file cached `public` for a year must not hand a phone's session (its
    personal link) to whoever shares the cache, nor vary with the cookie."""
    code, _facilitator, _screen, phones = harness.open_workshop(participants=("Zoé",))
    phone = phones[0].http
    page = phone.get(f"/j/{code}")
    assert "atelier=" in page.headers.get("Set-Cookie", "")  # the page keeps its session
    urls = linked(page.text)
    assert len(urls) > 5
    for url in [*urls, "/vendor/socket.io.min.js", urls[0] + "?lang=en"]:
        response = phone.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url
