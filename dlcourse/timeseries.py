"""시계열 도구: 데이터, 창(window), 시간 순서 나누기, 척도 맞추기, 지표, 기준 모델, 평가 규약.

백엔드와 무관하다: NumPy만 쓴다. 데이터는 statsmodels에 들어 있는 파일을 함수 안에서 읽는다 (내려받기 없음).
모양 표기: 시계열 하나는 (T,), 창 묶음은 (N, input_length), 목표 묶음은 (N, horizon).

예측기(forecaster)의 약속 — 기준 모델도, 나중의 신경망 예측기도 이 둘만 지키면 평가 규약에 끼울 수 있다.

- ``fit(train)`` (있으면): train (T_train,) — 시험 구간 앞의 데이터로 한 번 학습하고 self를 돌려준다.
- ``forecast(history, horizon)``: history (T_o,) — 예측 시점(origin)까지의 관측 전부 (마지막 값이 origin의 값),
  돌려주는 값 (horizon,) — origin 다음 horizon걸음의 예측.

``forecast`` 만 있는 함수 ``f(history, horizon)`` 도 예측기로 받는다 (학습할 것이 없는 경우).
평가 규약은 origin마다 ``values[:origin + 1]`` 의 새 사본만 넘기므로 예측기는 origin 뒤를 볼 수 없다.
"""
import functools
import math
import numbers
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

__all__ = [
    "SeriesData", "load_sunspots", "load_co2",
    "make_windows", "TimeSplit", "split_by_time", "StandardScaler",
    "mae", "rmse", "mase", "mase_scale",
    "recursive_forecast", "direct_forecast",
    "Forecaster", "NaiveForecaster", "SeasonalNaiveForecaster", "ARForecaster", "WindowForecaster",
    "fit_ar", "select_ar_order",
    "Protocol", "Evaluation", "sunspots_h1", "sunspots_h10", "co2_h12", "evaluate",
    "evaluate_sunspots_h1", "evaluate_sunspots_h10", "evaluate_co2_h12",
]


# ---------------------------------------------------------------- 입력 검사

def _as_series(x, name, where, *, min_length=1):
    """1차원 실수 시계열 (T,) float64의 새 사본으로 바꾼다. 모양·dtype·유한성이 틀리면 알린다."""
    try:
        a = np.asarray(x)
    except Exception as err:  # 예: 기울기를 단 torch 텐서
        raise TypeError(f"{where}: {name}을(를) NumPy 배열로 바꿀 수 없습니다 ({type(x).__name__}): {err}") from err
    if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
        raise TypeError(f"{where}: {name}은(는) 실수 배열이어야 하는데 dtype {a.dtype}을 받았습니다.")
    if a.ndim != 1:
        raise ValueError(f"{where}: {name}은(는) 1차원 시계열 (T,)이어야 하는데 shape {a.shape} ({a.ndim}차원)을 받았습니다.")
    if len(a) < min_length:
        raise ValueError(f"{where}: {name}의 길이는 {min_length} 이상이어야 하는데 {len(a)}입니다.")
    a = a.astype(np.float64, copy=True)
    if not np.all(np.isfinite(a)):
        bad = np.flatnonzero(~np.isfinite(a))
        raise ValueError(f"{where}: {name}에 NaN/inf가 {len(bad)}개 있습니다 (첫 위치 {bad[0]}).")
    return a


def _check_int(value, name, where, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where}: {name}은(는) 정수여야 하는데 {value!r} ({type(value).__name__})을 받았습니다.")
    if value < minimum:
        raise ValueError(f"{where}: {name}은(는) {minimum} 이상이어야 하는데 {value}입니다.")
    return int(value)


def _as_pair(y_true, y_pred, where):
    """지표의 두 입력: 같은 모양의 비어 있지 않은 유한 실수 배열 (브로드캐스팅하지 않는다)."""
    arrays = []
    for name, x in (("y_true", y_true), ("y_pred", y_pred)):
        a = np.asarray(x)
        if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
            raise TypeError(f"{where}: {name}은(는) 실수 배열이어야 하는데 dtype {a.dtype}을 받았습니다.")
        arrays.append(a.astype(np.float64))
    t, p = arrays
    if t.shape != p.shape:
        raise ValueError(f"{where}: y_true shape {t.shape}와(과) y_pred shape {p.shape}이 같아야 합니다.")
    if t.size == 0:
        raise ValueError(f"{where}: 빈 배열입니다 (shape {t.shape}).")
    for name, a in (("y_true", t), ("y_pred", p)):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{where}: {name}에 NaN/inf가 있습니다.")
    return t, p


# ---------------------------------------------------------------- 데이터

class SeriesData(NamedTuple):
    """시계열 하나: values (T,) float64, time (T,) — 시각 (연도 int64 또는 월 datetime64[M])."""

    values: np.ndarray
    time: np.ndarray


@functools.lru_cache(maxsize=None)
def _sunspots():
    from statsmodels.datasets import sunspots

    df = sunspots.load_pandas().data
    return df["SUNACTIVITY"].to_numpy(np.float64), df["YEAR"].to_numpy().astype(np.int64)


@functools.lru_cache(maxsize=None)
def _co2():
    from statsmodels.datasets import co2

    weekly = co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean().interpolate(method="linear")
    return monthly.to_numpy(np.float64), monthly.index.to_numpy().astype("datetime64[M]")


def load_sunspots():
    """해마다의 흑점 활동(SUNACTIVITY), 1700~2008년 309개 (statsmodels에 들어 있다).

    돌려주는 값: ``SeriesData(values, time)`` — values (309,) float64, time (309,) int64 연도.
    """
    values, years = _sunspots()
    return SeriesData(values.copy(), years.copy())


def load_co2():
    """마우나로아 CO₂ 농도(ppm), 1958-03~2001-12의 달별 계열 526개 (statsmodels에 들어 있다).

    주별 관측을 달의 첫날(month start)로 묶어 평균하고, 관측이 없는 달(5개)은 앞뒤 달 사이를
    직선으로 채운다(linear interpolation). 돌려주는 값: ``SeriesData(values, time)`` —
    values (526,) float64, time (526,) datetime64[M] (예: ``numpy.datetime64('1991-12')``).
    """
    values, months = _co2()
    return SeriesData(values.copy(), months.copy())


# ---------------------------------------------------------------- 창과 나누기

def make_windows(series, input_length, horizon=1):
    """시계열 (T,)을 겹치는 창으로 자른다: X (N, input_length), Y (N, horizon), N = T − input_length − horizon + 1.

    i번째 행: ``X[i] = series[i : i+L]``, ``Y[i] = series[i+L : i+L+horizon]`` (L = input_length).
    목표는 언제나 입력 창 바로 뒤의 값이다: 입력은 과거, 목표는 미래 — 새어 나감(leakage)이 없다.
    X와 Y는 series와 메모리를 나누지 않는 새 float64 배열이다.
    """
    where = "make_windows"
    s = _as_series(series, "series", where)
    input_length = _check_int(input_length, "input_length", where)
    horizon = _check_int(horizon, "horizon", where)
    if input_length + horizon > len(s):
        raise ValueError(
            f"{where}: 창 길이 input_length + horizon = {input_length} + {horizon} = {input_length + horizon}이(가) "
            f"시계열 길이 T = {len(s)}보다 깁니다."
        )
    win = np.lib.stride_tricks.sliding_window_view(s, input_length + horizon)
    return win[:, :input_length].copy(), win[:, input_length:].copy()


class TimeSplit(NamedTuple):
    """시간 순서로 나눈 세 구간: train (T_train,), val (T_val,), test (T_test,)."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def split_by_time(series, test_size, val_size=0):
    """섞지 않고 시간 순서대로 앞에서부터 train | val | test로 나눈다. val_size=0이면 val은 빈 배열.

    series (T,) → ``TimeSplit(train (T − val_size − test_size,), val (val_size,), test (test_size,))``.
    검증·시험 구간의 창은 입력을 앞 구간 끝에서 빌려도 되지만 목표는 그 구간 안에서만 잡는다,
    예: ``make_windows(np.concatenate([train[-L:], val]), L)``.
    """
    where = "split_by_time"
    s = _as_series(series, "series", where)
    test_size = _check_int(test_size, "test_size", where)
    val_size = _check_int(val_size, "val_size", where, minimum=0)
    n_train = len(s) - val_size - test_size
    if n_train < 1:
        raise ValueError(
            f"{where}: val_size {val_size} + test_size {test_size}가 시계열 길이 {len(s)}보다 작아야 합니다 "
            "(학습 구간이 남지 않습니다)."
        )
    return TimeSplit(s[:n_train].copy(), s[n_train:n_train + val_size].copy(), s[n_train + val_size:].copy())


class StandardScaler:
    """표준화 z = (x − mean_) / scale_. mean_과 scale_(모집단 표준편차, ddof=0)은 ``fit`` 에 준 학습 구간에서만 구한다.

    시험 구간의 값으로 평균·표준편차를 구하면 미래가 새어 들어온다: 그래서 fit은 학습 구간에만 부른다.
    transform / inverse_transform은 어떤 모양의 배열이든 (예: 시계열 (T,), 창 (N, L)) 같은 모양의 새 배열로 돌려준다.
    """

    def __init__(self):
        self.mean_ = None
        self.scale_ = None

    def __repr__(self):
        if self.mean_ is None:
            return "StandardScaler()"
        return f"StandardScaler(mean_={self.mean_:.6g}, scale_={self.scale_:.6g})"

    def fit(self, train):
        """train (T_train,)의 평균과 표준편차를 기억한다. self를 돌려준다."""
        s = _as_series(train, "train", "StandardScaler.fit", min_length=2)
        mean, scale = float(np.mean(s)), float(np.std(s))
        if not scale > 0:
            raise ValueError(f"StandardScaler.fit: 학습 구간 (길이 {len(s)})이 상수라 표준편차가 0입니다.")
        self.mean_, self.scale_ = mean, scale
        return self

    def _values(self, x, where):
        if self.mean_ is None:
            raise ValueError(f"{where}: 먼저 fit(train)을 불러야 합니다.")
        a = np.asarray(x)
        if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
            raise TypeError(f"{where}: 실수 배열이어야 하는데 dtype {a.dtype}을 받았습니다.")
        return a.astype(np.float64)

    def transform(self, x):
        """x (임의 모양) → (x − mean_) / scale_, 같은 모양."""
        return (self._values(x, "StandardScaler.transform") - self.mean_) / self.scale_

    def inverse_transform(self, z):
        """z (임의 모양) → z · scale_ + mean_, 같은 모양 (원래 단위로 되돌린다)."""
        return self._values(z, "StandardScaler.inverse_transform") * self.scale_ + self.mean_

    def fit_transform(self, train):
        """fit(train) 뒤 transform(train)."""
        return self.fit(train).transform(train)


# ---------------------------------------------------------------- 지표

def mae(y_true, y_pred):
    """평균 절대 오차 MAE = mean |y − ŷ|. 두 입력은 모양이 같아야 한다 (브로드캐스팅 없음). float을 돌려준다."""
    t, p = _as_pair(y_true, y_pred, "mae")
    return float(np.mean(np.abs(t - p)))


def rmse(y_true, y_pred):
    """제곱근 평균 제곱 오차 RMSE = sqrt(mean (y − ŷ)²). 큰 오차에 MAE보다 무겁게 벌을 준다."""
    t, p = _as_pair(y_true, y_pred, "rmse")
    return float(np.sqrt(np.mean((t - p) ** 2)))


def mase(y_true, y_pred, scale):
    """평균 절대 척도 오차 MASE = MAE / scale. scale은 ``mase_scale`` 로 구한 양수.

    1보다 작으면 학습 구간에서의 (계절) 순진 예측보다 오차가 작다는 뜻이다.
    """
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real):
        raise TypeError(f"mase: scale은 실수여야 하는데 {scale!r} ({type(scale).__name__})을 받았습니다.")
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"mase: scale은 유한한 양수여야 하는데 {scale}입니다.")
    return mae(y_true, y_pred) / float(scale)


def mase_scale(history, lag=1):
    """MASE의 분모: history (T,)에서 lag만큼 앞의 값을 예측으로 쓴 순진 예측의 표본 내 MAE.

    scale = mean_{t=lag..T−1} |y_t − y_{t−lag}| (T − lag개의 차이). lag=1은 순진(naive) 예측,
    lag=m은 계절 순진(seasonal naive) 예측이다. 평가 규약에서 history는 시험 구간 앞의 데이터 전부다.
    """
    where = "mase_scale"
    lag = _check_int(lag, "lag", where)
    s = _as_series(history, "history", where)
    if len(s) <= lag:
        raise ValueError(f"{where}: history 길이 {len(s)}가 lag {lag}보다 길어야 합니다.")
    scale = float(np.mean(np.abs(s[lag:] - s[:-lag])))
    if scale == 0:
        raise ValueError(f"{where}: lag {lag} 차이가 모두 0이라 scale이 0입니다 (MASE를 정의할 수 없습니다).")
    return scale


# ---------------------------------------------------------------- 여러 걸음 예측

def _last_window(history, input_length, where):
    h = _as_series(history, "history", where)
    input_length = _check_int(input_length, "input_length", where)
    if len(h) < input_length:
        raise ValueError(f"{where}: history 길이 {len(h)}가 input_length {input_length}보다 짧습니다.")
    return h[len(h) - input_length:].copy()


def recursive_forecast(predict, history, input_length, horizon):
    """재귀(recursive) 여러 걸음 예측: 한 걸음 모델을 horizon번 부르며 예측값을 창 끝에 이어 붙인다.

    predict: 창 묶음 X (1, input_length) float64 → 다음 값 하나 (크기 1인 배열, 예: (1, 1)).
    history (T,) → 예측 (horizon,) float64. 한 걸음의 오차가 다음 입력이 되어 쌓인다.
    """
    where = "recursive_forecast"
    window = _last_window(history, input_length, where)
    horizon = _check_int(horizon, "horizon", where)
    out = np.empty(horizon)
    for k in range(horizon):
        y = np.asarray(predict(window[None, :].copy()), dtype=np.float64)
        if y.size != 1:
            raise ValueError(f"{where}: predict는 값 하나를 돌려줘야 하는데 shape {y.shape}을 돌려주었습니다.")
        out[k] = y.item()
        window = np.append(window[1:], out[k])
    return out


def direct_forecast(predict, history, input_length, horizon):
    """직접(direct) 여러 걸음 예측: 출력이 horizon개인 모델을 한 번 부른다 (예측을 다시 입력으로 쓰지 않는다).

    predict: X (1, input_length) float64 → (1, horizon) (크기 horizon인 배열). history (T,) → (horizon,) float64.
    """
    where = "direct_forecast"
    window = _last_window(history, input_length, where)
    horizon = _check_int(horizon, "horizon", where)
    y = np.asarray(predict(window[None, :]), dtype=np.float64)
    if y.size != horizon:
        raise ValueError(f"{where}: predict는 값 {horizon}개를 돌려줘야 하는데 shape {y.shape}을 돌려주었습니다.")
    return y.reshape(horizon).copy()


# ---------------------------------------------------------------- 기준 모델

class Forecaster:
    """예측기의 뼈대: ``fit(train) → self`` 와 ``forecast(history, horizon) → (horizon,)`` (모듈 설명 참고)."""

    def fit(self, train):
        """train (T_train,)으로 학습한다. 학습할 것이 없는 기준 모델은 입력만 검사한다."""
        _as_series(train, "train", f"{type(self).__name__}.fit")
        return self

    def forecast(self, history, horizon):
        raise NotImplementedError


class NaiveForecaster(Forecaster):
    """순진(naive) 예측: 마지막 관측값을 그대로 되풀이한다. ŷ_{T+k} = y_T (k = 1..horizon)."""

    def __repr__(self):
        return "NaiveForecaster()"

    def forecast(self, history, horizon):
        """history (T,) → (horizon,)."""
        h = _as_series(history, "history", "NaiveForecaster.forecast")
        horizon = _check_int(horizon, "horizon", "NaiveForecaster.forecast")
        return np.full(horizon, h[-1])


class SeasonalNaiveForecaster(Forecaster):
    """계절 순진(seasonal naive) 예측: 한 주기(period = m) 앞의 값. ŷ_{T+k} = y_{T+k−m·⌈k/m⌉}.

    마지막 한 주기 ``history[-m:]`` 을 horizon만큼 되풀이한 것과 같다. 흑점은 m = 11(년), CO₂는 m = 12(달).
    """

    def __init__(self, period):
        self.period = _check_int(period, "period", "SeasonalNaiveForecaster")

    def __repr__(self):
        return f"SeasonalNaiveForecaster(period={self.period})"

    def forecast(self, history, horizon):
        """history (T ≥ period,) → (horizon,)."""
        where = "SeasonalNaiveForecaster.forecast"
        h = _as_series(history, "history", where, min_length=self.period)
        horizon = _check_int(horizon, "horizon", where)
        return np.resize(h[-self.period:], horizon)


def fit_ar(series, p):
    """AR(p)을 보통 최소제곱(OLS)으로 맞춘다: ŷ_t = Σ_j weight[j] · y_{t−p+j} + bias (j = 0..p−1).

    학습 자료는 창 그대로다: ``X, Y = make_windows(series, p)`` (X (N, p), Y (N, 1), N = T − p)에서
    ‖[X, 1]·[weight; bias] − Y‖²를 최소로 하는 해. 돌려주는 값: weight (p,) — 창 순서(오래된 값 → 최근 값)이므로
    weight[-1]이 1시차 계수 φ₁, weight[0]이 p시차 계수 φ_p다 —, bias (float, 절편).
    """
    where = "fit_ar"
    p = _check_int(p, "p", where)
    s = _as_series(series, "series", where)
    if len(s) - p < p + 1:
        raise ValueError(f"{where}: 길이 {len(s)}의 시계열로는 AR({p})의 계수 {p + 1}개를 맞출 수 없습니다 (창 {len(s) - p}개).")
    x, y = make_windows(s, p)
    design = np.column_stack([x, np.ones(len(x))])
    beta = np.linalg.lstsq(design, y[:, 0], rcond=None)[0]
    return beta[:p].copy(), float(beta[p])


def select_ar_order(series, max_p=20):
    """AR 차수 p를 1..max_p 가운데 AIC가 가장 작은 것으로 고른다. 돌려주는 값: (p, aic (max_p,)), aic[p−1] = AIC(p).

    모든 p를 같은 표본에서 비교한다: 처음 max_p개 값은 입력으로만 쓰고, 목표 n = T − max_p개에 대해
    AIC(p) = n · ln(RSS_p / n) + 2(p + 1) (RSS_p는 절편 있는 OLS의 잔차 제곱합, p + 1은 계수 개수).
    p마다 표본 길이(T − p)가 다르면 AIC 값끼리 비교할 수 없다: 긴 p일수록 n이 작아 AIC가 저절로 줄어든다.
    같으면 작은 p를 고른다. 고른 p의 계수는 ``fit_ar`` 로 가능한 창 전부를 써서 다시 맞춘다.
    """
    where = "select_ar_order"
    max_p = _check_int(max_p, "max_p", where)
    s = _as_series(series, "series", where)
    n = len(s) - max_p
    if n < max_p + 2:
        raise ValueError(f"{where}: 길이 {len(s)}의 시계열로는 max_p {max_p}까지 비교할 수 없습니다 (공통 표본 {n}개).")
    x, y = make_windows(s, max_p)
    aic = np.empty(max_p)
    for p in range(1, max_p + 1):
        design = np.column_stack([x[:, max_p - p:], np.ones(n)])  # 마지막 p열 = 가장 최근 p개 값
        beta = np.linalg.lstsq(design, y[:, 0], rcond=None)[0]
        rss = float(np.sum((y[:, 0] - design @ beta) ** 2))
        aic[p - 1] = n * np.log(rss / n) + 2 * (p + 1)
    return int(np.argmin(aic)) + 1, aic


class ARForecaster(Forecaster):
    """자기회귀 AR(p) 예측기: 최소제곱으로 맞추고, 여러 걸음은 재귀로 예측한다.

    p=None이면 ``select_ar_order(train, max_p)`` 가 AIC로 고른다. 학습 뒤 속성: p_, weight_ (p_,), bias_, aic_.

    AR(p)은 창 위의 ``Linear(p, 1)`` 층과 정확히 같다. 창 x = (y_{t−p+1}, …, y_t) (N, p)에 대해
    ŷ_{t+1} = x · weight_ + bias_ 이므로, 가중치에 AR 계수를 넣은 선형 층이 똑같은 예측을 한다::

        X, _ = make_windows(train, f.p_)                        # (N, p)
        layer = dlcourse.scratch.Linear(f.p_, 1, generator=rng)  # weight (in, out) = (p, 1)
        layer.weight[:] = f.weight_[:, None]; layer.bias[:] = f.bias_
        np.testing.assert_allclose(layer(X), f.predict(X))       # (N, 1)
        # torch.nn.Linear(p, 1): weight (out, in) = weight_[None, :], bias = [bias_]

    다른 점은 학습 방법뿐이다: AR은 최소제곱의 닫힌 해, 신경망은 경사 하강법. 같은 창에서 MSE를 경사 하강법으로
    줄이면 같은 해로 다가간다.
    """

    def __init__(self, p=None, max_p=20):
        where = "ARForecaster"
        self.p = None if p is None else _check_int(p, "p", where)
        self.max_p = _check_int(max_p, "max_p", where)
        self.p_ = self.weight_ = self.bias_ = self.aic_ = None

    def __repr__(self):
        return f"ARForecaster(p={self.p}, max_p={self.max_p})"

    def fit(self, train):
        """train (T_train,) → self. p를 (p=None이면 AIC로) 정하고 OLS로 weight_, bias_를 맞춘다."""
        if self.p is None:
            self.p_, self.aic_ = select_ar_order(train, self.max_p)
        else:
            self.p_, self.aic_ = self.p, None
        self.weight_, self.bias_ = fit_ar(train, self.p_)
        return self

    def predict(self, x):
        """한 걸음 예측: 창 x (N, p_) → (N, 1) = x · weight_ + bias_ (Linear(p_, 1) 층의 순전파)."""
        if self.weight_ is None:
            raise ValueError("ARForecaster.predict: 먼저 fit(train)을 불러야 합니다.")
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.p_:
            raise ValueError(f"ARForecaster.predict: 창은 (N, {self.p_}) 모양이어야 하는데 shape {x.shape}을 받았습니다.")
        return (x @ self.weight_ + self.bias_)[:, None]

    def forecast(self, history, horizon):
        """history (T ≥ p_,) → (horizon,), 재귀 예측 (``recursive_forecast``)."""
        if self.weight_ is None:
            raise ValueError("ARForecaster.forecast: 먼저 fit(train)을 불러야 합니다.")
        return recursive_forecast(self.predict, history, self.p_, horizon)


class WindowForecaster(Forecaster):
    """창 위의 모델(Linear, MLP, RNN …)을 예측기로 감싼다: 척도 맞추기 → 창 만들기 → 학습 → 재귀/직접 예측.

    train_fn(X, Y) → predict: 창 X (N, input_length)와 목표 Y (N, k)로 모델을 학습하고,
    창 (1, input_length) → (1, k)를 돌려주는 함수(predict)를 돌려준다. 입력은 모두 float64 NumPy 배열이다
    (torch 모델이면 predict 안에서 텐서로 바꾸고 ``.detach().cpu().numpy()`` 로 돌려준다).

    - strategy="recursive": k = 1, 한 걸음 모델을 되풀이한다 (``recursive_forecast``). 어떤 horizon이든 예측한다.
    - strategy="direct": k = horizon, 출력 horizon개를 한 번에 낸다 (``direct_forecast``). 그 horizon만 예측한다.
    - scale=True: 학습 구간에서만 맞춘 ``StandardScaler`` 로 표준화한다 (scaler_).
    - level_free=True: 각 창에서 그 창의 마지막 값을 입력과 목표 모두에서 뺀다 (수준(level)을 없애 추세를 견딘다).
      예측 뒤 그 값을 다시 더한다.
    """

    def __init__(self, train_fn, input_length, *, strategy="recursive", horizon=1, scale=True, level_free=False):
        where = "WindowForecaster"
        if not callable(train_fn):
            raise TypeError(f"{where}: train_fn은 호출할 수 있어야 하는데 {type(train_fn).__name__}을 받았습니다.")
        if strategy not in ("recursive", "direct"):
            raise ValueError(f"{where}: strategy는 'recursive' 또는 'direct'여야 합니다: {strategy!r}")
        self.train_fn = train_fn
        self.input_length = _check_int(input_length, "input_length", where)
        self.strategy = strategy
        self.horizon = _check_int(horizon, "horizon", where)
        if strategy == "recursive" and self.horizon != 1:
            raise ValueError(f"{where}: strategy='recursive'는 한 걸음 모델이라 horizon=1이어야 합니다: {horizon}")
        self.scale, self.level_free = bool(scale), bool(level_free)
        self.scaler_ = self.predict_ = None

    def __repr__(self):
        return (f"WindowForecaster(input_length={self.input_length}, strategy={self.strategy!r}, "
                f"horizon={self.horizon}, scale={self.scale}, level_free={self.level_free})")

    def _to_model(self, s):
        return self.scaler_.transform(s) if self.scaler_ is not None else s

    def fit(self, train):
        """train (T_train,) → self. 창 X (N, input_length), Y (N, horizon)를 만들어 train_fn에 넘긴다."""
        s = _as_series(train, "train", "WindowForecaster.fit")
        self.scaler_ = StandardScaler().fit(s) if self.scale else None
        x, y = make_windows(self._to_model(s), self.input_length, self.horizon)
        if self.level_free:
            last = x[:, -1:].copy()
            x, y = x - last, y - last
        predict = self.train_fn(x, y)
        if not callable(predict):
            raise TypeError(f"WindowForecaster.fit: train_fn은 predict 함수를 돌려줘야 하는데 {type(predict).__name__}을 돌려주었습니다.")
        self.predict_ = predict
        return self

    def _predict_window(self, x):
        if not self.level_free:
            return self.predict_(x)
        last = x[:, -1:]
        return np.asarray(self.predict_(x - last), dtype=np.float64).reshape(1, -1) + last

    def forecast(self, history, horizon):
        """history (T ≥ input_length,) → (horizon,) 원래 단위의 예측."""
        where = "WindowForecaster.forecast"
        if self.predict_ is None:
            raise ValueError(f"{where}: 먼저 fit(train)을 불러야 합니다.")
        horizon = _check_int(horizon, "horizon", where)
        z = self._to_model(_as_series(history, "history", where))
        if self.strategy == "recursive":
            out = recursive_forecast(self._predict_window, z, self.input_length, horizon)
        else:
            if horizon != self.horizon:
                raise ValueError(f"{where}: direct 모델은 horizon {self.horizon}로 학습했는데 horizon {horizon}을 요청했습니다.")
            out = direct_forecast(self._predict_window, z, self.input_length, horizon)
        return self.scaler_.inverse_transform(out) if self.scaler_ is not None else out


# ---------------------------------------------------------------- 평가 규약

@dataclass(frozen=True, eq=False, repr=False)
class Protocol:
    """고정된 평가 규약 하나 (값을 바꾸지 않는다: 배열은 읽기 전용).

    values (T,), time (T,): 시계열 전체. test_start: 시험 구간의 첫 위치 — ``values[:test_start]`` 가 학습 구간.
    origins (K,): 예측 시점의 위치. origin o에서 예측기는 ``values[:o+1]`` 만 보고 ``values[o+1 : o+1+horizon]`` 을 예측한다.
    mase_lag: MASE 분모의 시차 (흑점 1, CO₂ 12). period: 계절 주기 (계절 순진 예측에 쓴다: 흑점 11, CO₂ 12).
    """

    name: str
    values: np.ndarray
    time: np.ndarray
    test_start: int
    origins: np.ndarray
    horizon: int
    mase_lag: int
    period: int
    _scale: float = field(init=False, repr=False)

    def __post_init__(self):
        where = f"Protocol({self.name})"
        values = _as_series(self.values, "values", where)
        time = np.array(self.time, copy=True)
        origins = np.asarray(self.origins)
        if len(time) != len(values):
            raise ValueError(f"{where}: time 길이 {len(time)}와(과) values 길이 {len(values)}가 다릅니다.")
        if origins.ndim != 1 or len(origins) == 0 or not np.issubdtype(origins.dtype, np.integer):
            raise ValueError(f"{where}: origins는 정수 위치의 1차원 배열이어야 합니다: shape {origins.shape}, dtype {origins.dtype}")
        test_start = _check_int(self.test_start, "test_start", where, minimum=2)
        horizon = _check_int(self.horizon, "horizon", where)
        if origins.min() < test_start - 1 or origins.max() + horizon >= len(values):
            raise ValueError(
                f"{where}: origin은 {test_start - 1} 이상이고 origin + horizon이 {len(values) - 1} 이하여야 합니다 "
                f"(origins {origins.min()}..{origins.max()}, horizon {horizon})."
            )
        origins = origins.astype(np.int64)  # 새 사본
        for a in (values, time, origins):
            a.setflags(write=False)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "time", time)
        object.__setattr__(self, "origins", origins)
        object.__setattr__(self, "test_start", test_start)
        object.__setattr__(self, "horizon", horizon)
        object.__setattr__(self, "mase_lag", _check_int(self.mase_lag, "mase_lag", where))
        object.__setattr__(self, "period", _check_int(self.period, "period", where))
        object.__setattr__(self, "_scale", mase_scale(values[:test_start], self.mase_lag))

    def __repr__(self):
        return (f"Protocol({self.name!r}: T={len(self.values)}, 시험 구간 {self.time[self.test_start]}~{self.time[-1]}, "
                f"origin {len(self.origins)}개 ({self.time[self.origins[0]]}…{self.time[self.origins[-1]]}), "
                f"horizon {self.horizon})")

    @property
    def train(self):
        """학습 구간 ``values[:test_start]`` (T_train,)의 사본 — 시험 구간 앞의 데이터 전부."""
        return self.values[:self.test_start].copy()

    @property
    def target_index(self):
        """(K, horizon): k번째 예측이 맞혀야 할 위치 origins[k] + 1 … origins[k] + horizon."""
        return self.origins[:, None] + np.arange(1, self.horizon + 1)

    @property
    def mase_scale(self):
        """MASE 분모: 학습 구간에서 lag = mase_lag 순진 예측의 MAE (``mase_scale(train, mase_lag)``)."""
        return self._scale


@dataclass(frozen=True, eq=False, repr=False)
class Evaluation:
    """평가 결과: forecasts·actuals (K, horizon), 전체 K·horizon개 예측에 대한 mae·rmse·mase."""

    protocol: Protocol
    forecasts: np.ndarray
    actuals: np.ndarray
    mae: float
    rmse: float
    mase: float

    @property
    def origin_time(self):
        """(K,): 예측 시점들의 시각."""
        return self.protocol.time[self.protocol.origins]

    def __repr__(self):
        return (f"Evaluation({self.protocol.name}: MAE {self.mae:.3f}, RMSE {self.rmse:.3f}, "
                f"MASE {self.mase:.3f}, 예측 {self.forecasts.shape})")


def _index_of(time, stamp, where):
    hits = np.flatnonzero(time == stamp)
    if len(hits) != 1:
        raise ValueError(f"{where}: 시각 {stamp}을(를) 찾을 수 없습니다.")
    return int(hits[0])


def sunspots_h1():
    """흑점 h1: 1969~2008년(마지막 40년)이 시험 구간. origin 1968…2007년의 한 걸음 예측 40개.

    학습 구간 1700~1968년 (269개), MASE 분모는 그 구간의 lag 1 순진 예측 MAE.
    """
    values, years = load_sunspots()
    test_start = _index_of(years, 1969, "sunspots_h1")
    origins = np.arange(test_start - 1, len(values) - 1)
    return Protocol("sunspots h1", values, years, test_start, origins, horizon=1, mase_lag=1, period=11)


def sunspots_h10():
    """흑점 h10: 시험 구간은 h1과 같고, origin 1968·1978·1988·1998년에서 10년씩 (예측 4×10개)."""
    values, years = load_sunspots()
    test_start = _index_of(years, 1969, "sunspots_h10")
    origins = np.array([_index_of(years, y, "sunspots_h10") for y in (1968, 1978, 1988, 1998)])
    return Protocol("sunspots h10", values, years, test_start, origins, horizon=10, mase_lag=1, period=11)


def co2_h12():
    """CO₂ h12: 마지막 120달(1992-01~2001-12)이 시험 구간. origin 1991-12 … 2000-12 (12달 간격 10개)에서 12달씩.

    MASE 분모는 학습 구간(1958-03~1991-12)에서 lag 12 계절 순진 예측의 MAE.
    """
    values, months = load_co2()
    test_start = len(values) - 120
    origins = test_start - 1 + 12 * np.arange(10)
    return Protocol("CO2 h12", values, months, test_start, origins, horizon=12, mase_lag=12, period=12)


def evaluate(forecaster, protocol, *, refit=False):
    """예측기를 평가 규약대로 돌린다. 돌려주는 값: ``Evaluation`` (mae, rmse, mase, forecasts (K, horizon), actuals).

    refit=False (기본): ``fit(protocol.train)`` 을 한 번 — 시험 구간 앞의 데이터로만 — 부른다.
    refit=True: origin마다 ``fit(values[:o+1])`` 로 다시 맞춘다 (확장 창, 고전 모델을 도구로 잴 때의 관례).
    어느 쪽이든 ``forecast`` 에는 ``values[:o+1]`` 의 새 사본만 넘긴다: origin 뒤의 값은 예측기에 닿지 않는다.
    """
    where = "evaluate"
    if not isinstance(protocol, Protocol):
        raise TypeError(f"{where}: protocol은 Protocol이어야 하는데 {type(protocol).__name__}을 받았습니다 (예: sunspots_h1()).")
    if hasattr(forecaster, "forecast"):
        forecast, fit = forecaster.forecast, getattr(forecaster, "fit", None)
    elif callable(forecaster):
        forecast, fit = forecaster, None
    else:
        raise TypeError(f"{where}: 예측기는 forecast(history, horizon) 메서드가 있거나 호출할 수 있어야 합니다: {forecaster!r}")
    values, h = protocol.values, protocol.horizon
    if fit is not None and not refit:
        fit(protocol.train)
    forecasts = np.empty((len(protocol.origins), h))
    for k, o in enumerate(protocol.origins):
        if fit is not None and refit:
            fit(values[:o + 1].copy())
        pred = np.asarray(forecast(values[:o + 1].copy(), h), dtype=np.float64)
        if pred.shape != (h,):
            raise ValueError(f"{where}: origin {protocol.time[o]}의 예측은 shape ({h},)이어야 하는데 {pred.shape}입니다.")
        if not np.all(np.isfinite(pred)):
            raise ValueError(f"{where}: origin {protocol.time[o]}의 예측에 NaN/inf가 있습니다.")
        forecasts[k] = pred
    actuals = values[protocol.target_index].copy()
    err = mae(actuals, forecasts)
    return Evaluation(protocol, forecasts, actuals, err, rmse(actuals, forecasts), err / protocol.mase_scale)


def evaluate_sunspots_h1(forecaster, *, refit=False):
    """``evaluate(forecaster, sunspots_h1(), refit=refit)``: 흑점 1969~2008년 한 걸음 예측 40개."""
    return evaluate(forecaster, sunspots_h1(), refit=refit)


def evaluate_sunspots_h10(forecaster, *, refit=False):
    """``evaluate(forecaster, sunspots_h10(), refit=refit)``: 흑점 origin 4개 × 10년."""
    return evaluate(forecaster, sunspots_h10(), refit=refit)


def evaluate_co2_h12(forecaster, *, refit=False):
    """``evaluate(forecaster, co2_h12(), refit=refit)``: CO₂ origin 10개 × 12달."""
    return evaluate(forecaster, co2_h12(), refit=refit)
