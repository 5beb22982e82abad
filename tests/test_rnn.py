"""순환 층 RNN·LSTM·GRU: 세 쪽 일치(scratch ↔ torch_impl ↔ torch.nn), BPTT 기울기 검사, 인과성, 가중치 왕복, 잘못된 입력.

모두 float64. 상류 기울기는 output에도, 마지막 상태 h_n (LSTM은 c_n도)에도 무작위로 준다.
"""
import math

import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch

# (이름, 생성자 인자): RNN은 두 활성화 함수 모두
CELLS = [("RNN", {}), ("RNN", {"nonlinearity": "relu"}), ("LSTM", {}), ("GRU", {})]
CELL_IDS = ["rnn_tanh", "rnn_relu", "lstm", "gru"]
D, H = 4, 5                  # 입력 특성 수, 은닉 크기
RTOL, ATOL = 1e-10, 1e-11    # float64에서 실제 차이는 ~1e-15 (반올림 몇 번)


@pytest.fixture(autouse=True, scope="module")
def _one_torch_thread():
    """이 파일의 텐서는 아주 작다 (수십 원소): 스레드를 나눠도 빨라지지 않고, 바쁜 2코어 기계에서는 스레드끼리 기다리느라
    수십 배 느려진다. 이 모듈 동안만 torch를 한 스레드로 돌리고 되돌린다 (계산 결과는 같다)."""
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(saved)


def n_states(name):
    return 2 if name == "LSTM" else 1


def as_list(h_n):
    """h_n 또는 (h_n, c_n) → 목록."""
    return list(h_n) if isinstance(h_n, tuple) else [h_n]


def pack(states):
    """상태 목록 → RNN·GRU는 h0 하나, LSTM은 (h0, c0)."""
    return tuple(states) if len(states) == 2 else states[0]


def make_trio(name, kw, rng, device="cpu", input_size=D, **cfg):
    """같은 가중치의 scratch, torch_impl, torch.nn 층. 가중치는 scratch의 state_dict를 그대로(strict) 넣는다."""
    s = getattr(S, name)(input_size, H, generator=rng, **kw, **cfg)
    state = {k: torch.tensor(v) for k, v in s.state_dict().items()}
    t = getattr(T, name)(input_size, H, generator=torch.Generator().manual_seed(0), dtype=torch.float64, **kw, **cfg)
    ref = getattr(torch.nn, name)(input_size, H, dtype=torch.float64, **kw, **cfg)
    t.load_state_dict(state)
    ref.load_state_dict(state)
    return s, t.to(device), ref.to(device)


def run_torch(model, x, states, upstream, device):
    """torch 쪽 순전파와 역전파. states가 None이면 hx 없이 부른다. (출력들, dx, d상태들, {이름: 기울기})."""
    model.zero_grad()
    xt = to_torch(x, device, requires_grad=True)
    st = None if states is None else [to_torch(h, device, requires_grad=True) for h in states]
    out, h_n = model(xt, None if st is None else pack(st))
    outs = [out, *as_list(h_n)]
    torch.autograd.backward(outs, [to_torch(u, device) for u in upstream])
    grads = {n: to_numpy(p.grad) for n, p in model.named_parameters()}
    return [to_numpy(o) for o in outs], to_numpy(xt.grad), None if st is None else [to_numpy(h.grad) for h in st], grads


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "nobias"])
@pytest.mark.parametrize("batch_first", [False, True], ids=["LN", "NL"])
@pytest.mark.parametrize("with_hx", [False, True], ids=["zero_hx", "hx"])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_three_way_parity(name, kw, num_layers, with_hx, batch_first, bias, device):
    """출력, h_n (c_n), 그리고 input·h0 (c0)·모든 매개변수의 기울기가 세 구현에서 같다."""
    rng = np.random.default_rng(1)
    s, t, ref = make_trio(name, kw, rng, device, num_layers=num_layers, batch_first=batch_first, bias=bias)
    L, N = 6, 3
    x = rng.normal(size=(N, L, D) if batch_first else (L, N, D))
    states = [rng.normal(size=(num_layers, N, H)) for _ in range(n_states(name))]
    out_s, h_n = s(x, pack(states) if with_hx else None)
    outs_s = [out_s, *as_list(h_n)]
    upstream = [rng.normal(size=o.shape) for o in outs_s]
    dx_s = s.backward(*upstream)
    d0_s = [s.dh0] + ([s.dc0] if name == "LSTM" else [])
    grads_s = dict(s.named_grads())
    # torch.nn에는 hx를 주지 않은 경우 0 상태를 기울기를 받는 텐서로 넘긴다: scratch의 dh0 (0 상태의 기울기)도 비교한다
    zero = [np.zeros_like(h) for h in states]
    for label, model, given in [("torch_impl", t, states if with_hx else None),
                                ("torch.nn", ref, states if with_hx else zero)]:
        outs, dx, d0, grads = run_torch(model, x, given, upstream, device)
        for what, a, b in zip(["output", "h_n", "c_n"], outs_s, outs):
            np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=f"{what} vs {label}")
        np.testing.assert_allclose(dx_s, dx, rtol=RTOL, atol=ATOL, err_msg=f"d input vs {label}")
        if d0 is not None:
            for what, a, b in zip(["dh0", "dc0"], d0_s, d0):
                np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=f"{what} vs {label}")
        assert list(grads) == list(grads_s), f"매개변수 이름·순서 vs {label}"
        for pname, g in grads.items():
            np.testing.assert_allclose(grads_s[pname], g, rtol=RTOL, atol=ATOL, err_msg=f"d {pname} vs {label}")


@pytest.mark.parametrize("batch_first", [False, True], ids=["LN", "NL"])
@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_unbatched_input_like_torch(name, kw, batch_first):
    """배치 없는 입력 (L, H_in)과 상태 (num_layers, H)도 torch처럼 받는다: 출력은 (L, H), h_n은 (num_layers, H)."""
    rng = np.random.default_rng(2)
    s, t, ref = make_trio(name, kw, rng, num_layers=2, batch_first=batch_first)
    x = rng.normal(size=(5, D))
    states = [rng.normal(size=(2, H)) for _ in range(n_states(name))]
    out_s, h_n = s(x, pack(states))
    outs_s = [out_s, *as_list(h_n)]
    assert out_s.shape == (5, H) and all(h.shape == (2, H) for h in as_list(h_n))
    upstream = [rng.normal(size=o.shape) for o in outs_s]
    dx_s = s.backward(*upstream)
    assert dx_s.shape == x.shape and s.dh0.shape == (2, H)
    d0_s = [s.dh0] + ([s.dc0] if name == "LSTM" else [])
    for label, model in [("torch_impl", t), ("torch.nn", ref)]:
        outs, dx, d0, grads = run_torch(model, x, states, upstream, "cpu")
        for a, b in zip(outs_s + [dx_s] + d0_s, outs + [dx] + d0):
            np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=label)
        for pname, g in grads.items():
            np.testing.assert_allclose(dict(s.named_grads())[pname], g, rtol=RTOL, atol=ATOL, err_msg=f"{pname} {label}")


def relu_preactivations(layer, x, h0):
    """ReLU RNN의 모든 층·시각의 사전 활성값 a_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh (검사용 직접 계산)."""
    p = dict(layer.named_parameters())
    pre = []
    for k in range(layer.num_layers):
        h, hs = h0[k], []
        for x_t in x:
            a = x_t @ p[f"weight_ih_l{k}"].T + p[f"bias_ih_l{k}"] + h @ p[f"weight_hh_l{k}"].T + p[f"bias_hh_l{k}"]
            h = np.maximum(a, 0)
            pre.append(a)
            hs.append(h)
        x = hs
    return np.array(pre)


@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_bptt_matches_numerical_gradient(name, kw):
    """scratch의 BPTT를 5점 수치 미분과 비교한다: input, h0 (c0), 그리고 두 층의 모든 매개변수 (상대 오차 < 1e-7).

    손실은 Σ output⊙dout + Σ h_n⊙dh_n (+ Σ c_n⊙dc_n): 마지막 상태로 들어오는 기울기까지 검사한다.
    """
    for seed in range(3, 100):
        rng = np.random.default_rng(seed)
        layer = getattr(S, name)(3, 2, num_layers=2, generator=rng, **kw)
        x = rng.normal(size=(4, 2, 3))
        states = [rng.normal(size=(2, 2, 2)) for _ in range(n_states(name))]
        # ReLU는 a = 0에서 꺾인다: 수치 미분의 간격(±2h·|값|) 안에 꺾임이 없도록 모든 사전 활성값이 0에서 먼 표본을 고른다
        if kw.get("nonlinearity") != "relu" or np.abs(relu_preactivations(layer, x, states[0])).min() > 0.05:
            break
    else:
        pytest.fail("꺾임에서 먼 표본을 찾지 못했습니다")
    out, h_n = layer(x, pack(states))
    if kw.get("nonlinearity") == "relu":  # 위 검사용 계산이 층과 같은 값을 내는지
        np.testing.assert_allclose(np.maximum(relu_preactivations(layer, x, states[0])[-len(x):], 0), out, rtol=1e-12)
    upstream = [rng.normal(size=o.shape) for o in [out, *as_list(h_n)]]

    def loss(x_, states_):
        out_, h_n_ = layer.forward(x_, pack(states_))
        return sum(np.sum(o * u) for o, u in zip([out_, *as_list(h_n_)], upstream))

    layer.forward(x, pack(states))
    dx = layer.backward(*upstream)
    d0 = [layer.dh0] + ([layer.dc0] if name == "LSTM" else [])
    grads = {n: g.copy() for n, g in layer.named_grads()}
    assert relative_error(dx, numerical_gradient(lambda z: loss(z, states), x)) < 1e-7, "input"
    for i, what in enumerate(["h0", "c0"][: len(states)]):
        num = numerical_gradient(lambda z: loss(x, states[:i] + [z] + states[i + 1:]), states[i])
        assert relative_error(d0[i], num) < 1e-7, what
    for pname, p in layer.named_parameters():
        def f(value, p=p):
            saved = p.copy()
            p[...] = value
            out_ = loss(x, states)
            p[...] = saved
            return out_
        assert relative_error(grads[pname], numerical_gradient(f, p)) < 1e-7, pname


@pytest.mark.parametrize("batch_first", [False, True], ids=["LN", "NL"])
@pytest.mark.parametrize("backend", ["scratch", "torch_impl"])
@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_causality(name, kw, backend, batch_first):
    """시각 t의 입력을 바꾸면 t 이전의 출력은 한 비트도 바뀌지 않고, t와 그 뒤의 출력은 바뀐다."""
    rng = np.random.default_rng(4)
    L, N, t_change = 7, 2, 3
    x = rng.normal(size=(N, L, D) if batch_first else (L, N, D))
    x2 = x.copy()
    if batch_first:
        x2[:, t_change] += 1.0
    else:
        x2[t_change] += 1.0
    if backend == "scratch":
        layer = getattr(S, name)(D, H, num_layers=2, batch_first=batch_first, generator=rng, **kw)
        y1, y2 = layer(x)[0], layer(x2)[0]
    else:
        layer = getattr(T, name)(D, H, num_layers=2, batch_first=batch_first, generator=torch.Generator().manual_seed(4),
                                 dtype=torch.float64, **kw)
        with torch.no_grad():
            y1, y2 = (to_numpy(layer(torch.tensor(v))[0]) for v in (x, x2))
    if batch_first:
        y1, y2 = y1.swapaxes(0, 1), y2.swapaxes(0, 1)
    np.testing.assert_array_equal(y1[:t_change], y2[:t_change])
    assert np.all(np.abs(y1[t_change:] - y2[t_change:]).max(axis=(1, 2)) > 0), "바꾼 시각부터는 출력이 달라져야 합니다"


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_state_dict_round_trip_through_torch_nn(name, kw, bias):
    """scratch → torch.nn.<이름> (strict) → 새 scratch: 값이 비트까지 같고, 이름·모양·순서가 torch와 같다."""
    s = getattr(S, name)(3, 4, num_layers=2, bias=bias, generator=np.random.default_rng(5), **kw)
    ref = getattr(torch.nn, name)(3, 4, num_layers=2, bias=bias, dtype=torch.float64, **kw)
    state = s.state_dict()
    assert [(k, v.shape) for k, v in state.items()] == [(k, tuple(p.shape)) for k, p in ref.named_parameters()]
    ref.load_state_dict({k: torch.tensor(v) for k, v in state.items()}, strict=True)
    back = getattr(S, name)(3, 4, num_layers=2, bias=bias, generator=np.random.default_rng(6), **kw)
    back.load_state_dict({k: v.detach().numpy().copy() for k, v in ref.state_dict().items()})
    for k, v in state.items():
        np.testing.assert_array_equal(dict(back.named_parameters())[k], v, err_msg=k)
    t = getattr(T, name)(3, 4, num_layers=2, bias=bias, generator=torch.Generator(), **kw)
    assert [(k, tuple(p.shape)) for k, p in t.named_parameters()] == [(k, tuple(p.shape)) for k, p in ref.named_parameters()]


@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_initialization_like_torch(name, kw):
    """torch처럼 모든 매개변수를 U(−1/√H, 1/√H)에서 뽑는다. torch_impl은 같은 생성기면 torch.nn.init과 값까지 같다."""
    hidden = 64
    bound = 1 / math.sqrt(hidden)
    t = getattr(T, name)(16, hidden, num_layers=2, generator=torch.Generator().manual_seed(7), dtype=torch.float64, **kw)
    ref = getattr(torch.nn, name)(16, hidden, num_layers=2, dtype=torch.float64, **kw)
    g = torch.Generator().manual_seed(7)
    for p in ref.parameters():
        torch.nn.init.uniform_(p, -bound, bound, generator=g)
    for (n, a), (_, b) in zip(t.named_parameters(), ref.named_parameters()):
        assert torch.equal(a, b), n
    s = getattr(S, name)(16, hidden, num_layers=2, generator=np.random.default_rng(7), **kw)
    w = np.concatenate([p.ravel() for p in s.params])
    assert w.dtype == np.float64 and np.abs(w).max() <= bound
    assert abs(w.std() / (bound / math.sqrt(3)) - 1) < 0.02  # 균등 분포 U(−b, b)의 표준편차 b/√3
    same = getattr(S, name)(16, hidden, num_layers=2, generator=np.random.default_rng(7), **kw)
    for a, b in zip(s.params, same.params):
        np.testing.assert_array_equal(a, b)  # 생성기만이 난수의 출처다


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_repr_like_torch(name):
    for cfg in [{}, {"num_layers": 2, "batch_first": True}, {"bias": False}]:
        s = getattr(S, name)(3, 5, generator=np.random.default_rng(0), **cfg)
        t = getattr(T, name)(3, 5, generator=torch.Generator(), **cfg)
        expected = repr(getattr(torch.nn, name)(3, 5, **cfg))
        assert repr(s) == repr(t) == expected
    assert repr(S.RNN(3, 5, nonlinearity="relu", generator=np.random.default_rng(0))) == "RNN(3, 5, nonlinearity='relu')"


@pytest.mark.parametrize("name,kw", CELLS, ids=CELL_IDS)
def test_scratch_layer_contract(name, kw):
    """받은 배열을 고치지 않고, 호출한 쪽과 배열을 나눠 갖지 않으며, 기울기는 덮어쓴다 (쌓지 않는다).
    input_grad=False면 입력 기울기를 건너뛰고 (None) 매개변수 기울기는 그대로다."""
    rng = np.random.default_rng(8)
    layer = getattr(S, name)(D, H, num_layers=2, batch_first=True, generator=rng, **kw)
    x = rng.normal(size=(3, 5, D))
    states = [rng.normal(size=(2, 3, H)) for _ in range(n_states(name))]
    saved = [a.copy() for a in [x, *states]]
    out, h_n = layer(x, pack(states))
    upstream = [rng.normal(size=o.shape) for o in [out, *as_list(h_n)]]
    up_saved = [u.copy() for u in upstream]
    dx = layer.backward(*upstream)
    grads = [g.copy() for g in layer.grads]
    d0 = layer.dh0.copy()
    for a, a0 in zip([x, *states, *upstream], saved + up_saved):
        np.testing.assert_array_equal(a, a0)  # 입력·상태·상류 기울기를 고치지 않았다
    # 호출한 쪽이 입력·상태·출력을 고쳐도 캐시는 그대로: 다시 부른 backward가 같은 답을 준다
    for a in [x, *states, out, *as_list(h_n)]:
        a += 100.0
    dx2 = layer.backward(*upstream)
    np.testing.assert_array_equal(dx, dx2)
    np.testing.assert_array_equal(d0, layer.dh0)
    for g, g2 in zip(grads, layer.grads):
        np.testing.assert_array_equal(g, g2)  # 두 번 불러도 쌓이지 않는다
    assert layer.backward(*upstream, input_grad=False) is None
    for g, g2 in zip(grads, layer.grads):
        np.testing.assert_array_equal(g, g2)
    # dh_n을 주지 않으면 0: output으로만 기울기가 들어온다
    layer.forward(saved[0], pack(saved[1:]))
    dx_none = layer.backward(upstream[0])
    dx_zero = layer.backward(upstream[0], *[np.zeros_like(u) for u in upstream[1:]])
    np.testing.assert_array_equal(dx_none, dx_zero)


@pytest.mark.parametrize("B", ["scratch", "torch_impl"])
@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_float32_stays_float32(name, B):
    """dtype=float32 층은 float32로 계산한다 (몰래 float64로 올리지 않는다)."""
    if B == "scratch":
        layer = getattr(S, name)(3, 4, generator=np.random.default_rng(0), dtype=np.float32)
        out, h_n = layer(np.ones((5, 2, 3), dtype=np.float32))
        dx = layer.backward(np.ones_like(out))
        assert out.dtype == dx.dtype == layer.dh0.dtype == np.float32
        assert all(g.dtype == np.float32 for g in layer.grads)
    else:
        layer = getattr(T, name)(3, 4, generator=torch.Generator(), dtype=torch.float32)
        out, h_n = layer(torch.ones(5, 2, 3))
        assert out.dtype == torch.float32
    assert all(h.dtype == out.dtype for h in as_list(h_n))


# --- 잘못된 입력 ---------------------------------------------------------------------------------------------
def _backend(B):
    if B == "scratch":
        return S, np.random.default_rng(0), (lambda *shape, dtype=np.float64: np.zeros(shape, dtype=dtype))
    return T, torch.Generator(), (lambda *shape, dtype=torch.float64: torch.zeros(shape, dtype=dtype))


@pytest.mark.parametrize("B", ["scratch", "torch_impl"])
@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_bad_inputs_name_the_shapes(name, B):
    mod, gen, zeros = _backend(B)
    f64 = np.float64 if B == "scratch" else torch.float64
    layer = getattr(mod, name)(4, 3, num_layers=2, generator=gen, dtype=f64)
    with pytest.raises(ValueError, match=r"3차원 \(L, N, H_in\).*shape \(2, 3, 4, 1\) \(4차원\)"):
        layer(zeros(2, 3, 4, 1))
    with pytest.raises(ValueError, match=r"shape \(4,\) \(1차원\)"):
        layer(zeros(4))
    with pytest.raises(ValueError, match=r"input_size=4.*shape \(5, 2, 7\)"):
        layer(zeros(5, 2, 7))
    with pytest.raises(ValueError, match=r"시퀀스 길이 L이 0.*\(0, 2, 4\)"):
        layer(zeros(0, 2, 4))
    with pytest.raises(TypeError, match=r"int64"):
        layer(np.zeros((5, 2, 4), dtype=np.int64) if B == "scratch" else torch.zeros(5, 2, 4, dtype=torch.int64))
    with pytest.raises(TypeError, match=r"input dtype .*float32.*가중치 dtype .*float64"):
        layer(zeros(5, 2, 4, dtype=np.float32 if B == "scratch" else torch.float32))
    x = zeros(5, 2, 4)
    good, bad = zeros(2, 2, 3), zeros(1, 2, 3)
    if name == "LSTM":
        with pytest.raises(ValueError, match=r"h0.*shape \(2, 2, 3\) \(num_layers, N, H\).*shape \(1, 2, 3\).*\(5, 2, 4\)"):
            layer(x, (bad, good))
        with pytest.raises(ValueError, match=r"c0.*shape \(2, 2, 3\).*shape \(2, 3, 3\)"):
            layer(x, (good, zeros(2, 3, 3)))
        with pytest.raises(TypeError, match=r"\(h0, c0\) 튜플"):
            layer(x, good)
        with pytest.raises(TypeError, match=r"c0 dtype"):
            layer(x, (good, zeros(2, 2, 3, dtype=np.float32 if B == "scratch" else torch.float32)))
    else:
        with pytest.raises(ValueError, match=r"h0.*shape \(2, 2, 3\) \(num_layers, N, H\).*shape \(1, 2, 3\).*\(5, 2, 4\)"):
            layer(x, bad)
        with pytest.raises(ValueError, match=r"h0.*shape \(2, 3\) \(num_layers, H\).*shape \(2, 2, 3\)"):
            layer(zeros(5, 4), good)  # 배치 없는 입력에는 배치 없는 상태
        with pytest.raises(TypeError, match=r"h0 dtype"):
            layer(x, zeros(2, 2, 3, dtype=np.float32 if B == "scratch" else torch.float32))
    with pytest.raises(ValueError, match=r"NaN"):
        layer(x + float("nan"))


@pytest.mark.parametrize("B", ["scratch", "torch_impl"])
def test_bad_constructor_arguments(B):
    mod, gen, _ = _backend(B)
    with pytest.raises(ValueError, match=r"nonlinearity.*'sigmoid'"):
        mod.RNN(3, 4, nonlinearity="sigmoid", generator=gen)
    with pytest.raises(ValueError, match=r"hidden_size.*0"):
        mod.GRU(3, 0, generator=gen)
    with pytest.raises(TypeError, match=r"num_layers.*float"):
        mod.LSTM(3, 4, num_layers=1.5, generator=gen)
    with pytest.raises(TypeError, match=r"batch_first"):
        mod.LSTM(3, 4, batch_first=1, generator=gen)
    wrong = torch.Generator() if B == "scratch" else np.random.default_rng(0)
    with pytest.raises(TypeError, match=r"generator"):
        mod.RNN(3, 4, generator=wrong)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_scratch_backward_checks_upstream_gradients(name):
    layer = getattr(S, name)(4, 3, num_layers=2, generator=np.random.default_rng(0))
    with pytest.raises(RuntimeError, match="forward를 먼저"):
        layer.backward(np.zeros((5, 2, 3)))
    out, h_n = layer(np.zeros((5, 2, 4)))
    with pytest.raises(ValueError, match=r"dout shape \(5, 3, 3\).*\(5, 2, 3\)"):
        layer.backward(np.zeros((5, 3, 3)))
    with pytest.raises(ValueError, match=r"dh_n shape \(1, 2, 3\).*\(2, 2, 3\)"):
        layer.backward(np.zeros_like(out), np.zeros((1, 2, 3)))
    with pytest.raises(TypeError, match=r"dh_n dtype float32"):
        layer.backward(np.zeros_like(out), np.zeros((2, 2, 3), dtype=np.float32))
    if name == "LSTM":
        with pytest.raises(ValueError, match=r"dc_n shape \(2, 2\).*\(2, 2, 3\)"):
            layer.backward(np.zeros_like(out), None, np.zeros((2, 2)))
