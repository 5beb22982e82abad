"""활성화 함수: 수치 미분 검사, scratch ↔ torch_impl ↔ torch 내장 함수 일치, 안정성, 잘못된 입력."""
import warnings

import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch

NAMES = ["step", "sigmoid", "tanh", "relu"]
LAYERS = {"step": "Step", "sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "ReLU"}
# torch 내장 짝. 계단 함수는 heaviside(x, 0): x = 0 에서 0.
BUILTIN = {
    "step": lambda x: torch.heaviside(x, torch.zeros_like(x)),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
}
SMOOTH = ["sigmoid", "tanh"]


def away_from_kink(rng, shape):
    """ReLU·계단 함수의 꺾인 점(0)에서 떨어진 입력: |x| ≥ 0.1 (중심 차분이 0을 넘지 않게)."""
    x = rng.normal(size=shape) * 2
    return np.where(np.abs(x) < 0.1, 0.1 * np.sign(x) + x, x)


@pytest.mark.parametrize("name", NAMES)
def test_backward_matches_numerical_gradient(name, rng):
    x = away_from_kink(rng, (3, 4))
    dout = rng.normal(size=(3, 4))
    layer = getattr(S, LAYERS[name])()
    layer.forward(x)
    analytic = layer.backward(dout)
    numeric = numerical_gradient(lambda z: np.sum(getattr(S, name)(z) * dout), x)
    if name in SMOOTH:
        assert relative_error(analytic, numeric) < 1e-7
    else:  # 조각마다 선형: 기울기는 0 또는 dout 그 자체
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_forward_and_gradient_match_torch(name, rng, device):
    x = np.concatenate([rng.normal(size=20) * 3, [-30.0, -5.0, 0.0, 5.0, 30.0]]).reshape(5, 5)
    dout = rng.normal(size=x.shape)
    layer = getattr(S, LAYERS[name])()
    y_s = layer.forward(x)
    dx_s = layer.backward(dout)

    for label, fn in [("torch_impl", getattr(T, name)), ("torch 내장", BUILTIN[name])]:
        xt = to_torch(x, device, requires_grad=True)
        y_t = fn(xt)
        assert y_t.device == xt.device and y_t.dtype == torch.float64
        np.testing.assert_allclose(y_s, to_numpy(y_t), rtol=1e-7, atol=1e-7, err_msg=f"{name} 순전파 vs {label}")
        if name == "step":
            # 계단 함수의 출력은 그래프에서 떨어져 있다: 기울기는 정의상 0, scratch도 0을 준다.
            assert not y_t.requires_grad or label == "torch 내장"
            np.testing.assert_array_equal(dx_s, 0.0)
            continue
        y_t.backward(to_torch(dout, device))
        np.testing.assert_allclose(dx_s, to_numpy(xt.grad), rtol=1e-7, atol=1e-7, err_msg=f"{name} 역전파 vs {label}")


@pytest.mark.parametrize("name", SMOOTH + ["relu"])
def test_torch_twin_gradient_at_zero(name):
    """x = 0 에서 쌍둥이의 기울기: 시그모이드 1/4, tanh 1, ReLU 0 (torch.relu와 같은 약속)."""
    x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    getattr(T, name)(x).sum().backward()
    assert x.grad.item() == {"sigmoid": 0.25, "tanh": 1.0, "relu": 0.0}[name]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", NAMES)
def test_no_overflow_at_pm_1000(name, dtype):
    x = np.array([-1000.0, -100.0, 0.0, 100.0, 1000.0], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = getattr(S, name)(x)
        layer = getattr(S, LAYERS[name])()
        layer.forward(x)
        dx = layer.backward(np.ones_like(x))
        yt = getattr(T, name)(torch.tensor(x, requires_grad=True))
    assert y.dtype == dtype and dx.dtype == dtype, "입력 dtype을 지켜야 합니다"
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx))
    assert torch.all(torch.isfinite(yt))
    expected = {"step": [0, 0, 0, 1, 1], "sigmoid": [0, 0, 0.5, 1, 1],
                "tanh": [-1, -1, 0, 1, 1], "relu": [0, 0, 0, 100, 1000]}[name]
    np.testing.assert_allclose(y, expected, atol=1e-30)
    np.testing.assert_allclose(to_numpy(yt), expected, atol=1e-30)


def test_torch_twin_gradients_finite_at_pm_1000():
    for name in SMOOTH:
        x = torch.tensor([-1000.0, 1000.0], dtype=torch.float32, requires_grad=True)
        getattr(T, name)(x).sum().backward()
        assert torch.all(torch.isfinite(x.grad)), name


def test_tanh_keeps_precision_near_zero():
    x = np.array([1e-12, -3e-9, 1e-5])
    np.testing.assert_allclose(S.tanh(x), np.tanh(x), rtol=1e-14)
    np.testing.assert_allclose(to_numpy(T.tanh(torch.tensor(x))), np.tanh(x), rtol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_layers_do_not_mutate_inputs(name, rng):
    x = rng.normal(size=(4, 3))
    dout = rng.normal(size=(4, 3))
    x0, dout0 = x.copy(), dout.copy()
    layer = getattr(S, LAYERS[name])()
    layer.forward(x)
    layer.backward(dout)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(dout, dout0)


@pytest.mark.parametrize("name", NAMES)
def test_bad_input(name):
    fn, layer = getattr(S, name), getattr(S, LAYERS[name])()
    with pytest.raises(TypeError, match="int64"):
        fn(np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="Tensor"):
        fn(torch.zeros(3))
    with pytest.raises(TypeError, match="ndarray"):
        getattr(T, name)(np.zeros(3))
    with pytest.raises(TypeError, match="torch.int64"):
        getattr(T, name)(torch.arange(3))
    with pytest.raises(RuntimeError, match="forward"):
        layer.backward(np.ones(3))
    layer.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\).*|.*\(3, 2\)"):
        layer.backward(np.ones((3, 2)))
