"""Linear·Sequential·초기화·가중치 복사: 기울기 검사, 세 쪽 일치(scratch ↔ torch_impl ↔ torch.nn), 잘못된 입력."""
import math

import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.convert import copy_to_scratch, copy_to_torch
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch


def make_mlp(B, gen, dims=(3, 5, 4, 2), act="Tanh", dtype=None):
    layers = []
    for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        layers.append(B.Linear(a, b, generator=gen, dtype=dtype))
        if i < len(dims) - 2:
            layers.append(getattr(B, act)())
    return B.Sequential(*layers)


def check_parameter_gradients(model, x, dout):
    """backward가 채운 매개변수 기울기를, 그 매개변수만 흔든 수치 미분과 비교한다 (float64, 상대 오차 1e-7)."""
    grads = {n: g.copy() for n, g in model.named_grads()}
    for name, p in model.named_parameters():
        def f(value, p=p):
            saved = p.copy()
            p[...] = value
            out = np.sum(model.forward(x) * dout)
            p[...] = saved
            return out
        assert relative_error(grads[name], numerical_gradient(f, p)) < 1e-7, name


def test_linear_backward_matches_numerical_gradient(rng):
    layer = S.Linear(3, 4, generator=rng)
    layer.bias[...] = rng.normal(size=4)
    x, dout = rng.normal(size=(2, 3)), rng.normal(size=(2, 4))
    layer.forward(x)
    dx = layer.backward(dout)
    assert relative_error(dx, numerical_gradient(lambda z: np.sum(layer.forward(z) * dout), x)) < 1e-7
    check_parameter_gradients(layer, x, dout)


@pytest.mark.parametrize("act", ["Tanh", "Sigmoid", "ReLU"])
def test_sequential_mlp_gradients(act, rng):
    model = make_mlp(S, rng, act=act)
    x, dout = rng.normal(size=(3, 3)), rng.normal(size=(3, 2))
    model.forward(x)
    dx = model.backward(dout)
    assert relative_error(dx, numerical_gradient(lambda z: np.sum(model.forward(z) * dout), x)) < 1e-7
    check_parameter_gradients(model, x, dout)


def test_three_way_parity_with_torch_nn(rng, device):
    """scratch Linear, torch_impl Linear, torch.nn.Linear: 같은 가중치 → 같은 순전파와 모든 기울기."""
    s = S.Linear(4, 3, generator=rng)
    s.bias[...] = rng.normal(size=3)
    t = copy_to_torch(s, T.Linear(4, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)).to(device)
    ref = torch.nn.Linear(4, 3, dtype=torch.float64).to(device)
    with torch.no_grad():
        ref.weight.copy_(t.weight)
        ref.bias.copy_(t.bias)
    x, dout = rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    y_s = s.forward(x)
    dx_s = s.backward(dout)
    for label, model in [("torch_impl", t), ("torch.nn", ref)]:
        xt = to_torch(x, device, requires_grad=True)
        y = model(xt)
        y.backward(to_torch(dout, device))
        np.testing.assert_allclose(y_s, to_numpy(y), rtol=1e-7, atol=1e-7, err_msg=f"순전파 vs {label}")
        np.testing.assert_allclose(dx_s, to_numpy(xt.grad), rtol=1e-7, atol=1e-7, err_msg=f"dx vs {label}")
        np.testing.assert_allclose(s._grads["weight"], to_numpy(model.weight.grad).T, rtol=1e-7, atol=1e-7,
                                   err_msg=f"dW vs {label}")
        np.testing.assert_allclose(s._grads["bias"], to_numpy(model.bias.grad), rtol=1e-7, atol=1e-7,
                                   err_msg=f"db vs {label}")


def test_mlp_parity_scratch_vs_torch(rng, device):
    s = make_mlp(S, rng, act="ReLU")
    t = copy_to_torch(s, make_mlp(T, torch.Generator().manual_seed(1), act="ReLU", dtype=torch.float64)).to(device)
    x, dout = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    y_s = s.forward(x)
    dx_s = s.backward(dout)
    xt = to_torch(x, device, requires_grad=True)
    y_t = t(xt)
    y_t.backward(to_torch(dout, device))
    np.testing.assert_allclose(y_s, to_numpy(y_t), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dx_s, to_numpy(xt.grad), rtol=1e-6, atol=1e-7)
    torch_grads = {n: to_numpy(p.grad) for n, p in t.named_parameters()}
    for name, g in s.named_grads():
        expected = torch_grads[name].T if g.ndim == 2 else torch_grads[name]
        np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-7, err_msg=name)


def test_parameter_names_and_counts_match(rng):
    s = make_mlp(S, rng)
    t = make_mlp(T, torch.Generator().manual_seed(0))
    assert [n for n, _ in s.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert sum(p.size for p in s.params) == sum(p.numel() for p in t.parameters()) == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2


def test_weight_copy_round_trips_exactly(rng):
    s = make_mlp(S, rng)
    t = make_mlp(T, torch.Generator().manual_seed(3), dtype=torch.float64)
    copy_to_torch(s, t)
    back = copy_to_scratch(t, make_mlp(S, np.random.default_rng(99)))
    for (n, a), (_, b) in zip(s.named_parameters(), back.named_parameters()):
        np.testing.assert_array_equal(a, b, err_msg=n)
    # 메모리를 나눠 쓰지 않는다: scratch를 고쳐도 torch 쪽은 그대로
    before = t[0].weight.detach().clone()
    s[0].weight += 1.0
    assert torch.equal(t[0].weight.detach(), before)


def test_copy_rejects_mismatched_models(rng):
    with pytest.raises(ValueError, match="이름"):
        copy_to_torch(make_mlp(S, rng), make_mlp(T, torch.Generator(), dims=(3, 2)))
    with pytest.raises(ValueError, match="shape"):
        copy_to_torch(make_mlp(S, rng), make_mlp(T, torch.Generator(), dims=(3, 6, 4, 2)))


@pytest.mark.parametrize("B", [S, T])
def test_linear_shape_error_names_both_shapes(B):
    gen = np.random.default_rng(0) if B is S else torch.Generator().manual_seed(0)
    layer = B.Linear(3, 4, generator=gen, dtype=np.float64 if B is S else torch.float64)
    x = np.zeros((8, 5)) if B is S else torch.zeros(8, 5, dtype=torch.float64)
    with pytest.raises(ValueError, match=r"\(8, 5\).*weight shape \((3, 4|4, 3)\)"):
        layer(x)
    with pytest.raises(ValueError, match=r"\(3,\)"):
        layer(x[0, :3])
    with pytest.raises(TypeError, match="dtype"):
        layer(np.zeros((2, 3), dtype=np.float32) if B is S else torch.zeros(2, 3))


def test_linear_does_not_mutate_inputs(rng):
    layer = S.Linear(3, 2, generator=rng)
    x, dout = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    x0, d0 = x.copy(), dout.copy()
    layer.forward(x)
    layer.backward(dout)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, d0)


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match="1번째"):
        S.Sequential(S.ReLU(), "relu")
    with pytest.raises(TypeError, match="nn.Module"):
        T.Sequential(T.ReLU(), np.zeros(2))


@pytest.mark.parametrize("name,expected_std", [
    ("xavier_uniform_", math.sqrt(2 / (200 + 300))),
    ("xavier_normal_", math.sqrt(2 / (200 + 300))),
    ("kaiming_uniform_", math.sqrt(2 / 200)),
    ("kaiming_normal_", math.sqrt(2 / 200)),
])
def test_initializers(name, expected_std):
    """분산 공식 확인, 그리고 같은 torch 생성기면 torch.nn.init과 값이 정확히 같다."""
    kwargs = {"nonlinearity": "relu"} if name.startswith("kaiming") else {}
    w = getattr(S.init, name)(np.empty((200, 300)), generator=np.random.default_rng(0), **kwargs)
    assert abs(w.std() / expected_std - 1) < 0.02, w.std()
    t = getattr(T.init, name)(torch.empty(300, 200, dtype=torch.float64), generator=torch.Generator().manual_seed(5), **kwargs)
    ref = getattr(torch.nn.init, name)(torch.empty(300, 200, dtype=torch.float64), generator=torch.Generator().manual_seed(5), **kwargs)
    assert torch.equal(t, ref)
    assert abs(t.std().item() / expected_std - 1) < 0.02


def test_initializer_needs_a_generator():
    with pytest.raises(TypeError, match="default_rng"):
        S.init.xavier_uniform_(np.empty((2, 2)), generator=None)
    with pytest.raises(TypeError, match="torch.Generator"):
        T.init.xavier_uniform_(torch.empty(2, 2), generator=np.random.default_rng(0))
    with pytest.raises(ValueError, match="init"):
        S.Linear(2, 2, generator=np.random.default_rng(0), init="orthogonal")


def test_calculate_gain_matches_torch():
    for nl in ["linear", "sigmoid", "tanh", "relu"]:
        assert S.init.calculate_gain(nl) == pytest.approx(torch.nn.init.calculate_gain(nl))
    assert S.init.calculate_gain("leaky_relu", 0.2) == pytest.approx(torch.nn.init.calculate_gain("leaky_relu", 0.2))


def test_trace_shapes_twins_agree(rng):
    s = make_mlp(S, rng, act="ReLU")
    t = copy_to_torch(s, make_mlp(T, torch.Generator(), act="ReLU", dtype=torch.float64))
    x = rng.normal(size=(7, 3))
    rows = S.trace_shapes(s, x)
    assert rows == T.trace_shapes(t, torch.tensor(x))
    assert [r["output"] for r in rows] == [(7, 5), (7, 5), (7, 4), (7, 4), (7, 2)]
    assert sum(r["macs"] for r in rows) == 7 * (3 * 5 + 5 * 4 + 4 * 2)
    assert sum(r["params"] for r in rows) == sum(p.size for p in s.params)
    with pytest.raises(TypeError, match="Sequential"):
        S.trace_shapes(S.Linear(3, 2, generator=rng), x)
