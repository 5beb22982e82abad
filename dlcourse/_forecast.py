"""신경망 예측기(forecaster)에서 백엔드와 무관한 것: 셀 이름, 창 입력의 모양, 시간 순서의 학습/검증 나누기.

두 백엔드의 ``forecaster.py`` (SequenceRegressor, fit_window_model, NeuralForecaster)가 함께 쓴다.
모양은 ``.shape`` / ``.ndim`` 만 읽으므로 NumPy 배열과 torch 텐서 모두에 쓴다. 어느 백엔드도 import하지 않는다.
"""
import numbers

from .timeseries import WindowForecaster

# 셀 이름 → 순환 층 클래스 이름 (두 백엔드에 같은 이름으로 있다)
CELLS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def check_cell(cell, where):
    """셀 이름은 "rnn", "lstm", "gru" 가운데 하나. 순환 층 클래스 이름("RNN" …)을 돌려준다."""
    if not isinstance(cell, str) or cell not in CELLS:
        raise ValueError(f"{where}: cell은 {tuple(CELLS)} 가운데 하나여야 하는데 {cell!r}을(를) 받았습니다.")
    return CELLS[cell]


def check_size(value, name, where):
    """양의 정수 크기 (bool은 거절한다)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where}: {name}은(는) 정수여야 하는데 {value!r} ({type(value).__name__})을 받았습니다.")
    if value < 1:
        raise ValueError(f"{where}: {name}은(는) 1 이상이어야 하는데 {value}입니다.")
    return int(value)


def sequence_shape(x, input_size, where):
    """창 묶음 x의 모양을 순환 층의 입력 모양 (N, L, input_size)로 바꿔 돌려준다.

    - (N, L, input_size): 그대로. 여러 변수의 창.
    - (N, L): 변수가 하나(input_size = 1)인 창, 곧 ``make_windows`` 의 X. (N, L, 1)로 본다.
    그 밖의 모양은 ValueError (무엇을 받았는지 적는다).
    """
    if x.ndim == 2 and input_size == 1:
        return (x.shape[0], x.shape[1], 1)
    if x.ndim == 3 and x.shape[2] == input_size:
        return tuple(x.shape)
    want = "(N, L) 또는 (N, L, 1)" if input_size == 1 else f"(N, L, {input_size})"
    raise ValueError(f"{where}: 입력 창은 {want} 모양이어야 하는데 shape {tuple(x.shape)}을 받았습니다.")


def split_windows(x, y, val_points=30):
    """``make_windows`` 로 만든 창 (시간 순서, 한 칸씩 밀린 창)을 시간 순서대로 학습 | 검증으로 나눈다.

    x (N, L(, D)), y (N, h) → (x_train, y_train, x_val, y_val).
    검증 창 = 목표 h개가 모두 시계열의 마지막 ``val_points`` 개 값 안에 드는 창: 마지막 val_points − h + 1개.
    학습 창 = 목표가 그 앞에서 끝나는 창: 처음 N − val_points개. 그 사이의 h − 1개 창은 목표가 두 구간에 걸치므로
    버린다. 그래서 검증 구간의 값은 학습의 목표로 한 번도 쓰이지 않는다 (입력으로는 쓰인다: 과거이기 때문이다).
    """
    where = "split_windows"
    if x.shape[:1] != y.shape[:1] or y.ndim != 2:
        raise ValueError(f"{where}: x shape {tuple(x.shape)}와(과) y shape {tuple(y.shape)} (N, h)의 창 수 N이 같아야 합니다.")
    val_points = check_size(val_points, "val_points", where)
    n, h = y.shape
    if val_points < h:
        raise ValueError(f"{where}: val_points {val_points}가 horizon {h}보다 작아 검증 창이 하나도 없습니다.")
    if n - val_points < 1:
        raise ValueError(f"{where}: 창 {n}개로는 마지막 {val_points}개 값을 검증으로 떼고 나면 학습 창이 남지 않습니다.")
    start = n - val_points + h - 1
    return x[:n - val_points], y[:n - val_points], x[start:], y[start:]


class NeuralForecasterBase(WindowForecaster):
    """두 백엔드의 ``NeuralForecaster`` 가 함께 쓰는 부분: 인자 검사·보관과 repr.

    학습(``_train``: 창 → 학습한 모델의 예측 함수)은 백엔드마다 다르므로 하위 클래스가 쓴다.
    """

    def __init__(self, build_model, input_length, *, generator, strategy="recursive", horizon=1, scale=True,
                 level_free=False, val_points=30, lr=1e-3, batch_size=32, max_epochs=300, patience=30, max_norm=1.0,
                 weight_decay=0.0):
        if not callable(build_model):
            raise TypeError(f"NeuralForecaster: build_model은 새 모델을 돌려주는 함수여야 하는데 "
                            f"{type(build_model).__name__}을 받았습니다.")
        super().__init__(self._train, input_length, strategy=strategy, horizon=horizon, scale=scale,
                         level_free=level_free)
        self.build_model, self.generator = build_model, generator
        self.fit_options = dict(val_points=val_points, lr=lr, batch_size=batch_size, max_epochs=max_epochs,
                                patience=patience, max_norm=max_norm, weight_decay=weight_decay)
        self.model_ = self.history_ = None

    def __repr__(self):
        options = ", ".join(f"{k}={v}" for k, v in self.fit_options.items())
        return (f"NeuralForecaster(input_length={self.input_length}, strategy={self.strategy!r}, horizon={self.horizon}, "
                f"scale={self.scale}, level_free={self.level_free}, {options})")
