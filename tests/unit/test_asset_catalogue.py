"""Content-hashed static URLs: what a release changes, and what it does not."""

import gzip

import brotli

from atelier.asset_catalogue import Catalogue


def make_static(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


FILES = {
    "css/site.css": "body { color: black; }" * 40,
    "js/page.js": 'import { a } from "./lib.js";\nimport "./parts/b.js";\n',
    "js/lib.js": "export const a = 1;\n",
    "js/parts/b.js": 'import { a } from "../lib.js";\n',
    "js/other.js": "export const unused = 1;\n",
}


def test_a_url_names_the_content_so_an_edit_moves_it(tmp_path):
    root = make_static(tmp_path / "static", FILES)
    before = Catalogue(root, {})
    css = before.url_path("css/site.css")
    assert css.endswith("/css/site.css") and css != "css/site.css"
    (root / "css/site.css").write_text("body { color: navy; }")
    assert Catalogue(root, {}).url_path("css/site.css") != css


def test_modules_share_one_digest_so_a_page_never_mixes_two_releases(tmp_path):
    root = make_static(tmp_path / "static", FILES)
    before = Catalogue(root, {})
    digests = {before.url_path(name).split("/")[0] for name in FILES if name.startswith("js/")}
    assert len(digests) == 1
    # One module edited: every module moves, since they import each other by relative path.
    (root / "js/lib.js").write_text("export const a = 2;\n")
    after = Catalogue(root, {})
    assert after.url_path("js/page.js") != before.url_path("js/page.js")
    assert after.url_path("css/site.css") == before.url_path("css/site.css")


def test_an_old_digest_is_still_served_but_not_as_current(tmp_path):
    root = make_static(tmp_path / "static", FILES)
    catalogue = Catalogue(root, {})
    asset, current = catalogue.find(catalogue.url_path("css/site.css"))
    assert asset.path == "css/site.css" and current
    asset, current = catalogue.find("0123456789ab/css/site.css")
    assert asset.path == "css/site.css" and not current
    assert catalogue.find("css/site.css") == (asset, False)
    assert catalogue.find("js/missing.js") == (None, False)


def test_module_graph_lists_what_a_page_imports_and_nothing_else(tmp_path):
    root = make_static(tmp_path / "static", FILES)
    assert Catalogue(root, {}).module_graph("js/page.js") == ["js/lib.js", "js/parts/b.js"]


def test_text_is_compressed_both_ways_and_decompresses_to_the_file(tmp_path):
    root = make_static(tmp_path / "static", FILES)
    asset = Catalogue(root, {}).assets["css/site.css"]
    original = FILES["css/site.css"].encode()
    assert brotli.decompress(asset.body("br")) == original
    assert gzip.decompress(asset.body("gzip")) == original
    assert len(asset.body("br")) < len(original) / 5
