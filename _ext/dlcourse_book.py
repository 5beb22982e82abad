"""이 책의 Sphinx 확장: 한국어 검색과 노트북 내려받기.

1. 한국어 검색: Sphinx에는 한국어 검색 언어가 없어서 "역전파를"처럼 조사가 붙은 낱말을 "역전파"로 찾지 못한다
   (특히 두 글자 낱말 "손실", "학습"은 부분 일치도 되지 않는다). 한글은 글자 2개씩 겹쳐 자른 바이그램(bigram)으로
   색인하고, 검색어도 같은 방식으로 잘라 모든 바이그램이 있는 쪽을 찾는다. 한 글자 검색어를 위해 글자 하나도 색인한다.
2. 한글 웹 글꼴: 나눔고딕을 자주 쓰는 글자(KS X 1001의 2,350자 + 책에 나오는 모든 한글)로 줄여
   _static/fonts/ 에 싣는다 (_static/dlcourse.css 가 쓴다). 한국어 글꼴이 없는 기계에서도 한글이 보인다.
3. 노트북 내려받기: 장마다 커밋된 실행 결과 노트북 book/<이름>.ipynb 를 _sources/ 에 복사해,
   머리글의 내려받기 단추에 .md 와 함께 .ipynb 가 제 이름으로 나오게 한다.
"""
import re
import shutil
from pathlib import Path

from sphinx.search import SearchLanguage

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


def add_notebook_download(app, pagename, templatename, context, doctree):
    """커밋된 book/<이름>.ipynb 가 있으면 내려받기 단추에 .ipynb 를 올린다 (파일 복사는 copy_notebooks)."""
    if doctree is not None and Path(app.srcdir, pagename).with_suffix(".ipynb").is_file():
        context["ipynb_source"] = pagename + ".ipynb"


def copy_notebooks(app, exception):
    """빌드가 끝난 뒤 실행된 기준 노트북을 _sources/ 에 복사한다. 테마가 launch 단추용으로 복사해 둔
    실행 전 노트북이 있으면 덮어쓴다. html-page-context 처리기는 앞의 처리기가 값을 돌려주면 불리지 않으므로
    (emit_firstresult) 여기서 한다."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        notebook = Path(app.srcdir, docname).with_suffix(".ipynb")
        if notebook.is_file():
            target = Path(app.outdir, "_sources", docname).with_suffix(".ipynb")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(notebook, target)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """같은 <script>가 두 번 들어가면(sphinx-thebe의 설정 스크립트) 브라우저가
    "Identifier 'THEBE_JS_URL' has already been declared" 오류를 낸다. 똑같은 것은 한 번만 남긴다."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # 한쪽은 filename이 None, 다른 쪽은 ''이라 Sphinx 자신의 중복 검사를 빠져나온다
        key = (script.filename or "", script.priority, repr(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique  # 제자리에서: 뒤의 처리기(MathJax 등)가 같은 목록에 더한다


def set_default_mode(app, pagename, templatename, context, doctree):
    """pydata-sphinx-theme은 default_mode가 비어 있으면 첫 방문에 "Got invalid theme mode" 콘솔 오류를 낸다.
    밝은 화면을 기본으로 한다 (그림 배경이 흰색이다)."""
    if not context.get("default_mode"):
        context["default_mode"] = "light"


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
    app.connect("config-inited", add_hangul_webfont)
    app.add_search_language(SearchKorean)
    # 모두 sphinx-book-theme이 머리글 단추를 만들기(우선순위 500) 전에 실행되어야 한다.
    app.connect("html-page-context", add_notebook_download, priority=400)
    app.connect("html-page-context", drop_duplicate_scripts, priority=400)
    app.connect("html-page-context", set_default_mode, priority=400)
    app.connect("build-finished", copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
