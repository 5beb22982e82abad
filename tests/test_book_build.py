"""만든 책(HTML)이 커밋된 노트북을 그대로 보여 주는지, 그리고 기대는 테마 내부가 그대로인지.

책은 아무것도 실행하지 않고 커밋된 book/<장>.ipynb (nbval이 검사한 출력)로 만든다. 여기서 확인한다:
- 짝이 있는 .md는 빠지고 .ipynb가 읽힌다 (장을 더해도 규칙이 그대로 통한다), 용어집 같은 글 쪽은 .md로 남는다
- 장마다 내려받기 메뉴에 .ipynb와 .md가 제 이름으로 있고, 내려받는 파일이 커밋된 파일과 같다
- 장의 출력이 커밋된 출력이다, 같은 <script>가 두 번 나오지 않는다, 기본 화면 모드가 정해져 있다
- _ext/dlcourse_book.py의 실행 중 확인이 테마가 달라지면 조용히 지나가지 않고 ExtensionError를 낸다
- tests/nbval_sanitize.cfg의 규칙마다 커밋된 출력에 맞는 것이 있고, tqdm 규칙은 지표를 지우지 않는다

_build/html이 원본보다 새것이면 그것을 쓰고, 아니면 임시 폴더에 엄격하게 새로 만든다 (약 15초).
"""
import html
import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml
from nbval.plugin import get_sanitize_patterns
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parent.parent
BUILT = ROOT / "_build" / "html"
CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("*.md") if p.with_suffix(".ipynb").is_file())
PLAIN_PAGES = sorted(p.stem for p in (ROOT / "book").glob("*.md") if not p.with_suffix(".ipynb").is_file())
REMOVED_OUTPUT_TAGS = {"remove-output", "remove-cell", "remove_output", "remove_cell"}


def load_extension():
    spec = importlib.util.spec_from_file_location("dlcourse_book", ROOT / "_ext" / "dlcourse_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ext = load_extension()


# --------------------------------------------------------------------------------------------
# 만든 책


def sources_mtime():
    paths = [ROOT / "_config.yml", ROOT / "_toc.yml", ROOT / "pyproject.toml", *ROOT.glob("book/*"),
             *ROOT.glob("_ext/*.py"), *ROOT.glob("_static/**/*"), *ROOT.glob("dlcourse/**/*.py")]
    return max(p.stat().st_mtime for p in paths if p.is_file())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """새것인 _build/html, 아니면 임시 폴더에 엄격하게(-W) 새로 만든 책. (Sphinx는 매 빌드 끝에 .buildinfo를 쓴다.)"""
    stamp = BUILT / ".buildinfo"
    if stamp.exists() and stamp.stat().st_mtime > sources_mtime():
        return BUILT
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jb), "build", "-W", "-n", "--keep-going", str(ROOT), "--path-output", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"엄격한 빌드가 실패했습니다:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    assert not warnings, warnings
    return out / "_build" / "html"


def page(site, name):
    return (site / "book" / f"{name}.html").read_text(encoding="utf-8")


def page_text(source):
    """<main>의 글자만 (태그를 지우고 HTML 개체를 푼다)."""
    main = source[source.find("<main"):source.find("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", main))


def all_pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)


def test_book_has_chapters_and_a_plain_page():
    assert len(CHAPTERS) >= 5 and "perceptron" in CHAPTERS, CHAPTERS
    assert "glossary" in PLAIN_PAGES, PLAIN_PAGES


def test_config_builds_from_committed_notebooks():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "off"
    patterns = config["exclude_patterns"]
    # 장의 .md는 손으로 적지 않는다 (확장이 짝을 보고 더한다), 노트북 전체를 빼지도 않는다
    assert "**.ipynb" not in patterns and not any(p.startswith(("book", "**")) and p != "**.ipynb_checkpoints"
                                                  for p in patterns), patterns
    assert {"_build", "**.ipynb_checkpoints", ".venv", "dlcourse"} <= set(patterns), patterns


def test_paired_markdown_rule(tmp_path):
    """짝이 있는 .md만 빠진다. 이미 제외된 폴더(_build, 체크포인트)는 보지 않는다."""
    for name in ["a.md", "a.ipynb", "plain.md", "only.ipynb", "sub/c.md", "sub/c.ipynb",
                 "_build/x.md", "_build/x.ipynb", "sub/.ipynb_checkpoints/c.md", "sub/.ipynb_checkpoints/c.ipynb"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    found = sorted(ext.paired_markdown(str(tmp_path), ["_build", "**.ipynb_checkpoints"]))
    assert found == ["a.md", "sub/c.md"]
    # 이 책에 맞추면: 모든 장의 .md, 그리고 용어집은 아니다
    book = set(ext.paired_markdown(str(ROOT), yaml.safe_load((ROOT / "_config.yml").read_text())["exclude_patterns"]))
    assert book == {f"book/{c}.md" for c in CHAPTERS}


def test_chapters_read_from_notebooks_and_downloads_are_the_committed_files(site):
    for name in CHAPTERS:
        for suffix in (".ipynb", ".md"):
            served = site / "_sources" / "book" / f"{name}{suffix}"
            assert served.is_file(), f"{served}가 없습니다"
            assert served.read_bytes() == (ROOT / "book" / f"{name}{suffix}").read_bytes(), f"{served}가 커밋된 파일과 다릅니다"
    for name in PLAIN_PAGES:
        assert (site / "_sources" / "book" / f"{name}.md").is_file()
        assert not (site / "_sources" / "book" / f"{name}.ipynb").exists()
    # 패키지 소스는 문서가 아니다 ({literalinclude}로만 쓴다)
    assert not (site / "dlcourse").exists() and not (site / "_sources" / "dlcourse").exists()


@pytest.mark.parametrize("name", CHAPTERS)
def test_download_menu_offers_notebook_and_markdown(site, name):
    source = page(site, name)
    menu = re.search(r'<div class="dropdown dropdown-download-buttons">.*?</ul>', source, re.S)
    assert menu, f"{name}: 내려받기 메뉴가 없습니다"
    links = re.findall(r'<a href="([^"]+)"[^>]*class="btn btn-sm btn-([\w-]+) dropdown-item"', menu.group(0))
    assert links == [(f"../_sources/book/{name}.ipynb", "download-notebook-button"),
                     (f"../_sources/book/{name}.md", "download-source-button")], links


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_shows_committed_outputs(site, name):
    """장의 HTML에 커밋된 .ipynb의 stdout 출력이 줄마다 그대로 있다 (책을 만들 때 다시 실행한 것이 아니다)."""
    nb = nbformat.read(ROOT / "book" / f"{name}.ipynb", as_version=4)
    text = {line.strip() for line in page_text(page(site, name)).splitlines()}
    expected = []
    for cell in nb.cells:
        if cell.cell_type != "code" or REMOVED_OUTPUT_TAGS & set(cell.metadata.get("tags", [])):
            continue
        for out in cell.outputs:
            if out.output_type == "stream" and out.name == "stdout":
                expected += [line.strip() for line in out.text.splitlines() if line.strip()]
    missing = [line for line in expected if line not in text]
    assert not missing, f"{name}: 커밋된 출력이 HTML에 없습니다: {missing[:5]}"
    if name == "perceptron":
        assert expected, "퍼셉트론 장에는 출력된 줄이 있어야 합니다 (검사가 헛돌지 않게)"


def test_no_script_twice(site):
    for path in all_pages(site):
        scripts = re.findall(r"<script\b[^>]*>.*?</script>", path.read_text(encoding="utf-8"), re.S)
        twice = [s[:120] for s, n in Counter(scripts).items() if n > 1]
        assert not twice, f"{path.relative_to(site)}: 같은 <script>가 두 번: {twice}"


def test_default_theme_mode_is_set(site):
    for path in all_pages(site):
        source = path.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in source:  # index.html: 첫 장으로 넘기는 쪽
            continue
        assert re.search(r'<html[^>]*\sdata-theme="light"', source), f"{path.relative_to(site)}: data-theme가 없습니다"
        assert '<body data-default-mode="light">' in source, f"{path.relative_to(site)}: 기본 화면 모드가 없습니다"


# --------------------------------------------------------------------------------------------
# 테마 내부에 기대는 곳: 어긋나면 ExtensionError


class FakeScript:
    def __init__(self, filename):
        self.filename = filename


def test_duplicate_scripts_guard_fails_loudly():
    good = SimpleNamespace(filename="a.js", priority=500, attributes={})
    twin = SimpleNamespace(filename="a.js", priority=500, attributes={})
    context = {"script_files": [good, twin]}
    ext.drop_duplicate_scripts(None, "p", None, context, None)
    assert context["script_files"] == [good]
    with pytest.raises(ExtensionError, match="_JavaScript"):
        ext.drop_duplicate_scripts(None, "p", None, {"script_files": [good, FakeScript("b.js")]}, None)
    with pytest.raises(ExtensionError, match="script_files"):
        ext.drop_duplicate_scripts(None, "p", None, {"script_files": ("x",)}, None)


def fake_app(handlers):
    listeners = {"html-page-context": [SimpleNamespace(handler=h, priority=p) for h, p in handlers]}
    return SimpleNamespace(builder=SimpleNamespace(format="html"), config=SimpleNamespace(html_copy_source=True),
                           events=SimpleNamespace(listeners=listeners))


def test_theme_priority_guard_fails_loudly():
    from sphinx_book_theme.header_buttons import add_header_buttons

    ext.check_theme_assumptions(fake_app([(add_header_buttons, 501)]))
    with pytest.raises(ExtensionError, match="우선순위"):
        ext.check_theme_assumptions(fake_app([(add_header_buttons, ext.DOWNLOAD_PRIORITY + 1)]))
    with pytest.raises(ExtensionError, match="찾지 못했습니다"):
        ext.check_theme_assumptions(fake_app([]))


def test_download_menu_guard_fails_loudly(tmp_path):
    (tmp_path / "ch.ipynb").write_text("{}")
    (tmp_path / "ch.md").write_text("")
    app = SimpleNamespace(env=SimpleNamespace(doc2path=lambda doc: str(tmp_path / f"{doc}.ipynb")),
                          builder=None, config=SimpleNamespace(html_theme_options={}))

    def context(buttons):
        return {"pathto": lambda *a: "_sources", "sourcename": "ch.ipynb", "header_buttons": buttons}

    source = {"type": "link", "url": "_sources/ch.ipynb", "text": ".ipynb", "label": "download-source-button"}
    ok = context([{"label": "download-buttons", "buttons": [dict(source)]}])
    ext.add_markdown_download(app, "ch", None, ok, object())
    assert [(b["label"], b["url"]) for b in ok["header_buttons"][0]["buttons"]] == [
        ("download-notebook-button", "_sources/ch.ipynb"), ("download-source-button", "_sources/ch.md")]
    with pytest.raises(ExtensionError, match="download-buttons"):
        ext.add_markdown_download(app, "ch", None, context([]), object())
    renamed = {**source, "label": "source-file"}
    with pytest.raises(ExtensionError, match="download-source-button"):
        ext.add_markdown_download(app, "ch", None, context([{"label": "download-buttons", "buttons": [renamed]}]),
                                  object())


def test_error_outputs_in_committed_notebooks_warn(caplog):
    """책이 더는 실행하지 않으므로, 커밋된 노트북의 셀 오류는 확장이 경고한다 (-W에서 빌드 실패)."""
    paths = {"ch": "/book/ch.ipynb", "plain": "/book/plain.md"}
    app = SimpleNamespace(env=SimpleNamespace(doc2path=paths.__getitem__))
    error = {"output_type": "error", "ename": "ValueError", "evalue": "boom", "traceback": []}
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": []},
                    {"cell_type": "code", "metadata": {}, "outputs": [error]},
                    {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "outputs": [error]}]}
    with caplog.at_level("WARNING"):
        ext.warn_on_error_outputs(app, "ch", [json.dumps(nb)])
        ext.warn_on_error_outputs(app, "plain", ["# 글 쪽"])
    assert [r.getMessage() for r in caplog.records] == [
        "셀 2에 오류 출력이 있습니다 (ValueError: boom). 노트북을 다시 실행하세요: python tools/execute_notebooks.py"]


def test_extension_refuses_to_execute():
    config = SimpleNamespace(nb_execution_mode="cache", exclude_patterns=[])
    with pytest.raises(ExtensionError, match="off"):
        ext.exclude_paired_markdown(SimpleNamespace(srcdir=str(ROOT)), config)


# --------------------------------------------------------------------------------------------
# nbval 정리 규칙


def sanitize_rules():
    return get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8"))


def committed_output_texts():
    texts = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                values = [out.get("text", "")] + [v for v in out.get("data", {}).values()]
                texts += ["".join(v) if isinstance(v, list) else str(v) for v in values]
    return texts


def test_every_sanitize_rule_matches_a_committed_output():
    rules = sanitize_rules()
    assert rules, "tests/nbval_sanitize.cfg에 규칙이 없습니다"
    texts = committed_output_texts()
    unused = [regex for regex, _ in rules if not any(re.search(regex, t) for t in texts)]
    assert not unused, f"커밋된 출력 어디에도 맞지 않는 규칙 (지우세요): {unused}"


def sanitize(text):
    for regex, replace in sanitize_rules():
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize("bar", [
    "학습:  50%|█████     | 1110/2220 [{}, val_loss=0.1234]",
    "epoch 3: 100%|██████████| 30/30 [{}, val_loss=0.1234, acc=0.9876]",
    "학습:   0%|          | 0/2220 [{}]",
])
@pytest.mark.parametrize("timing", ["00:00<00:00, 2458.96step/s", "1:02:03<00:00,  1.23s/it", "00:00<?, ?it/s"])
def test_tqdm_rule_replaces_only_timing(bar, timing):
    """시간 부분(경과<남은 시간, 속도)만 지우고, 막대 앞부분과 key=value 지표는 그대로 둔다."""
    assert sanitize(bar.format(timing)) == bar.format("TQDM-TIME")


def test_tqdm_rule_leaves_printed_metrics_alone():
    for line in ["val_loss=0.1234", "val_loss=0.1234, acc=0.9876 (3.2s/it)", "[val_loss=0.1234]", "걸음 10: 1.50s/it"]:
        assert sanitize(line) == line
