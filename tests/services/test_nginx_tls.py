"""The shipped nginx configuration with its `redirect` and `tls` blocks as an
operator gets them (only the certificate's paths and the ports changed), in
front of one `atelier serve` worker: what a site on HTTPS relies on.

A self-signed certificate, made here with the `openssl` command, stands in for
Let's Encrypt's; the clients trust it and check it. Runs with the other
services tests (ATELIER_TEST_POSTGRES_URL and ATELIER_TEST_REDIS_URL set) and
fails when nginx or openssl is missing; the worker itself is on SQLite.
"""

import contextlib
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
import requests
import socketio

from bench.cluster import CONF, main_conf, nginx_binary

from ..servers import ACCOUNT, free_port, site_server

NAME = "atelier.example.org"  # the shipped server_name, kept
CERTIFICATE = f"/etc/letsencrypt/live/{NAME}/fullchain.pem"
PRIVATE_KEY = f"/etc/letsencrypt/live/{NAME}/privkey.pem"
YEAR = 365 * 24 * 3600


@pytest.fixture
def services_enabled():
    """On when the other services tests are (their two settings); the worker
    here needs neither PostgreSQL nor Redis."""
    names = ("ATELIER_TEST_POSTGRES_URL", "ATELIER_TEST_REDIS_URL")
    if not all(os.environ.get(name) for name in names):
        pytest.skip("set ATELIER_TEST_POSTGRES_URL and ATELIER_TEST_REDIS_URL to run it")


def openssl_binary() -> str:
    found = shutil.which("openssl")
    if not found:
        pytest.fail("openssl is missing: run `make system-test-deps`")
    return found


def curl_binary() -> str:
    """Debian's curl (built with nghttp2): the HTTP/2 client here."""
    found = shutil.which("curl")
    if not found:
        pytest.fail("curl is missing: run `make system-test-deps`")
    return found


def over_http2(url: str, certificate: Path, *headers: str) -> tuple[str, int, str]:
    """A request in HTTP/2 if the server offers it: (HTTP version, status, body)."""
    done = subprocess.run(
        [curl_binary(), "--http2", "--silent", "--show-error", "--max-time", "10",
         "--cacert", str(certificate), *(arg for h in headers for arg in ("--header", h)),
         "--write-out", "\n%{http_version} %{http_code}", url],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    body, _, status = done.stdout.rpartition("\n")
    version, code = status.split()
    return version, int(code), body


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for the shipped name and the loopback addresses, and its key."""
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [openssl_binary(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", f"/CN={NAME}",
         "-addext", f"subjectAltName=DNS:{NAME},IP:127.0.0.1,IP:::1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def ipv6_loopback() -> bool:
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET6) as probe:
        probe.bind(("::1", 0))
        return True
    return False


def edit(conf: str, name: str, change) -> str:
    """``change`` applied to the inside of the EDIT block ``name``."""
    conf, found = re.subn(
        rf"(# >>> EDIT {name}\b[^\n]*\n)(.*?)(# <<< EDIT {name}\n)",
        lambda m: m[1] + change(m[2]) + m[3],
        conf,
        flags=re.S,
    )
    assert found == 1, f"deploy/nginx/atelier.conf lost its EDIT {name} block"
    return conf


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"the shipped block no longer says {old!r}"
    return text.replace(old, new)


def render_tls(conf: str, http: int, https: int, certificate: Path, key: Path, **folders) -> str:
    """The shipped file: the workers and cache blocks replaced as an admin
    would; in the redirect and tls blocks only the ports (on loopback) and
    the certificate's paths changed."""
    v6 = ipv6_loopback()

    def ports(block: str, shipped: int, ours: int) -> str:
        block = replace(block, f"listen {shipped}", f"listen 127.0.0.1:{ours}")
        return replace(block, f"listen [::]:{shipped}", f"listen [::1]:{ours}" if v6 else "# ")

    workers, cache = folders["workers"], folders["cache"]
    conf = edit(
        conf,
        "workers",
        lambda _: "".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in workers),
    )
    conf = edit(
        conf,
        "cache",
        lambda _: (
            f"proxy_cache_path {cache} levels=1:2 keys_zone=atelier_static:10m "
            "max_size=50m inactive=1d use_temp_path=off;\n"
        ),
    )
    conf = edit(conf, "redirect", lambda block: ports(block, 80, http))
    return edit(
        conf,
        "tls",
        lambda block: replace(
            replace(ports(block, 443, https), CERTIFICATE, str(certificate)),
            PRIVATE_KEY,
            str(key),
        ),
    )


def nginx_command(folder: Path, *extra: str) -> list[str]:
    return [nginx_binary(), "-e", str(folder / "error.log"), "-p", str(folder),
            "-c", str(main_conf(folder, worker_connections=256)), *extra]  # fmt: skip


@contextlib.contextmanager
def running_tls_nginx(folder: Path, https: int, certificate: Path):
    """nginx in the foreground until the HTTPS side answers /healthz."""
    with open(folder / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(
            nginx_command(folder, "-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, (folder / "stderr.log").read_text()
            with contextlib.suppress(requests.RequestException):
                url = f"https://127.0.0.1:{https}/healthz"
                if requests.get(url, timeout=2, verify=certificate).ok:
                    break
            assert time.monotonic() < deadline, "nginx did not answer over HTTPS"
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(10)


def set_cookies(response: requests.Response) -> dict[str, str]:
    """Each cookie the response sets, by name: its whole Set-Cookie line."""
    lines = response.raw.headers.getlist("Set-Cookie")
    return {line.split("=", 1)[0]: line for line in lines}


def assert_secure(line: str) -> None:
    attributes = {part.strip().split("=")[0].lower() for part in line.split(";")[1:]}
    assert {"secure", "httponly"} <= attributes, line


def test_the_shipped_tls_and_redirect_blocks_serve_the_site_over_https(tmp_path, services_enabled):
    started = time.monotonic()
    nginx_binary()  # first: any of them missing, the run fails at once
    openssl_binary()
    curl_binary()
    certificate, key = self_signed(tmp_path)
    http, https = free_port(), free_port()
    base = f"https://127.0.0.1:{https}"
    nginx_folder = tmp_path / "nginx"
    nginx_folder.mkdir()
    # What deploy/systemd/atelier@.service sets. No ATELIER_PUBLIC_URL: the
    # worker learns that the site is on HTTPS from nginx's X-Forwarded-Proto.
    with site_server(tmp_path, ATELIER_PROXY_HOPS="1") as (worker, _env, _database):
        (nginx_folder / "atelier.conf").write_text(
            render_tls(CONF.read_text(), http, https, certificate, key,
                       workers=[worker.port], cache=nginx_folder / "cache")
        )  # fmt: skip

        # The file as shipped, with only paths and ports changed, passes `nginx -t`.
        checked = subprocess.run(nginx_command(nginx_folder, "-t"), capture_output=True, text=True)
        assert checked.returncode == 0 and "test is successful" in checked.stderr, checked.stderr
        # (nginx 1.25.1 and later only warn that `listen ... http2` is deprecated.)
        complaints = [
            line
            for line in checked.stderr.splitlines()
            if re.search(r"\[(emerg|alert|crit|warn)\]", line) and "http2" not in line
        ]
        assert not complaints, checked.stderr

        with running_tls_nginx(nginx_folder, https, certificate):
            tls = requests.Session()
            tls.verify = str(certificate)
            tls.trust_env = False  # else REQUESTS_CA_BUNDLE, if set, replaces `verify`

            # Plain HTTP: a permanent redirect to the same path and query on HTTPS,
            # without a visit to the worker.
            for address in ["127.0.0.1"] + (["[::1]"] if ipv6_loopback() else []):
                moved = requests.get(
                    f"http://{address}:{http}/w/ABCDEF?lang=en&x=%C3%A9",
                    headers={"Host": NAME},
                    allow_redirects=False,
                    timeout=5,
                )
                assert moved.status_code in (301, 308), (address, moved.status_code)
                assert moved.headers["Location"] == f"https://{NAME}/w/ABCDEF?lang=en&x=%C3%A9"

            # HTTPS: the home page, with the app's security headers and nginx's HSTS.
            home = tls.get(f"{base}/", timeout=5)
            assert home.status_code == 200 and "<html" in home.text
            for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
                assert name in home.headers, name
            health = tls.get(f"{base}/healthz", timeout=5)
            assert health.status_code == 200 and health.json()["database"] == "ok"
            missing = tls.get(f"{base}/no-such-page", timeout=5)
            assert missing.status_code == 404
            for answer in (home, health, missing):
                hsts = answer.headers.get("Strict-Transport-Security", "")
                age = re.search(r"max-age=(\d+)", hsts)
                assert age and int(age[1]) >= YEAR, (answer.url, hsts)

            # HTTP/2 is offered to browsers (ALPN), over TLS 1.2 or 1.3 only.
            context = ssl.create_default_context(cafile=str(certificate))
            context.set_alpn_protocols(["h2", "http/1.1"])
            with (
                socket.create_connection(("127.0.0.1", https), 5) as raw,
                context.wrap_socket(raw, server_hostname=NAME) as wrapped,
            ):
                assert wrapped.selected_alpn_protocol() == "h2"
                assert wrapped.version() in ("TLSv1.2", "TLSv1.3")
            # ... and works through the proxy: a page, and a browser's Socket.IO
            # long-polling handshake (its Origin checked against the Host nginx
            # passes on, made from HTTP/2's :authority).
            assert over_http2(f"{base}/", certificate)[:2] == ("2", 200)
            handshake = f"{base}/socket.io/?EIO=4&transport=polling&sticky=h2"
            version, status, body = over_http2(handshake, certificate, f"Origin: {base}")
            assert (version, status) == ("2", 200), (version, status, body)
            assert body.startswith("0{") and '"sid"' in body, body
            assert over_http2(handshake, certificate, "Origin: https://elsewhere.example")[1] == 400

            # Cookies travel only over HTTPS: the language chosen, the session
            # made for the sign-in form, the session once signed in through it.
            chosen = tls.get(f"{base}/?lang=en", timeout=5)
            assert_secure(set_cookies(chosen)["atelier_lang"])
            form = tls.get(f"{base}/login", timeout=5)
            assert_secure(set_cookies(form)["atelier"])
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)[1]
            # The worker sees HTTPS: a form posted without a Referer from this
            # site is refused (Flask-WTF's check on secure requests).
            blind = tls.post(f"{base}/login", data={"csrf_token": token, **ACCOUNT}, timeout=10)
            assert blind.status_code == 400 and "referrer" in blind.text.lower(), blind.text[:300]
            signed = tls.post(
                f"{base}/login",
                data={"csrf_token": token, **ACCOUNT},
                headers={"Referer": f"{base}/login"},  # what a browser sends
                allow_redirects=False,
                timeout=10,
            )
            assert signed.status_code in (302, 303), signed.text[:500]
            assert_secure(set_cookies(signed)["atelier"])

            # Socket.IO over wss:// (its Origin https://, checked by the worker)
            # and long-polling over https://, the certificate checked: the
            # facilitator's screen gets its state.
            created = tls.post(f"{base}/api/workshops", json={"title": "En TLS"}, timeout=10)
            assert created.status_code == 201, created.text
            code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
            # The join link the facilitator hands out (and its QR code) is on HTTPS.
            facilitate = tls.get(f"{base}/w/{code}/facilitate", timeout=5)
            assert f'id="join-url" readonly value="{base}/j/{code}"' in facilitate.text
            for transport in ("websocket", "polling"):
                live = socketio.Client(reconnection=False, http_session=tls)
                states = []
                live.on("state", states.append)
                live.connect(
                    f"{base}?sticky=tls-{transport}",
                    auth={"code": code, "view": "facilitator", "key": key},
                    transports=[transport],
                    wait_timeout=10,
                )
                try:
                    assert live.transport() == transport
                    ack = live.call("sync", {}, timeout=10)
                    assert ack["ok"] and ack["state"]["workshop"]["code"] == code, ack
                    assert states and states[0]["workshop"]["code"] == code
                finally:
                    live.disconnect()

            # Static files: compressed, and the second fetch from nginx's cache.
            script = re.search(r"/static/[0-9a-f]+/[\w/.-]+\.(?:css|js)", home.text)[0]
            for _ in range(2):
                asset = tls.get(f"{base}{script}", timeout=5)
                assert asset.ok and asset.headers["Content-Encoding"] in ("br", "gzip")
                assert "Strict-Transport-Security" in asset.headers

        log = (nginx_folder / "access.log").read_text()
        assert re.search(rf'GET {re.escape(script)} 200 "HIT" "-"', log), log
        assert re.search(r'GET /w/ABCDEF 30[18] "-" "-"', log)  # never reaching the worker
        errors = (nginx_folder / "error.log").read_text()
        assert not re.search(r"\[(emerg|alert|crit)\]", errors), errors
        assert "Traceback" not in worker.tail()
    print(f"the shipped TLS block, tested: {time.monotonic() - started:.1f} s")
