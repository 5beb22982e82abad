"""순환 신경망 예측기: SequenceRegressor (세 쪽 일치, 수치 미분), split_windows, fit_window_model의 두 백엔드 일치,
NeuralForecaster가 평가 규약에서 순진 예측을 이기는지 (합성 사인파), 잘못된 입력.

모두 float64. 작은 모양만 쓴다 (바쁜 2코어 기계에서 몇 초 안에 끝나도록).
"""
import re

import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse import timeseries as ts
from dlcourse._forecast import split_windows
from dlcourse.convert import copy_to_scratch, copy_to_torch
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch

CELLS = ["rnn", "lstm", "gru"]
RTOL, ATOL = 1e-10, 1e-11
NN = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


@pytest.fixture(autouse=True, scope="module")
def _one_torch_thread():
    """텐서가 아주 작아 스레드를 나눠도 빨라지지 않는다: 이 모듈 동안만 torch를 한 스레드로 (결과는 같다)."""
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(saved)


class NNRegressor(torch.nn.Module):
    """PyTorch 내장 층으로 쓴 같은 모델 (비교 기준): torch.nn.LSTM(batch_first) → 마지막 시각 → torch.nn.Linear."""

    def __init__(self, cell, input_size, hidden_size, output_size, num_layers):
        super().__init__()
        self.rnn = NN[cell](input_size, hidden_size, num_layers, batch_first=True, dtype=torch.float64)
        self.head = torch.nn.Linear(hidden_size, output_size, dtype=torch.float64)

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])


def make_trio(cell, rng, input_size=1, hidden_size=4, output_size=3, num_layers=1, device="cpu"):
    """같은 가중치의 scratch, torch_impl, torch.nn 모델. 가중치는 scratch의 state_dict를 그대로(strict) 넣는다."""
    s = S.SequenceRegressor(cell, input_size, hidden_size, output_size, num_layers, generator=rng)
    t = T.SequenceRegressor(cell, input_size, hidden_size, output_size, num_layers,
                            generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    ref = NNRegressor(cell, input_size, hidden_size, output_size, num_layers)
    state = {k: torch.tensor(v) for k, v in s.state_dict().items()}
    t.load_state_dict(state)
    ref.load_state_dict(state)
    return s, t.to(device), ref.to(device)


@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("cell", CELLS)
def test_three_way_parity(cell, num_layers, device):
    """출력, 입력의 기울기, 모든 매개변수의 기울기가 scratch = torch_impl = torch.nn (float64, rtol 1e-10)."""
    rng = np.random.default_rng(1)
    s, t, ref = make_trio(cell, rng, input_size=2, num_layers=num_layers, device=device)
    x = rng.normal(size=(3, 6, 2))
    y = s.forward(x)
    dout = rng.normal(size=y.shape)
    dx = s.backward(dout)
    grads = dict(s.named_grads())
    assert list(grads) == [n for n, _ in t.named_parameters()] == [n for n, _ in ref.named_parameters()]
    for label, model in [("torch_impl", t), ("torch.nn", ref)]:
        xt = to_torch(x, device, requires_grad=True)
        yt = model(xt)
        yt.backward(to_torch(dout, device))
        np.testing.assert_allclose(y, to_numpy(yt), rtol=RTOL, atol=ATOL, err_msg=f"output vs {label}")
        np.testing.assert_allclose(dx, to_numpy(xt.grad), rtol=RTOL, atol=ATOL, err_msg=f"d x vs {label}")
        for name, p in model.named_parameters():
            # scratch Linear의 weight는 (in, out), torch는 (out, in)
            g = grads[name].T if name == "head.weight" else grads[name]
            np.testing.assert_allclose(g, to_numpy(p.grad), rtol=RTOL, atol=ATOL, err_msg=f"d {name} vs {label}")


@pytest.mark.parametrize("cell", CELLS)
def test_backward_matches_numerical_gradient(cell):
    """scratch의 역전파 (head → 마지막 시각 → BPTT)를 5점 수치 미분과 비교한다: 입력과 모든 매개변수, 두 층."""
    rng = np.random.default_rng(2)
    model = S.SequenceRegressor(cell, 2, 3, 2, num_layers=2, generator=rng)
    x = rng.normal(size=(2, 4, 2))
    dout = rng.normal(size=(2, 2))

    def loss(x_):
        return float(np.sum(model.forward(x_) * dout))

    model.forward(x)
    dx = model.backward(dout)
    grads = {n: g.copy() for n, g in model.named_grads()}
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-7, "x"
    for name, p in model.named_parameters():
        def f(value, p=p):
            saved = p.copy()
            p[...] = value
            out = loss(x)
            p[...] = saved
            return out
        assert relative_error(grads[name], numerical_gradient(f, p)) < 1e-7, name


def test_univariate_windows_and_shapes():
    """변수 하나인 창 (N, L)은 (N, L, 1)과 같은 답이고, 입력 기울기는 받은 모양 그대로. 입력·dout을 고치지 않는다."""
    rng = np.random.default_rng(3)
    s, t, _ = make_trio("gru", rng)
    x2 = rng.normal(size=(5, 7))
    x3 = x2[:, :, None].copy()
    y2 = s.forward(x2)
    dout = rng.normal(size=y2.shape)
    keep_x, keep_d = x2.copy(), dout.copy()
    dx2 = s.backward(dout)
    np.testing.assert_array_equal(x2, keep_x)
    np.testing.assert_array_equal(dout, keep_d)
    assert y2.shape == (5, 3) and dx2.shape == (5, 7)
    y3 = s.forward(x3)
    dx3 = s.backward(dout)
    np.testing.assert_array_equal(y2, y3)
    np.testing.assert_array_equal(dx2[:, :, None], dx3)
    np.testing.assert_allclose(to_numpy(t(torch.tensor(x2))), y2, rtol=RTOL, atol=ATOL)
    assert s.backward(dout, input_grad=False) is None


def test_state_dict_round_trip():
    """scratch → torch 쌍둥이 → 새 scratch 모델로 가중치를 옮기면 같은 예측을 한다 (이름은 torch와 같다)."""
    rng = np.random.default_rng(4)
    a = S.SequenceRegressor("lstm", 1, 4, 2, generator=rng)
    t = T.SequenceRegressor("lstm", 1, 4, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    b = S.SequenceRegressor("lstm", 1, 4, 2, generator=np.random.default_rng(99))
    assert list(a.state_dict()) == list(t.state_dict()) == [
        "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.weight", "head.bias"]
    copy_to_scratch(copy_to_torch(a, t), b)
    x = rng.normal(size=(3, 5))
    np.testing.assert_array_equal(a(x), b(x))
    assert repr(a) == "SequenceRegressor('lstm', input_size=1, hidden_size=4, output_size=2, num_layers=1)"


@pytest.mark.parametrize("backend", [S, T], ids=["scratch", "torch_impl"])
def test_bad_arguments(backend):
    g = np.random.default_rng(0) if backend is S else torch.Generator().manual_seed(0)
    with pytest.raises(ValueError, match="cell"):
        backend.SequenceRegressor("transformer", 1, 4, 1, generator=g)
    with pytest.raises(ValueError, match="output_size"):
        backend.SequenceRegressor("lstm", 1, 4, 0, generator=g)
    with pytest.raises(TypeError, match="hidden_size"):
        backend.SequenceRegressor("lstm", 1, 4.0, 1, generator=g)
    with pytest.raises(TypeError, match="build_model"):
        backend.NeuralForecaster("lstm", 5, generator=g)
    model = backend.SequenceRegressor("lstm", 1, 4, 1, generator=g, dtype=None if backend is S else torch.float64)
    wrap = np.asarray if backend is S else torch.tensor
    for shape in [(4, 6, 2), (6,), (2, 3, 4, 1)]:
        with pytest.raises(ValueError, match=r"\(N, L\) 또는 \(N, L, 1\).*" + re.escape(str(shape))):
            model(wrap(np.zeros(shape)))
    wide = backend.SequenceRegressor("gru", 2, 4, 1, generator=g)
    with pytest.raises(ValueError, match=r"\(N, L, 2\)"):
        wide(wrap(np.zeros((4, 6), dtype=np.float64 if backend is S else np.float32)))


def test_split_windows_keeps_validation_targets_out_of_training():
    """검증 창의 목표는 마지막 val_points개 값 안에 모두 들고, 학습 창의 목표는 그 앞에서 끝난다."""
    series = np.arange(50.0)
    for h in (1, 4):
        x, y = ts.make_windows(series, 6, h)
        x_tr, y_tr, x_val, y_val = split_windows(x, y, val_points=10)
        assert len(x_tr) == len(x) - 10 and len(x_val) == 10 - h + 1
        assert y_tr.max() < 40 <= y_val.min() and y_val.max() == 49
        np.testing.assert_array_equal(x_val[:, -1] + 1, y_val[:, 0])  # 창과 목표가 그대로 짝지어 있다
    with pytest.raises(ValueError, match="horizon"):
        split_windows(x, y, val_points=3)
    with pytest.raises(ValueError, match="학습 창"):
        split_windows(x, y, val_points=len(x))


def test_fit_window_model_same_in_both_backends():
    """같은 가중치, 같은 배치 순서(같은 시드의 NumPy 생성기)면 두 백엔드의 학습 기록과 학습된 가중치가 같다 (float64)."""
    rng = np.random.default_rng(5)
    series = np.sin(np.arange(80) * 0.4) + 0.1 * rng.normal(size=80)
    x, y = ts.make_windows(series, 8, 2)
    s = S.SequenceRegressor("lstm", 1, 4, 2, generator=rng)
    t = copy_to_torch(s, T.SequenceRegressor("lstm", 1, 4, 2, generator=torch.Generator().manual_seed(0),
                                             dtype=torch.float64))
    options = dict(val_points=12, lr=1e-2, batch_size=16, max_epochs=6, patience=2, max_norm=0.5, weight_decay=0.01)
    hs = S.fit_window_model(s, x, y, generator=np.random.default_rng(7), **options)
    ht = T.fit_window_model(t, torch.tensor(x), torch.tensor(y), generator=np.random.default_rng(7), **options)
    assert len(hs["step_loss"]) == len(ht["step_loss"]) > 0 and hs["best_epoch"] == ht["best_epoch"]
    np.testing.assert_allclose(hs["step_loss"], ht["step_loss"], rtol=1e-9)
    np.testing.assert_allclose(hs["val_loss"], ht["val_loss"], rtol=1e-9)
    for name, p in t.state_dict().items():
        np.testing.assert_allclose(s.state_dict()[name], to_numpy(p), rtol=1e-8, atol=1e-10, err_msg=name)


def sine_protocol():
    """합성 사인파 (주기 12, 잡음 조금)의 평가 규약: 마지막 24개가 시험 구간, 한 걸음 예측 24개."""
    rng = np.random.default_rng(0)
    values = np.sin(2 * np.pi * np.arange(150) / 12) + 0.05 * rng.normal(size=150)
    test_start = 126
    return ts.Protocol("sine h1", values, np.arange(150), test_start, np.arange(test_start - 1, 149), horizon=1,
                       mase_lag=1, period=12)


def test_forecaster_beats_naive_on_a_sine():
    """작은 GRU 예측기를 합성 사인파로 학습하면 평가 규약에서 순진 예측 MAE의 절반도 안 되고, 같은 시드면 같은 예측이다."""
    protocol = sine_protocol()

    def run(seed):
        rng = np.random.default_rng(seed)
        f = S.NeuralForecaster(lambda: S.SequenceRegressor("gru", 1, 8, 1, generator=rng), 12, generator=rng,
                               val_points=12, lr=2e-2, max_epochs=40, patience=8)
        return ts.evaluate(f, protocol), f

    ev, f = run(0)
    assert repr(f).startswith("NeuralForecaster(input_length=12, strategy='recursive', horizon=1, scale=True, ")
    naive = ts.evaluate(ts.NaiveForecaster(), protocol)
    assert ev.mae < 0.5 * naive.mae, (ev.mae, naive.mae)
    assert f.history_["best_epoch"] is not None and len(f.history_["val_loss"]) <= 40
    assert f.history_["best_val_loss"] == min(f.history_["val_loss"])
    np.testing.assert_array_equal(run(0)[0].forecasts, ev.forecasts)


def test_mlp_direct_level_free_forecaster():
    """창 위의 MLP도 같은 예측기로 감싼다: 직접(direct) 예측, 수준을 뺀 창. 추세가 있는 계열에서 계절 순진 예측을 이긴다."""
    rng = np.random.default_rng(1)
    t = np.arange(200)
    values = 0.05 * t + np.sin(2 * np.pi * t / 12) + 0.05 * rng.normal(size=200)
    protocol = ts.Protocol("trend h6", values, t, 176, np.array([175, 181, 187]), horizon=6, mase_lag=12, period=12)

    def build():
        return S.Sequential(S.Linear(24, 16, generator=rng, init="kaiming_uniform"), S.ReLU(),
                            S.Linear(16, 6, generator=rng))

    f = S.NeuralForecaster(build, 24, generator=rng, strategy="direct", horizon=6, level_free=True, val_points=12,
                           lr=1e-2, max_epochs=60, patience=10)
    ev = ts.evaluate(f, protocol)
    seasonal = ts.evaluate(ts.SeasonalNaiveForecaster(12), protocol)
    assert ev.forecasts.shape == (3, 6)
    assert ev.mae < seasonal.mae, (ev.mae, seasonal.mae)


def test_torch_forecaster_matches_scratch_from_same_weights():
    """torch 쌍둥이 예측기: 같은 초기 가중치 (build_model이 scratch 가중치를 옮긴 모델을 준다)와 같은 배치 순서면
    같은 예측을 한다 (float64)."""
    protocol = sine_protocol()
    init = S.SequenceRegressor("lstm", 1, 4, 1, generator=np.random.default_rng(3))
    options = dict(val_points=12, lr=2e-2, max_epochs=5, patience=3)

    def build_scratch():
        m = S.SequenceRegressor("lstm", 1, 4, 1, generator=np.random.default_rng(0))
        m.load_state_dict(init.state_dict())
        return m

    def build_torch():
        m = T.SequenceRegressor("lstm", 1, 4, 1, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
        return copy_to_torch(init, m)

    fs = S.NeuralForecaster(build_scratch, 12, generator=np.random.default_rng(8), **options)
    ft = T.NeuralForecaster(build_torch, 12, generator=np.random.default_rng(8), **options)
    es, et = ts.evaluate(fs, protocol), ts.evaluate(ft, protocol)
    np.testing.assert_allclose(es.forecasts, et.forecasts, rtol=1e-8)
    assert fs.history_["best_epoch"] == ft.history_["best_epoch"]
