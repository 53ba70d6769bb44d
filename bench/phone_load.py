"""A phone's cold load on a slow network: bytes transferred and time until the
phone is usable, Atelier against the bare stack, in real Chromium.

A participant joins the 12-person sample workshop (at the vote); then a new
browser tab with an empty cache, its network held to a latency and a
bandwidth (Chrome DevTools' throttling), opens the phone page. Measured:

- transferred: every HTTP response as it crossed the wire (headers included,
  compressed as sent) plus the WebSocket frames received until usable;
- usable: from the navigation until the page is online and has drawn the
  workshop (the connection badge says ``online``).

Cases: Atelier as shipped; Atelier asked for no compression (what the phone
paid before, less the preloads); the bare stack (a Flask-SocketIO page with
the Socket.IO client, served as Flask serves it).

    .venv/bin/python -m bench.phone_load --runs 5
"""

import argparse
import contextlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .servers import HOST, ROOT, atelier_env, free_port, running

# Chrome's throttling: latency in ms, throughput in bytes per second.
NETWORKS = {
    "150 ms, 1.6 Mbps": {"latency": 150, "down": 1_600_000 / 8, "up": 750_000 / 8},
    "Fast 3G": {"latency": 562.5, "down": 1_600_000 / 8 * 0.9, "up": 750_000 / 8 * 0.9},
}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}


def atelier_phone_url(workdir: Path, browser, url: str) -> tuple[str, dict]:
    """Create the sample workshop, join it from a phone; the phone's URL and cookies."""
    env = atelier_env(workdir, "phone-load")
    out = subprocess.run(
        [sys.executable, "-m", "atelier", "demo", "--phase", "vote", "--base-url", url],
        cwd=ROOT, env={**env, "ATELIER_ASYNC_MODE": "threading"}, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    join = re.search(r"join:\s+(\S+)", out).group(1)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(join)
    page.fill("input[name=name]", "Zoé")
    page.click("button[type=submit]")
    page.wait_for_selector('[data-status="online"]', timeout=15_000)
    state = context.storage_state()
    phone = page.url
    context.close()
    return phone, state


def cold_load(browser, url: str, state: dict | None, network: dict, identity: bool) -> dict:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, storage_state=state
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": network["latency"],
         "downloadThroughput": network["down"], "uploadThroughput": network["up"]},
    )  # fmt: skip
    if identity:
        cdp.send("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": "identity"}})
    http, frames = {}, []
    cdp.on(
        "Network.loadingFinished",
        lambda e: http.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    cdp.on(
        "Network.webSocketFrameReceived", lambda e: frames.append(len(e["response"]["payloadData"]))
    )
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector('[data-status="online"]', state="attached", timeout=60_000)
    usable = time.perf_counter() - start
    result = {
        "usable_s": usable,
        "http": sum(http.values()),
        "ws": sum(frames),
        "requests": len(http),
    }
    context.close()
    return result


def summarise(name: str, network: str, runs: list[dict]) -> None:
    def median(key):
        return statistics.median(r[key] for r in runs)

    total = median("http") + median("ws")
    fastest, slowest = min(r["usable_s"] for r in runs), max(r["usable_s"] for r in runs)
    print(
        f"| {name} | {network} | {median('requests'):.0f} | {median('http') / 1000:.1f} KB"
        f" | {median('ws') / 1000:.1f} KB | {total / 1000:.1f} KB | {median('usable_s'):.2f} s"
        f" (min {fastest:.2f}, max {slowest:.2f}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per case and network")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    print(f"{args.runs} cold loads per line, medians; phone 360×740, cache disabled.\n")
    print("| case | network | requests | HTTP | WebSocket | total | usable |")
    print("|---|---|---|---|---|---|---|")
    with (
        tempfile.TemporaryDirectory() as folder,
        sync_playwright() as playwright,
        contextlib.ExitStack() as stack,
    ):
        workdir = Path(folder)
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        stack.callback(browser.close)
        port = free_port()
        env = atelier_env(workdir, "phone-load")
        cmd = [sys.executable, "-m", "atelier", "serve", "--host", HOST, "--port", str(port)]
        stack.enter_context(running(cmd, env, port, workdir / "atelier.log"))
        phone, state = atelier_phone_url(workdir, browser, f"http://{HOST}:{port}")
        bare_port = free_port()
        bare = [sys.executable, "-m", "bench.bare_server", "--port", str(bare_port)]
        stack.enter_context(running(bare, atelier_env(workdir), bare_port, workdir / "bare.log"))
        cases = [
            ("Atelier", phone, state, False),
            ("Atelier, no compression", phone, state, True),
            ("bare stack", f"http://{HOST}:{bare_port}/", None, False),
        ]
        for network_name, network in NETWORKS.items():
            for name, url, cookies, identity in cases:
                cold_load(browser, url, cookies, network, identity)  # warm the server
                runs = [
                    cold_load(browser, url, cookies, network, identity) for _ in range(args.runs)
                ]
                summarise(name, network_name, runs)


if __name__ == "__main__":
    main()
