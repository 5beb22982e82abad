"""이 책의 Sphinx 확장: 커밋된 노트북으로 책 만들기, 한국어 검색, 노트북 내려받기.

1. 커밋된 출력 그대로: 장마다 book/<이름>.md (편집하는 원본)와 실행된 book/<이름>.ipynb (nbval이 검사한 기준
   출력)가 짝을 이룬다. 책은 아무것도 실행하지 않고(execute_notebooks: "off") .ipynb 를 읽는다. 짝이 있는 .md 는
   config-inited 에서 exclude_patterns 에 더하므로, 장을 새로 더해도 _config.yml 을 고칠 일이 없다
   (Sphinx의 exclude_patterns 에는 "이것만 빼고"가 없어서, 짝이 없는 용어집 같은 글 쪽은 이렇게 해야 남는다).
   커밋된 출력에 셀 오류가 있으면 경고한다(-W 에서 실패): 실행하던 때와 같다. stderr 는 nb_output_stderr: warn.
2. 한국어 검색: Sphinx에는 한국어 검색 언어가 없어서 "역전파를"처럼 조사가 붙은 낱말을 "역전파"로 찾지 못한다
   (특히 두 글자 낱말 "손실", "학습"은 부분 일치도 되지 않는다). 한글은 글자 2개씩 겹쳐 자른 바이그램(bigram)으로
   색인하고, 검색어도 같은 방식으로 잘라 모든 바이그램이 있는 쪽을 찾는다. 한 글자 검색어를 위해 글자 하나도 색인한다.
3. 한글 웹 글꼴: 나눔고딕을 자주 쓰는 글자(KS X 1001의 2,350자 + 책에 나오는 모든 한글)로 줄여
   _static/fonts/ 에 싣는다 (_static/dlcourse.css 가 쓴다). 한국어 글꼴이 없는 기계에서도 한글이 보인다.
4. 노트북 내려받기: Sphinx가 원본인 .ipynb 를 _sources/ 에 복사한다. 짝 .md 도 _sources/ 에 복사하고
   머리글의 내려받기 단추에 .ipynb 와 .md 를 제 이름으로 둘 다 올린다.

테마 내부에 기대는 곳은 모두 실행 중에 확인하고, 어긋나면 조용히 지나가지 않고 ExtensionError 로 빌드를 멈춘다
(버전은 pyproject.toml 에 고정). tests/test_book_build.py 가 만든 HTML로 같은 것을 확인한다.
"""
import json
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.locale import get_translation
from sphinx.search import SearchLanguage
from sphinx.util import logging
from sphinx.util.matching import get_matching_files

logger = logging.getLogger(__name__)

HANGUL = "\uac00-\ud7a3"
_TOKEN_RE = re.compile(rf"[{HANGUL}]+|[^\W{HANGUL}]+")


def hangul_ngrams(word):
    """한글 낱말 → 글자 바이그램 (한 글자 낱말은 그대로)."""
    if len(word) == 1:
        return [word]
    return [word[i:i + 2] for i in range(len(word) - 1)]


def split_korean(text):
    """색인용: 한글은 바이그램과 낱글자, 그 밖의 낱말은 통째로."""
    tokens = []
    for tok in _TOKEN_RE.findall(text):
        if re.fullmatch(rf"[{HANGUL}]+", tok):
            tokens.extend(hangul_ngrams(tok))
            if len(tok) > 1:
                tokens.extend(tok)  # 낱글자: 한 글자 검색어("층")를 위해
        else:
            tokens.append(tok)
    return tokens


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    stopwords = set()
    js_splitter_code = r"""
function splitQuery(query) {
  // 검색어: 한글 덩어리는 글자 바이그램으로, 그 밖은 낱말 그대로 (색인과 같은 규칙)
  const out = [];
  for (const tok of query.split(/[^\p{Letter}\p{Number}_]+/u)) {
    if (!tok) continue;
    for (const part of tok.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g)) {
      if (/^[\uac00-\ud7a3]+$/.test(part)) {
        if (part.length === 1) out.push(part);
        else for (let i = 0; i + 2 <= part.length; i++) out.push(part.slice(i, i + 2));
      } else {
        out.push(part);
      }
    }
  }
  return out;
}
"""

    def split(self, input):
        return split_korean(input)

    def word_filter(self, word):
        return len(word) > 0

    def stem(self, word):
        return word.lower()


# ---------------------------------------------------------------------------------------------
# 1. 커밋된 노트북으로 책 만들기


def paired_markdown(srcdir, exclude_patterns):
    """srcdir 아래에서 (이미 제외된 곳은 빼고) 같은 이름의 .ipynb 짝이 있는 .md 의 상대 경로(posix)."""
    for notebook in get_matching_files(srcdir, ["**.ipynb"], exclude_patterns):
        markdown = notebook[: -len(".ipynb")] + ".md"
        if Path(srcdir, markdown).is_file():
            yield markdown


def exclude_paired_markdown(app, config):
    """짝이 있는 .md 를 빼서 Sphinx가 같은 문서 이름의 .ipynb (커밋된 출력)를 읽게 한다."""
    if config.nb_execution_mode != "off":
        raise ExtensionError(
            f"dlcourse_book: execute_notebooks가 {config.nb_execution_mode!r}입니다. 책은 nbval이 검사한 커밋된 "
            "출력을 그대로 보여야 하므로 _config.yml에서 execute_notebooks: \"off\"로 두세요.")
    paired = sorted(paired_markdown(app.srcdir, config.exclude_patterns))
    # extend 하지 않는다: 기본값 목록을 바꾸게 된다
    config.exclude_patterns = [*config.exclude_patterns, *paired]


def warn_on_error_outputs(app, docname, source):
    """커밋된 노트북에 셀 오류(error 출력)가 있으면 경고한다 (-W 에서 빌드 실패). 책이 노트북을 실행하던 때
    셀 오류가 빌드를 멈추던 것과 같다. 일부러 오류를 보이는 셀은 raises-exception 태그를 단다 (MyST-NB 관례).
    stderr 출력은 MyST-NB 자신이 nb_output_stderr: warn 으로 경고한다."""
    if not app.env.doc2path(docname).endswith(".ipynb"):
        return
    for i, cell in enumerate(json.loads(source[0]).get("cells", [])):  # i + 1: MyST-NB의 stderr 경고와 같은 번호
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                logger.warning("셀 %s에 오류 출력이 있습니다 (%s: %s). 노트북을 다시 실행하세요: "
                               "python tools/execute_notebooks.py", i + 1, out.get("ename"), out.get("evalue"),
                               location=docname, type="dlcourse", subtype="error_output")


# ---------------------------------------------------------------------------------------------
# 4. 내려받기 단추 (sphinx-book-theme 1.3 의 header_buttons 구조에 기댄다: 아래 확인 참고)

DOWNLOAD_PRIORITY = 600  # 테마가 내려받기 단추를 만든 뒤(add_header_buttons, 우선순위 501)
THEME_HEADER_HANDLER = ("sphinx_book_theme.header_buttons", "add_header_buttons")
_theme = get_translation("booktheme")  # 테마의 번역 (노트북 파일 다운로드, 소스 파일 다운로드)


def markdown_pair(app, docname):
    """docname 을 .ipynb 에서 읽었고 짝 .md 가 있으면 그 .md 경로, 아니면 None."""
    source = Path(app.env.doc2path(docname))
    markdown = source.with_suffix(".md")
    if source.suffix == ".ipynb" and markdown.is_file():
        return markdown
    return None


def check_theme_assumptions(app):
    """builder-inited: 기대는 테마 내부가 그대로인지 확인한다. 다르면 여기서 빌드가 멈춘다."""
    if app.builder.format != "html":
        return
    if not app.config.html_copy_source:
        raise ExtensionError("dlcourse_book: html_copy_source가 꺼져 있어 _sources/에 .ipynb가 복사되지 않습니다.")
    listeners = getattr(getattr(app, "events", None), "listeners", None)
    if not isinstance(listeners, dict):
        raise ExtensionError("dlcourse_book: Sphinx의 app.events.listeners가 없습니다. 처리기 순서를 확인할 수 없습니다.")
    theme = [listener for listener in listeners.get("html-page-context", [])
             if (getattr(listener.handler, "__module__", None), getattr(listener.handler, "__name__", None))
             == THEME_HEADER_HANDLER]
    if len(theme) != 1:
        raise ExtensionError(
            f"dlcourse_book: html-page-context 처리기 {'.'.join(THEME_HEADER_HANDLER)}를 찾지 못했습니다 "
            f"({len(theme)}개). sphinx-book-theme이 내려받기 단추를 만드는 방식이 바뀌었습니다.")
    if not theme[0].priority < DOWNLOAD_PRIORITY:
        raise ExtensionError(
            f"dlcourse_book: sphinx-book-theme의 add_header_buttons 우선순위가 {theme[0].priority}입니다. "
            f".md 내려받기 단추를 더하는 처리기(우선순위 {DOWNLOAD_PRIORITY})보다 먼저 돌아야 합니다.")


def add_markdown_download(app, pagename, templatename, context, doctree):
    """테마가 만든 내려받기 묶음에서, 원본(.ipynb) 단추를 노트북 단추로 바꾸고 그 뒤에 짝 .md 단추를 넣는다.
    예전(.md 를 원본으로 읽던 때)과 같은 메뉴: .ipynb (노트북 파일 다운로드), .md (소스 파일 다운로드), .pdf."""
    if doctree is None or markdown_pair(app, pagename) is None:
        return
    from pydata_sphinx_theme.utils import get_theme_options_dict

    if str(get_theme_options_dict(app).get("use_download_button", True)).lower() == "false":
        return
    where = f"dlcourse_book: {pagename}의 내려받기 단추"
    groups = [b for b in context.get("header_buttons", []) if isinstance(b, dict) and b.get("label") == "download-buttons"]
    if len(groups) != 1 or not isinstance(groups[0].get("buttons"), list):
        raise ExtensionError(f"{where}: context['header_buttons']에 label이 'download-buttons'인 묶음이 "
                             "하나가 아닙니다. sphinx-book-theme의 머리글 단추 구조가 바뀌었습니다.")
    buttons = groups[0]["buttons"]
    sources = [i for i, b in enumerate(buttons) if b.get("label") == "download-source-button"]
    notebook_url = f"{context['pathto']('_sources', 1)}/{context.get('sourcename')}"
    if len(sources) != 1 or buttons[sources[0]].get("url") != notebook_url:
        raise ExtensionError(f"{where}: 원본 파일 단추(download-source-button, {notebook_url})를 찾지 못했습니다. "
                             "sphinx-book-theme의 머리글 단추 구조가 바뀌었습니다.")
    if any(b.get("label") == "download-notebook-button" for b in buttons):
        raise ExtensionError(f"{where}: 테마가 이미 노트북 단추를 만들었습니다. 같은 .ipynb가 두 번 나옵니다.")
    i = sources[0]
    buttons[i] = {**buttons[i], "text": ".ipynb", "icon": "fas fa-code",
                  "tooltip": _theme("Download notebook file"), "label": "download-notebook-button"}
    buttons.insert(i + 1, {**buttons[i], "url": f"{context['pathto']('_sources', 1)}/{pagename}.md", "text": ".md",
                           "icon": "fas fa-file", "tooltip": _theme("Download source file"),
                           "label": "download-source-button"})


def copy_markdown_sources(app, exception):
    """.ipynb 로 만든 쪽마다 짝 .md 를 _sources/ 에 복사한다 (.ipynb 는 Sphinx가 원본으로 복사한다)."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        markdown = markdown_pair(app, docname)
        if markdown is not None:
            target = Path(app.outdir, "_sources", docname).with_suffix(".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(markdown, target)


# ---------------------------------------------------------------------------------------------
# 겹친 <script> 없애기 (Sphinx의 _JavaScript 속성 filename, priority, attributes 에 기댄다)

_SCRIPT_ATTRS = ("filename", "priority", "attributes")


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """같은 <script>가 두 번 들어가면(sphinx-thebe의 설정 스크립트) 브라우저가
    "Identifier 'THEBE_JS_URL' has already been declared" 오류를 낸다. 똑같은 것은 한 번만 남긴다."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        raise ExtensionError(f"dlcourse_book: {pagename}: context['script_files']가 목록이 아닙니다 ({type(scripts)}).")
    seen, unique = set(), []
    for script in scripts:
        missing = [a for a in _SCRIPT_ATTRS if not hasattr(script, a)]
        if missing or not isinstance(script.attributes, dict):
            raise ExtensionError(
                f"dlcourse_book: {pagename}: 스크립트 {script!r}에 {missing or ['attributes(dict)']}이(가) 없습니다. "
                "Sphinx의 _JavaScript가 바뀌어 겹친 <script>를 가려낼 수 없습니다.")
        # 한쪽은 filename이 None, 다른 쪽은 ''이라 Sphinx 자신의 중복 검사를 빠져나온다
        key = (script.filename or "", script.priority, repr(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # 제자리에서: 뒤의 처리기(MathJax 등)가 같은 목록에 더한다


FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")


def hangul_subset(srcdir):
    """웹 글꼴에 넣을 글자: KS X 1001 한글 2,350자, 한글 자모, 그리고 책과 패키지에 나오는 모든 한글."""
    chars = set()
    for code in range(0xAC00, 0xD7A4):
        try:
            chr(code).encode("euc-kr")
            chars.add(chr(code))
        except UnicodeEncodeError:
            pass
    chars.update(chr(c) for c in range(0x3131, 0x318F))
    root = Path(srcdir)
    for path in [*root.glob("book/*.md"), *root.glob("book/*.ipynb"), *root.glob("dlcourse/**/*.py")]:
        chars.update(re.findall(rf"[{HANGUL}]", path.read_text(encoding="utf-8")))
    return "".join(sorted(chars))


def add_hangul_webfont(app, config):
    """koreanize-matplotlib의 나눔고딕을 줄여 woff로 만들고 html_static_path에 더한다 (결과는 _build에 캐시)."""
    import importlib.util

    from fontTools import subset

    spec = importlib.util.find_spec("koreanize_matplotlib")
    font_dir = Path(spec.origin).parent / "fonts"
    text = hangul_subset(app.srcdir)
    static = Path(app.outdir).parent / "dlcourse-webfont"
    out = static / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    stamp = static.parent / "dlcourse-webfont-subset.txt"  # 정적 폴더 밖: 책에 실리지 않게
    for name in FONT_FILES:
        target = out / name.replace(".ttf", ".woff")
        if target.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == text:
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        font = subset.load_font(str(font_dir / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text + "".join(chr(c) for c in range(0x20, 0x7F)))
        subsetter.subset(font)
        subset.save_font(font, str(target), options)
    stamp.write_text(text, encoding="utf-8")
    config.html_static_path.append(str(static))


def setup(app):
    app.connect("config-inited", exclude_paired_markdown)
    app.connect("source-read", warn_on_error_outputs)
    app.connect("config-inited", add_hangul_webfont)
    app.connect("builder-inited", check_theme_assumptions)
    app.add_search_language(SearchKorean)
    app.connect("html-page-context", drop_duplicate_scripts, priority=400)
    app.connect("html-page-context", add_markdown_download, priority=DOWNLOAD_PRIORITY)
    app.connect("build-finished", copy_markdown_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
