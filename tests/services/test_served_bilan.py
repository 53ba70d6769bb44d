"""The bilan from the real gevent server: rendered in a thread, the server keeps answering."""

import io
import os
import re
import subprocess
import sys
import threading
import time

import requests
from pypdf import PdfReader

from ..servers import running_server


def test_the_served_bilan_downloads_while_other_requests_keep_flowing(tmp_path):
    env = {"ATELIER_DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}"}
    played = subprocess.run(
        [sys.executable, "-m", "atelier", "demo", "--phase", "closed"],
        env={**os.environ, "ATELIER_SECRET_KEY": "tests-only-secret", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    facilitator_path = re.search(r"facilitator: http://[^/]+(\S+)", played).group(1)
    code = re.search(r"Workshop (\w+)", played).group(1)
    with running_server(env, tmp_path / "server.log") as base:
        browser = requests.Session()
        assert browser.get(base + facilitator_path).status_code == 200
        answers = []

        def other_pages():
            for _ in range(10):
                answers.append(requests.get(base + "/healthz", timeout=5).status_code)
                time.sleep(0.05)

        others = threading.Thread(target=other_pages)
        others.start()
        pdf = browser.get(f"{base}/w/{code}/bilan.pdf", timeout=60)
        others.join()
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Prendre soin des collègues comme des clients" in text
    assert answers == [200] * 10
