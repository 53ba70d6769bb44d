"""Hostile inputs shared by the XSS tests: classic payloads and tests/data/hostile-inputs.json."""

import json
from pathlib import Path

HOSTILE = json.loads((Path(__file__).parent / "data" / "hostile-inputs.json").read_text())

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
SVG = '"><svg onload=window.__xss=1>'
JS_URL = "javascript:window.__xss=1"
TEMPLATE = "{{7*7}}"
TEXTAREA = "</textarea><b>bold</b>"
STYLE = "<style>body{display:none}</style>"
CLASSIC = [IMG, SCRIPT, SVG, JS_URL, TEMPLATE, TEXTAREA, STYLE]
