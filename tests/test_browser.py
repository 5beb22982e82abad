"""만든 책을 진짜 브라우저(헤드리스 Chromium)로 연다: 독자가 보는 화면을 검사한다.

책(_build/html)을 127.0.0.1에서 내보이고, 다른 호스트로 가는 요청은 모두 막은 채 모든 쪽을 연다. 쪽마다:
수식이 MathJax로 조판되었는지(원시 \\frac, $$ 가 남지 않았는지), 모든 그림이 불러와졌는지, 한글이 있는지,
콘솔 오류가 없는지, 다른 호스트로 요청하지 않았는지 확인하고 화면을 screenshots/ 에 저장한다.
한국어 검색도 확인한다: "역전파"를 찾으면 역전파 장이 나와야 한다.

Chromium이 없으면 설치 방법을 알리며 건너뛴다:  sudo apt-get install -y chromium
책이 없거나 원본보다 오래되었으면 먼저 만든다 (jupyter-book build).
"""
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

MISSING = ("Chromium이 없습니다. 설치: sudo apt-get install -y chromium (Debian/Ubuntu). "
           "브라우저를 내려받는 'playwright install'은 쓰지 않습니다.")
if CHROMIUM is None and os.environ.get("DLCOURSE_REQUIRE_BROWSER"):
    raise RuntimeError(MISSING + " (DLCOURSE_REQUIRE_BROWSER가 켜져 있어 건너뛰지 않습니다)")

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=MISSING)]


def _sources_newer_than_build():
    # Sphinx는 빌드마다 .buildinfo를 새로 쓴다 (index.html은 처음 한 번만 쓰이는 넘김 쪽이라 기준이 못 된다).
    # 장은 커밋된 book/*.ipynb로 만들고, .md는 내려받기용으로 _sources/에 복사된다: 둘 다 본다.
    built = HTML / ".buildinfo"
    if not built.exists():
        return True
    sources = [ROOT / "_config.yml", ROOT / "_toc.yml", *ROOT.glob("book/*.md"), *ROOT.glob("book/*.ipynb"),
               *ROOT.glob("_ext/*.py"), *ROOT.glob("_static/**/*"), *ROOT.glob("dlcourse/**/*.py")]
    return max(p.stat().st_mtime for p in sources if p.is_file()) > built.stat().st_mtime


@pytest.fixture(scope="module")
def site():
    if _sources_newer_than_build():
        jb = Path(sys.executable).with_name("jupyter-book")
        subprocess.run([str(jb), "build", "-W", "-n", "--keep-going", str(ROOT)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-quic"])
        yield b
        b.close()


PAGES = sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
               if "_static" not in p.parts and "_sources" not in p.parts) if HTML.exists() else [
    "index.html", "search.html", "genindex.html",
    *[f"book/{p.stem}.html" for p in sorted((ROOT / "book").glob("*.md"))]]


def open_page(browser, url):
    """쪽을 열고 (콘솔 오류, 다른 호스트 요청, 페이지 객체)를 돌려준다. 다른 호스트 요청은 막는다."""
    context = browser.new_context(viewport={"width": 1200, "height": 1600}, locale="ko-KR")
    page = context.new_page()
    errors, foreign = [], []
    origin = url.split("/", 3)[:3]
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(r):
        if r.request.url.split("/", 3)[:3] == origin or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, errors, foreign


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline(name, site, browser):
    page, errors, foreign = open_page(browser, f"{site}/{name}")
    has_math = page.locator(".math, .MathJax_Preview, script[type^='math/tex']").count() > 0
    if has_math:
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise"
                               " && document.querySelectorAll('mjx-container').length > 0", timeout=20_000)
        page.evaluate("MathJax.startup.promise")
    # 지연 로딩 그림까지 모두 불러오도록 끝까지 내려갔다가 돌아온다
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(img => img.complete)", timeout=20_000)
    broken = page.evaluate("[...document.images].filter(img => img.naturalWidth === 0).map(img => img.src)")
    text = page.evaluate("document.body.innerText")
    page.evaluate("document.fonts.ready")
    hangul_font = page.evaluate(
        "[...document.fonts].some(f => f.family.includes('DLCourse Hangul') && f.status === 'loaded')")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / (name.replace("/", "__").replace(".html", ".png"))), full_page=True)
    page.context.close()

    assert not foreign, f"{name}: 다른 호스트로 요청했습니다: {foreign}"
    assert not errors, f"{name}: 콘솔 오류 {errors}"
    assert not broken, f"{name}: 불러오지 못한 그림 {broken}"
    assert re.search(r"[가-힣]", text), f"{name}: 한글이 보이지 않습니다"
    assert hangul_font, f"{name}: 책에 실린 한글 웹 글꼴이 불러와지지 않았습니다 (한국어 글꼴이 없는 기계에서 □로 보인다)"
    raw = [tok for tok in (r"\frac", "$$", r"\mathbf", r"\begin{") if tok in text]
    assert not raw, f"{name}: 조판되지 않은 수식 {raw}"


def test_math_chapter_is_typeset(site, browser):
    """수식이 많은 장에서 MathJax 출력이 실제로 여러 개 생겼는지 (검사가 헛돌지 않게)."""
    page, errors, foreign = open_page(browser, f"{site}/book/backprop.html")
    page.wait_for_function("document.querySelectorAll('mjx-container').length > 20", timeout=20_000)
    count = page.evaluate("document.querySelectorAll('mjx-container').length")
    page.context.close()
    assert count > 20 and not foreign and not errors


@pytest.mark.parametrize("query,expected", [("역전파", "book/backprop"), ("손실", "book/loss"),
                                            ("퍼셉트론", "book/perceptron")])
def test_korean_search_finds_chapter(query, expected, site, browser):
    page, errors, foreign = open_page(browser, f"{site}/search.html?q={query}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    links = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    page.context.close()
    assert any(expected in (href or "") for href in links), f"{query!r} 검색 결과에 {expected}가 없습니다: {links}"
    assert not errors and not foreign


def test_notebook_downloads_have_real_names(site, browser):
    page, errors, foreign = open_page(browser, f"{site}/book/perceptron.html")
    hrefs = page.eval_on_selector_all("a[href*='_sources']", "els => els.map(e => e.getAttribute('href'))")
    page.context.close()
    assert "../_sources/book/perceptron.ipynb" in hrefs and "../_sources/book/perceptron.md" in hrefs, hrefs
    import json

    notebook = json.loads((HTML / "_sources" / "book" / "perceptron.ipynb").read_text(encoding="utf-8"))
    assert any(c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code"), "실행 결과가 있는 노트북이어야 합니다"
