"""한글과 마이너스 기호가 글리프 경고 없이 그려지는지 확인한다."""
import io
import logging
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import dlcourse  # noqa: E402


def test_hangul_and_minus_render_without_missing_glyphs(caplog):
    dlcourse.setup_plots()
    fig, ax = plt.subplots()
    ax.semilogy([-2, 2], [1e-3, 1], label="손실 $10^{-3}$")  # 로그 축: 눈금에 수식 마이너스
    ax.set_title("퍼셉트론의 결정 경계 −1", weight="bold")
    ax.set_xlabel("입력 $x_1$ (음수 -2)")
    ax.legend()
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()]
    family = matplotlib.font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    assert "NanumGothic" in matplotlib.font_manager.findfont(family)


def test_setup_plots_does_not_import_koreanize_matplotlib():
    code = "import sys, dlcourse; dlcourse.setup_plots(); print('koreanize_matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_scratch_imports_without_torch():
    code = (
        "import sys; sys.modules['torch'] = None\n"  # torch를 import하면 ImportError가 나게 한다
        "import numpy as np, dlcourse.scratch as S\n"
        "m = S.Perceptron(2); S.train_perceptron(m, np.eye(2), np.array([0.0, 1.0]))\n"
        "print(S.sigmoid(np.zeros(1))[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0.5"
