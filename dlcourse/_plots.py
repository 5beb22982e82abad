"""그림 설정: 한글 글꼴과 마이너스 기호."""
import importlib.util
from pathlib import Path

FONT_FAMILY = "NanumGothic"
MINUS_SIGN, HYPHEN_MINUS = 0x2212, 0x2D


def _nanum_font_files():
    """koreanize-matplotlib 패키지에 들어 있는 나눔고딕 파일들.

    그 패키지를 import하면 distutils를 찾으므로(Python 3.12+에서 실패) import하지 않고 파일만 쓴다.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            "한글 글꼴을 찾지 못했습니다: pip install koreanize-matplotlib (pip install -e . 에 포함)"
        )
    return sorted((Path(spec.origin).parent / "fonts").glob("NanumGothic*.ttf"))


def _with_minus_sign(src, cache_dir):
    """나눔고딕에는 유니코드 마이너스(U+2212)가 없다. 수식 모드(예: 로그 축 눈금 10^{-2})는
    그 문자를 쓰므로, 하이픈 글리프를 U+2212에도 연결한 사본을 캐시 폴더에 만들어 쓴다."""
    from fontTools.ttLib import TTFont

    dst = cache_dir / src.name
    if not dst.exists():
        font = TTFont(src)
        for table in font["cmap"].tables:
            if table.isUnicode() and HYPHEN_MINUS in table.cmap:
                table.cmap.setdefault(MINUS_SIGN, table.cmap[HYPHEN_MINUS])
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_suffix(".tmp")
        font.save(tmp)
        tmp.replace(dst)
    return dst


def setup_plots():
    """matplotlib이 한글을 그리도록 나눔고딕을 등록하고 기본 모양을 정한다. 장의 첫 셀에서 한 번 부른다."""
    import matplotlib as mpl
    from matplotlib import font_manager

    cache_dir = Path(mpl.get_cachedir()) / "dlcourse-fonts"
    registered = {f.fname for f in font_manager.fontManager.ttflist}
    for src in _nanum_font_files():
        path = str(_with_minus_sign(src, cache_dir))
        if path not in registered:
            font_manager.fontManager.addfont(path)
    mpl.rcParams.update({
        "font.family": FONT_FAMILY,
        # 일반 글자의 마이너스는 ASCII 하이픈으로 (어느 한글 글꼴에서나 그려진다).
        "axes.unicode_minus": False,
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
    })
