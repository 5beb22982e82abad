"""dlcourse.timeseries: 데이터, 창, 나누기, 척도, 지표, 기준 모델, 평가 규약 (이슈 11의 '데이터와 규약').

핵심 검사: 기준 모델이 이슈에 적힌 측정값(MAE)을 재현한다 — test_issue_numbers_* 참고.
"""
import dataclasses

import numpy as np
import pytest
import torch

from dlcourse import timeseries as ts
from dlcourse.scratch import Linear


@pytest.fixture(scope="module")
def sunspots():
    return ts.load_sunspots()


@pytest.fixture(scope="module")
def co2():
    return ts.load_co2()


def ols_train_fn(x, y):
    """창 (N, L), 목표 (N, k) → 절편 있는 최소제곱 모델의 predict (1, L) → (1, k)."""
    beta = np.linalg.lstsq(np.column_stack([x, np.ones(len(x))]), y, rcond=None)[0]
    return lambda w: np.column_stack([w, np.ones(len(w))]) @ beta


# ---------------------------------------------------------------- 데이터

def test_load_sunspots_is_yearly_1700_2008(sunspots):
    values, years = sunspots
    assert values.shape == years.shape == (309,)
    assert values.dtype == np.float64 and years.dtype == np.int64
    np.testing.assert_array_equal(years, np.arange(1700, 2009))
    assert values[:3].tolist() == [5.0, 11.0, 16.0] and values[-1] == 2.9
    mine = ts.load_sunspots().values
    mine[0] = -1.0  # 돌려받은 배열을 고쳐도 다음 호출은 원본 그대로
    assert ts.load_sunspots().values[0] == 5.0


def test_load_co2_is_monthly_mean_with_linear_gaps(co2):
    from statsmodels.datasets import co2 as sm_co2

    values, months = co2
    assert values.shape == months.shape == (526,) and months.dtype == np.dtype("datetime64[M]")
    np.testing.assert_array_equal(months, np.arange(np.datetime64("1958-03"), np.datetime64("2002-01")))
    assert np.all(np.isfinite(values))
    # 독립 계산: 주별 관측을 달로 묶어 평균한다 (pandas resample 없이)
    weekly = sm_co2.load_pandas().data["co2"]
    week_month = weekly.index.to_numpy().astype("datetime64[M]")
    observed = weekly.to_numpy()
    gaps = []
    for i, m in enumerate(months):
        obs = observed[(week_month == m) & np.isfinite(observed)]
        if len(obs):
            assert values[i] == pytest.approx(obs.mean(), abs=1e-12)
        else:
            gaps.append(i)
    assert [str(months[i]) for i in gaps] == ["1958-06", "1958-10", "1964-02", "1964-03", "1964-04"]
    # 빈 달은 앞뒤 관측 달 사이의 직선 위에 있다 (1964-01 → 1964-05는 네 걸음)
    assert values[gaps[0]] == pytest.approx((values[gaps[0] - 1] + values[gaps[0] + 1]) / 2)
    a, b = values[gaps[2] - 1], values[gaps[4] + 1]
    np.testing.assert_allclose(values[gaps[2]:gaps[4] + 1], a + (b - a) * np.arange(1, 4) / 4, rtol=1e-12)


# ---------------------------------------------------------------- 창과 나누기

@pytest.mark.parametrize("input_length, horizon", [(1, 1), (5, 1), (4, 3), (7, 13)])
def test_make_windows_shapes_and_no_leakage(input_length, horizon):
    series = np.arange(20.0)  # 값 = 위치: 창 안의 값이 곧 시각이다
    x, y = ts.make_windows(series, input_length, horizon)
    n = 20 - input_length - horizon + 1
    assert x.shape == (n, input_length) and y.shape == (n, horizon)
    assert x.dtype == y.dtype == np.float64
    for i in range(n):
        np.testing.assert_array_equal(x[i], series[i:i + input_length])
        np.testing.assert_array_equal(y[i], series[i + input_length:i + input_length + horizon])
    assert np.all(x.max(axis=1) < y.min(axis=1))  # 모든 목표는 제 입력보다 엄격히 뒤
    np.testing.assert_array_equal(y[:, 0], x[:, -1] + 1)  # 바로 다음 시각부터
    assert not np.shares_memory(x, series) and not np.shares_memory(y, series)


def test_make_windows_longest_window_and_errors():
    x, y = ts.make_windows([1.0, 2.0, 3.0, 4.0], 3, 1)  # L + H = T: 창 하나
    assert x.tolist() == [[1.0, 2.0, 3.0]] and y.tolist() == [[4.0]]
    with pytest.raises(ValueError, match=r"3 \+ 2 = 5.*T = 4"):
        ts.make_windows(np.arange(4.0), 3, 2)
    with pytest.raises(ValueError, match="input_length은\\(는\\) 1 이상"):
        ts.make_windows(np.arange(4.0), 0)
    with pytest.raises(TypeError, match="input_length은\\(는\\) 정수"):
        ts.make_windows(np.arange(4.0), 2.0)
    with pytest.raises(ValueError, match=r"1차원 시계열 \(T,\).*\(4, 1\)"):
        ts.make_windows(np.zeros((4, 1)), 2)
    with pytest.raises(ValueError, match="NaN/inf"):
        ts.make_windows([1.0, np.nan, 2.0], 1)
    with pytest.raises(TypeError, match="dtype"):
        ts.make_windows(np.array(["a", "b", "c"]), 1)


def test_split_by_time_keeps_order():
    s = np.arange(10.0)
    parts = ts.split_by_time(s, test_size=3, val_size=2)
    assert parts.train.tolist() == [0, 1, 2, 3, 4] and parts.val.tolist() == [5, 6] and parts.test.tolist() == [7, 8, 9]
    assert ts.split_by_time(s, 4).val.shape == (0,)
    with pytest.raises(ValueError, match="학습 구간이 남지 않습니다"):
        ts.split_by_time(s, test_size=6, val_size=4)
    with pytest.raises(ValueError, match="test_size"):
        ts.split_by_time(s, test_size=0)


def test_scaler_uses_training_data_only():
    train, test = np.array([1.0, 2.0, 3.0, 6.0]), np.array([100.0, -50.0])
    sc = ts.StandardScaler().fit(train)
    assert sc.mean_ == 3.0 and sc.scale_ == pytest.approx(np.sqrt(3.5))  # ddof=0: (4+1+0+9)/4
    z = sc.transform(test)
    assert sc.mean_ == 3.0  # 시험 값을 변환해도 통계는 그대로
    np.testing.assert_allclose(z, (test - 3.0) / np.sqrt(3.5))
    np.testing.assert_allclose(sc.inverse_transform(z), test)
    np.testing.assert_allclose(sc.transform(np.stack([train, train])), np.stack([sc.fit_transform(train)] * 2))
    with pytest.raises(ValueError, match="먼저 fit"):
        ts.StandardScaler().transform(test)
    with pytest.raises(ValueError, match="상수"):
        ts.StandardScaler().fit([2.0, 2.0, 2.0])


# ---------------------------------------------------------------- 지표

def test_metrics_hand_computed():
    y, yhat = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 1.0, 8.0])  # |오차| = 1, 0, 2, 4
    assert ts.mae(y, yhat) == 7 / 4
    assert ts.rmse(y, yhat) == pytest.approx(np.sqrt(21 / 4), rel=1e-15)
    assert ts.mase(y, yhat, 0.5) == 3.5
    assert ts.mae(y[:, None], yhat[:, None]) == 7 / 4  # 같은 모양이면 어떤 모양이든


def test_metric_errors():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):  # 브로드캐스팅하지 않는다
        ts.mae(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="빈 배열"):
        ts.rmse([], [])
    with pytest.raises(ValueError, match="y_pred에 NaN"):
        ts.mae([1.0], [np.nan])
    with pytest.raises(TypeError, match="dtype bool"):
        ts.mae([True], [1.0])
    with pytest.raises(ValueError, match="양수"):
        ts.mase([1.0], [2.0], 0.0)
    with pytest.raises(TypeError, match="scale은 실수"):
        ts.mase([1.0], [2.0], "1")


def test_mase_scale_definition():
    s = np.array([1.0, 3.0, 2.0, 6.0])
    assert ts.mase_scale(s) == pytest.approx(7 / 3)  # |3−1| + |2−3| + |6−2|
    assert ts.mase_scale(s, lag=2) == 2.0  # |2−1| + |6−3|
    # 계절 순진 예측(lag m)의 표본 내 MAE: 주기 12의 패턴 + 해마다 0.5씩 오르는 수준
    t = np.arange(48)
    seasonal = np.sin(2 * np.pi * t / 12) + 0.5 * (t // 12)
    assert ts.mase_scale(seasonal, lag=12) == pytest.approx(0.5)
    # MASE = MAE / 학습 구간의 순진 예측 MAE: 순진 예측을 학습 구간에 그대로 쓰면 MASE는 정확히 1
    assert ts.mase(s[1:], s[:-1], ts.mase_scale(s)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="lag 4"):
        ts.mase_scale(s, lag=4)
    with pytest.raises(ValueError, match="scale이 0"):
        ts.mase_scale([3.0, 3.0, 3.0])


def test_protocol_mase_scale_uses_data_before_test_only(sunspots, co2):
    p = ts.sunspots_h1()
    assert p.mase_scale == pytest.approx(np.mean(np.abs(np.diff(sunspots.values[:269]))), rel=1e-14)
    c = ts.co2_h12()
    v = co2.values[:526 - 120]
    assert c.mase_scale == pytest.approx(np.mean(np.abs(v[12:] - v[:-12])), rel=1e-14)
    future_changed = p.values.copy()
    future_changed[p.test_start:] = 0.0
    assert dataclasses.replace(p, values=future_changed).mase_scale == p.mase_scale


# ---------------------------------------------------------------- 평가 규약: 시점과 시험 구간

def test_sunspots_h1_protocol_exactly_as_issue():
    p = ts.sunspots_h1()
    assert p.horizon == 1 and p.mase_lag == 1 and p.period == 11
    assert p.time[p.test_start] == 1969 and p.train.shape == (269,)
    np.testing.assert_array_equal(p.time[p.origins], np.arange(1968, 2008))  # 1968 … 2007, 40개
    np.testing.assert_array_equal(p.time[p.target_index].ravel(), np.arange(1969, 2009))  # 시험 구간 40년


def test_sunspots_h10_protocol_exactly_as_issue():
    p = ts.sunspots_h10()
    assert p.horizon == 10 and p.time[p.test_start] == 1969
    assert p.time[p.origins].tolist() == [1968, 1978, 1988, 1998]
    np.testing.assert_array_equal(p.time[p.target_index], np.arange(1969, 2009).reshape(4, 10))


def test_co2_h12_protocol_exactly_as_issue():
    p = ts.co2_h12()
    assert p.horizon == 12 and p.mase_lag == 12 and p.period == 12
    assert len(p.values) - p.test_start == 120 and str(p.time[p.test_start]) == "1992-01"
    assert [str(m) for m in p.time[p.origins]] == [f"{y}-12" for y in range(1991, 2001)]
    np.testing.assert_array_equal(p.time[p.target_index].ravel(), p.time[p.test_start:])  # 마지막 120달을 한 번씩
    assert str(p.time[-1]) == "2001-12"


def test_protocol_is_read_only_and_validated():
    p = ts.sunspots_h1()
    for a in (p.values, p.time, p.origins):
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 0
    assert repr(p) == "Protocol('sunspots h1': T=309, 시험 구간 1969~2008, origin 40개 (1968…2007), horizon 1)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.horizon = 2
    with pytest.raises(ValueError, match="origin"):  # 학습 구간 안의 origin은 시험이 아니다
        dataclasses.replace(p, origins=np.array([10]))
    with pytest.raises(ValueError, match="origin"):  # 마지막 예측이 계열 끝을 넘는다
        dataclasses.replace(p, horizon=2)


# ---------------------------------------------------------------- 평가 규약: 인과성

class Spy(ts.Forecaster):
    """fit과 forecast가 받은 것을 적어 둔다 (순진 예측을 돌려준다)."""

    def __init__(self):
        self.fits, self.histories = [], []

    def fit(self, train):
        self.fits.append(np.array(train))
        return self

    def forecast(self, history, horizon):
        self.histories.append(np.array(history))
        return np.full(horizon, history[-1])


@pytest.mark.parametrize("make", [ts.sunspots_h1, ts.sunspots_h10, ts.co2_h12])
@pytest.mark.parametrize("refit", [False, True])
def test_history_ends_at_origin(make, refit):
    p = make()
    spy = Spy()
    ts.evaluate(spy, p, refit=refit)
    assert len(spy.histories) == len(p.origins)
    for o, h in zip(p.origins, spy.histories):
        np.testing.assert_array_equal(h, p.values[:o + 1])  # 정확히 origin까지, 그 뒤는 없다
    if refit:
        assert [len(f) for f in spy.fits] == [o + 1 for o in p.origins]
    else:
        assert len(spy.fits) == 1
        np.testing.assert_array_equal(spy.fits[0], p.values[:p.test_start])  # 시험 구간 앞만


def forecasts_blind_to_future(make_forecaster, protocol, refit):
    """origin o 뒤의 값을 모두 바꿔도 o와 그 앞 origin의 예측이 그대로인지 (origin마다 확인).

    make_forecaster(protocol) → 예측기: 정직한 예측기는 protocol을 무시하고, 엿보는 예측기는 그 값을 붙잡는다.
    """
    base = ts.evaluate(make_forecaster(protocol), protocol, refit=refit).forecasts
    for k, o in enumerate(protocol.origins):
        changed = protocol.values.copy()
        changed[o + 1:] = 1e3 + np.arange(len(changed) - o - 1)
        other_protocol = dataclasses.replace(protocol, values=changed)
        other = ts.evaluate(make_forecaster(other_protocol), other_protocol, refit=refit).forecasts
        if not np.array_equal(other[:k + 1], base[:k + 1]):
            return False
    return True


class Peeker(ts.Forecaster):
    """규약을 우회해 전체 계열을 붙잡고 미래를 베끼는 예측기 — 인과성 검사가 잡아내야 한다."""

    def __init__(self, full):
        self.full = full

    def forecast(self, history, horizon):
        o = len(history) - 1
        return self.full[o + 1:o + 1 + horizon].copy()


@pytest.mark.parametrize("refit", [False, True])
def test_protocol_is_causal_and_a_peeking_forecaster_is_caught(refit):
    p = ts.sunspots_h10()
    assert forecasts_blind_to_future(lambda _: ts.ARForecaster(), p, refit)
    assert forecasts_blind_to_future(lambda _: ts.SeasonalNaiveForecaster(11), p, refit)
    assert ts.evaluate(Peeker(p.values), p, refit=refit).mae == 0.0  # 엿보면 오차가 0: 믿을 수 없는 점수
    assert not forecasts_blind_to_future(lambda q: Peeker(q.values), p, refit)  # 그리고 검사에 걸린다


def test_forecaster_cannot_corrupt_the_protocol():
    class Vandal(ts.Forecaster):
        def forecast(self, history, horizon):
            seen = history[-1]
            history[:] = -1.0  # 받은 사본을 망가뜨려도
            return np.full(horizon, seen)

    p = ts.sunspots_h1()
    before = p.values.copy()
    assert ts.evaluate(Vandal(), p).mae == ts.evaluate(ts.NaiveForecaster(), p).mae
    np.testing.assert_array_equal(p.values, before)


def test_evaluate_errors():
    p = ts.sunspots_h10()
    with pytest.raises(TypeError, match="Protocol"):
        ts.evaluate(ts.NaiveForecaster(), "sunspots h10")
    with pytest.raises(TypeError, match="forecast"):
        ts.evaluate(42, p)
    with pytest.raises(ValueError, match=r"origin 1968.*\(10,\).*\(9,\)"):
        ts.evaluate(lambda h, n: np.zeros(n - 1), p)
    with pytest.raises(ValueError, match="origin 1968.*NaN"):
        ts.evaluate(lambda h, n: np.full(n, np.nan), p)
    ev = ts.evaluate(lambda h, n: np.full(n, h[-1]), p)  # forecast만 있는 함수도 예측기
    assert ev.forecasts.shape == (4, 10) and ev.origin_time.tolist() == [1968, 1978, 1988, 1998]


# ---------------------------------------------------------------- 기준 모델과 이슈의 측정값

def test_naive_and_seasonal_naive_forecasts():
    h = np.arange(1.0, 15.0)  # 1 … 14
    np.testing.assert_array_equal(ts.NaiveForecaster().forecast(h, 3), [14.0, 14.0, 14.0])
    # ŷ_{T+k} = y_{T+k−m⌈k/m⌉}: m = 4이면 마지막 주기 11..14를 되풀이
    np.testing.assert_array_equal(ts.SeasonalNaiveForecaster(4).forecast(h, 6), [11, 12, 13, 14, 11, 12])
    with pytest.raises(ValueError, match="길이는 12 이상"):
        ts.SeasonalNaiveForecaster(12).forecast(h[:5], 1)
    with pytest.raises(TypeError, match="period"):
        ts.SeasonalNaiveForecaster(11.0)


def test_issue_numbers_naive_and_seasonal_naive(sunspots):
    y = sunspots.values
    naive = ts.evaluate_sunspots_h1(ts.NaiveForecaster())
    snaive = ts.evaluate_sunspots_h1(ts.SeasonalNaiveForecaster(11))
    # 독립 계산: 1969~2008년 (위치 269..308)의 y_t − y_{t−1}, y_t − y_{t−11}
    assert naive.mae == pytest.approx(np.mean(np.abs(y[269:] - y[268:-1])), rel=1e-14)
    assert snaive.mae == pytest.approx(np.mean(np.abs(y[269:] - y[258:-11])), rel=1e-14)
    # 이슈: naive 22.75, seasonal naive 25.73 — 참값은 909.8/40 = 22.745, 1029/40 = 25.725 (반올림하면 이슈의 값).
    # 이진 부동소수로는 22.744999…라서 f"{x:.2f}"는 22.74를 찍는다: 책에서는 세 자리로 찍는다.
    assert naive.mae == pytest.approx(22.745, abs=1e-9)
    assert snaive.mae == pytest.approx(25.725, abs=1e-9)
    assert f"{naive.mae:.3f}" == "22.745" and f"{snaive.mae:.3f}" == "25.725"
    # h10에서도 계절 순진(11)은 25.725다: horizon 10 < 주기 11이라 ŷ_{o+k} = y_{o+k−11}, h1과 같은 예측
    snaive10 = ts.evaluate_sunspots_h10(ts.SeasonalNaiveForecaster(11))
    np.testing.assert_array_equal(snaive10.forecasts.ravel(), snaive.forecasts.ravel())
    co2 = ts.evaluate_co2_h12(ts.SeasonalNaiveForecaster(12))
    assert f"{co2.mae:.3f}" == "1.530"  # 이슈: CO₂ h12 seasonal naive 1.530


def test_issue_numbers_ar_ols_aic():
    # 이슈의 AR(p) 값은 origin마다 그때까지의 데이터로 다시 맞춘 것(refit=True)과 일치한다.
    h1 = ts.ARForecaster()
    ev1 = ts.evaluate_sunspots_h1(h1, refit=True)
    h10 = ts.ARForecaster()
    ev10 = ts.evaluate_sunspots_h10(h10, refit=True)
    assert h1.p_ == h10.p_ == 9
    assert f"{ev1.mae:.2f}" == "14.18"  # 이슈: sunspots h1 AR(p) 14.18 (참값 14.1827)
    assert f"{ev10.mae:.2f}" == "14.55"  # 이슈: sunspots h10 AR(p) 14.55 (참값 14.5510)
    # 문자 그대로의 규약 (1969년 앞의 데이터로 한 번만 학습): 같은 p = 9, 값은 조금 다르다
    once1, once10 = ts.ARForecaster(), ts.ARForecaster()
    assert f"{ts.evaluate_sunspots_h1(once1).mae:.2f}" == "14.20"
    assert f"{ts.evaluate_sunspots_h10(once10).mae:.2f}" == "14.05"
    assert once1.p_ == once10.p_ == 9


# ---------------------------------------------------------------- AR(p)

def test_ar_order_by_aic_is_9_over_any_range(sunspots):
    train = sunspots.values[:269]
    for max_p in (10, 15, 20, 30):
        p, aic = ts.select_ar_order(train, max_p)
        assert p == 9 and aic.shape == (max_p,)


def test_aic_formula_by_hand():
    rng = np.random.default_rng(0)
    s = rng.normal(size=60).cumsum()
    _, aic = ts.select_ar_order(s, max_p=5)
    n = 60 - 5  # 공통 표본: 처음 5개는 입력으로만
    target = s[5:]
    lags = np.column_stack([s[5 - 2:-2], s[5 - 1:-1]])  # p = 2: y_{t−2}, y_{t−1}
    design = np.column_stack([lags, np.ones(n)])
    rss = np.sum((target - design @ np.linalg.lstsq(design, target, rcond=None)[0]) ** 2)
    assert aic[1] == pytest.approx(n * np.log(rss / n) + 2 * 3, rel=1e-12)


def test_ar_matches_statsmodels(sunspots):
    from statsmodels.tsa.ar_model import AutoReg, ar_select_order

    train = sunspots.values[:269]
    weight, bias = ts.fit_ar(train, 9)
    params = AutoReg(train, lags=9, trend="c").fit().params  # [절편, φ₁, …, φ₉]
    np.testing.assert_allclose(bias, params[0], rtol=1e-9)
    np.testing.assert_allclose(weight[::-1], params[1:], rtol=1e-9)  # weight는 창 순서: 뒤집으면 φ₁..φ₉
    assert ar_select_order(train, maxlag=20, ic="aic", trend="c").ar_lags == list(range(1, 10))


def test_ar_recovers_known_coefficients():
    rng = np.random.default_rng(1)
    phi1, phi2, c = 0.6, -0.3, 2.0
    y = np.zeros(20000)
    noise = rng.normal(size=len(y))
    for t in range(2, len(y)):
        y[t] = c + phi1 * y[t - 1] + phi2 * y[t - 2] + noise[t]
    f = ts.ARForecaster(max_p=6).fit(y)
    assert f.p_ == 2
    np.testing.assert_allclose(f.weight_, [phi2, phi1], atol=0.02)
    assert f.bias_ == pytest.approx(c, abs=0.05)


def test_ar_is_a_linear_layer_on_windows(sunspots):
    train = sunspots.values[:269]
    f = ts.ARForecaster().fit(train)
    x, _ = ts.make_windows(train, f.p_)  # (N, 9)
    layer = Linear(f.p_, 1, generator=np.random.default_rng(0))  # weight (in, out)
    layer.weight[:] = f.weight_[:, None]
    layer.bias[:] = f.bias_
    np.testing.assert_allclose(layer(x), f.predict(x), rtol=1e-12)
    t_layer = torch.nn.Linear(f.p_, 1, dtype=torch.float64)  # weight (out, in)
    with torch.no_grad():
        t_layer.weight.copy_(torch.from_numpy(f.weight_[None, :]))
        t_layer.bias.fill_(f.bias_)
        np.testing.assert_allclose(t_layer(torch.from_numpy(x)).numpy(), f.predict(x), rtol=1e-12)


def test_ar_errors():
    with pytest.raises(ValueError, match="먼저 fit"):
        ts.ARForecaster().forecast(np.arange(30.0), 1)
    with pytest.raises(ValueError, match="max_p 20"):
        ts.ARForecaster().fit(np.arange(30.0))
    with pytest.raises(ValueError, match="AR\\(5\\)"):
        ts.fit_ar(np.arange(10.0), 5)
    f = ts.ARForecaster(p=2).fit(np.sin(np.arange(40.0)))
    with pytest.raises(ValueError, match=r"\(N, 2\).*\(1, 3\)"):
        f.predict(np.zeros((1, 3)))


# ---------------------------------------------------------------- 여러 걸음 예측과 창 모델

def test_recursive_feeds_its_own_predictions_back():
    seen = []

    def step(x):  # 한 걸음 모델: 다음 값 = 마지막 값 + 창 첫 값
        seen.append(x.copy())
        return np.array([[x[0, -1] + x[0, 0]]])

    out = ts.recursive_forecast(step, np.array([9.0, 1.0, 2.0]), 2, 3)
    np.testing.assert_array_equal(out, [3.0, 5.0, 8.0])
    np.testing.assert_array_equal(np.concatenate(seen), [[1, 2], [2, 3], [3, 5]])
    with pytest.raises(ValueError, match="값 하나"):
        ts.recursive_forecast(lambda x: np.zeros((1, 2)), np.arange(5.0), 2, 3)
    with pytest.raises(ValueError, match="history 길이 1.*input_length 2"):
        ts.recursive_forecast(step, [1.0], 2, 3)


def test_direct_calls_the_model_once():
    calls = []

    def model(x):
        calls.append(x.copy())
        return x[:, -1:] + np.arange(1.0, 4.0)[None, :]  # (1, 3)

    np.testing.assert_array_equal(ts.direct_forecast(model, np.arange(6.0), 4, 3), [6.0, 7.0, 8.0])
    assert len(calls) == 1 and calls[0].shape == (1, 4)
    with pytest.raises(ValueError, match="값 2개"):
        ts.direct_forecast(model, np.arange(6.0), 4, 2)


def test_window_forecaster_with_least_squares_is_ar():
    p = ts.sunspots_h10()
    ar = ts.evaluate(ts.ARForecaster(p=9), p)
    win = ts.WindowForecaster(ols_train_fn, 9)  # 표준화한 창에서 최소제곱 = 같은 AR(9)
    ev = ts.evaluate(win, p)
    np.testing.assert_allclose(ev.forecasts, ar.forecasts, rtol=1e-9)
    assert win.scaler_.mean_ == pytest.approx(np.mean(p.train), rel=1e-14)  # 척도는 학습 구간에서만
    assert win.scaler_.scale_ == pytest.approx(np.std(p.train), rel=1e-14)


def test_window_forecaster_direct_and_level_free():
    p = ts.sunspots_h10()
    direct = ts.WindowForecaster(ols_train_fn, 9, strategy="direct", horizon=10, scale=False)
    ev = ts.evaluate(direct, p)
    x, y = ts.make_windows(p.train, 9, 10)  # 독립 계산: 10개 출력의 최소제곱
    beta = np.linalg.lstsq(np.column_stack([x, np.ones(len(x))]), y, rcond=None)[0]
    for k, o in enumerate(p.origins):
        np.testing.assert_allclose(ev.forecasts[k], np.append(p.values[o - 8:o + 1], 1.0) @ beta, rtol=1e-9)
    with pytest.raises(ValueError, match="horizon 10로 학습.*horizon 1"):
        ts.evaluate(direct, ts.sunspots_h1())
    # 수준 없는 창: '변화 없음'을 예측하는 모델은 순진 예측이 된다
    flat = ts.WindowForecaster(lambda x, y: (lambda w: np.zeros((1, 1))), 5, level_free=True)
    np.testing.assert_allclose(ts.evaluate(flat, p).forecasts, ts.evaluate(ts.NaiveForecaster(), p).forecasts)


def test_window_forecaster_errors():
    with pytest.raises(ValueError, match="strategy"):
        ts.WindowForecaster(ols_train_fn, 3, strategy="both")
    with pytest.raises(ValueError, match="horizon=1"):
        ts.WindowForecaster(ols_train_fn, 3, horizon=5)
    with pytest.raises(TypeError, match="train_fn"):
        ts.WindowForecaster(None, 3)
    with pytest.raises(TypeError, match="predict 함수"):
        ts.WindowForecaster(lambda x, y: 1.0, 3).fit(np.arange(20.0))
    with pytest.raises(ValueError, match="먼저 fit"):
        ts.WindowForecaster(ols_train_fn, 3).forecast(np.arange(20.0), 1)


def test_torch_model_plugs_in_as_window_forecaster():
    """torch 모델도 같은 자리에 끼운다: AR 계수를 넣은 torch.nn.Linear가 ARForecaster와 같은 예측을 한다."""
    p = ts.sunspots_h10()
    ar = ts.ARForecaster(p=9).fit(p.train)

    def train_fn(x, y):  # 여기서는 학습 대신 AR 계수를 옮긴다 (경사 하강법으로 학습해도 자리는 같다)
        layer = torch.nn.Linear(9, 1, dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(ar.weight_[None, :]))
            layer.bias.fill_(ar.bias_)

        def predict(w):
            with torch.no_grad():
                return layer(torch.from_numpy(w)).cpu().numpy()
        return predict

    ev = ts.evaluate(ts.WindowForecaster(train_fn, 9, scale=False), p)
    np.testing.assert_allclose(ev.forecasts, ts.evaluate(ar, p).forecasts, rtol=1e-12)
