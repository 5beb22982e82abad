"""후버 손실(Huber loss): 기울기 검사, scratch ↔ torch_impl ↔ torch.nn.functional.huber_loss, |d| = δ 경계, 잘못된 입력."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch

DELTAS = [0.1, 0.5, 1.0, 2.0, 5.0]
REDUCTIONS = ["mean", "sum"]  # 'none'은 이 패키지의 다른 손실처럼 받지 않는다 (test_bad_input)


def away_from_kinks(rng, shape, delta, scale=2.0):
    """(input, target): 오차 d = input − target 이 ±δ 근처(5점 차분의 폭 2h = 2e-3 안)에 오지 않게 다시 뽑는다.

    후버 손실의 기울기는 연속이지만 2계 도함수가 ±δ에서 끊기므로, 차분 폭 안에 꺾이는 점이 들면 수치 기울기가 틀린다.
    오차의 크기를 δ에 맞춰 키워 두 구간(½d²와 δ(|d| − ½δ))이 모두 나오게 한다.
    """
    target = rng.normal(size=shape)
    while True:
        d = rng.normal(size=shape) * scale * delta
        if np.all(np.abs(np.abs(d) - delta) > 1e-2):
            return target + d, target


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("delta", DELTAS)
def test_backward_matches_numerical_gradient(delta, reduction, rng):
    x, y = away_from_kinks(rng, (4, 3), delta)
    d = np.abs(x - y)
    assert (d < delta).any() and (d > delta).any(), "두 구간이 모두 검사되어야 합니다"
    loss = S.HuberLoss(reduction=reduction, delta=delta)
    loss.forward(x, y)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda z: float(S.huber_loss(z, y, reduction, delta)), x)
    assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("delta", DELTAS)
def test_parity_with_torch(delta, reduction, rng, device):
    x, y = away_from_kinks(rng, (5, 2), delta)
    dout = 0.7  # 상류 기울기가 1이 아닐 때도
    s = S.HuberLoss(reduction=reduction, delta=delta)
    value = s.forward(x, y)
    grad = s.backward(dout)
    assert value == pytest.approx(float(S.huber_loss(x, y, reduction, delta)), rel=1e-15)
    candidates = [
        ("torch_impl.HuberLoss", T.HuberLoss(reduction=reduction, delta=delta)),
        ("torch_impl.huber_loss", lambda a, b: T.huber_loss(a, b, reduction, delta)),
        ("torch.nn.functional.huber_loss", lambda a, b: F.huber_loss(a, b, reduction=reduction, delta=delta)),
    ]
    for label, fn in candidates:
        xt = to_torch(x, device, requires_grad=True)
        out = fn(xt, to_torch(y, device))
        out.backward(torch.tensor(dout, dtype=torch.float64, device=device))
        np.testing.assert_allclose(value, out.item(), rtol=1e-7, err_msg=f"손실 vs {label}")
        np.testing.assert_allclose(grad, to_numpy(xt.grad), rtol=1e-7, atol=1e-15, err_msg=f"기울기 vs {label}")


@pytest.mark.parametrize("delta", [0.25, 0.5, 1.0, 2.0])
def test_boundary_abs_error_equal_to_delta(delta, device):
    """|d| = δ 바로 그 점: 두 식의 값 ½δ²와 기울기 ±δ가 만나고, torch도 같은 값을 낸다.
    (δ와 target을 2의 거듭제곱 분수로 골라 input − target 이 정확히 ±δ가 되게 한다.)"""
    target = np.array([0.0, 0.25, -1.5, 3.0, 0.5])
    d = np.array([delta, -delta, delta, -delta, 0.0])
    x = target + d
    np.testing.assert_array_equal(x - target, d)  # 반올림 없이 정확히 ±δ
    loss = S.HuberLoss(reduction="sum", delta=delta)
    value = loss.forward(x, target)
    grad = loss.backward()
    assert value == 4 * 0.5 * delta**2
    np.testing.assert_array_equal(grad, d)  # 경계의 기울기는 d = ±δ (꺾이지 않고 이어진다)
    for label, fn in [("torch_impl", T.huber_loss),
                      ("torch", lambda a, b, reduction, delta: F.huber_loss(a, b, reduction=reduction, delta=delta))]:
        xt = to_torch(x, device, requires_grad=True)
        out = fn(xt, to_torch(target, device), reduction="sum", delta=delta)
        out.backward()
        assert out.item() == value, label
        np.testing.assert_array_equal(to_numpy(xt.grad), grad, err_msg=label)


def test_two_regimes_and_limits():
    """작은 오차는 ½d² (MSE의 절반), 큰 오차는 δ|d| − ½δ² (L1처럼 곧다): 기울기가 ±δ에서 멈춘다."""
    small, big = np.array([0.3]), np.array([7.0])
    zero = np.zeros(1)
    assert S.huber_loss(small, zero) == pytest.approx(0.5 * 0.3**2, rel=1e-15)
    assert S.huber_loss(big, zero, delta=2.0) == pytest.approx(2.0 * 7.0 - 0.5 * 4.0, rel=1e-15)
    loss = S.HuberLoss(delta=2.0)
    loss.forward(np.array([-100.0, 100.0, 1.0]), np.zeros(3))
    np.testing.assert_allclose(loss.backward(), np.array([-2.0, 2.0, 1.0]) / 3, rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_keeps_dtype_and_does_not_mutate(dtype, rng):
    x, y = (rng.normal(size=(3, 4)) * 3).astype(dtype), rng.normal(size=(3, 4)).astype(dtype)
    x0, y0 = x.copy(), y.copy()
    loss = S.HuberLoss(delta=1.0)
    value = loss.forward(x, y)
    x[...] = 0  # 호출한 쪽이 나중에 고쳐도 기울기는 그대로
    grad = loss.backward(np.asarray(1.0, dtype=dtype))
    assert np.asarray(value).dtype == dtype and grad.dtype == dtype
    ref = S.HuberLoss(delta=1.0)
    ref.forward(x0, y0)
    np.testing.assert_array_equal(grad, ref.backward(np.asarray(1.0, dtype=dtype)))
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize("B", [S, T])
def test_bad_input(B):
    arr = (lambda a: a) if B is S else torch.as_tensor
    a, b = arr(np.zeros(3)), arr(np.ones(3))
    with pytest.raises(ValueError, match=r"delta.*0보다 큰.*-1"):
        B.huber_loss(a, b, delta=-1.0)
    with pytest.raises(ValueError, match="delta"):
        B.huber_loss(a, b, delta=0.0)
    with pytest.raises(ValueError, match="delta"):
        B.huber_loss(a, b, delta=float("nan"))
    with pytest.raises(ValueError, match="delta"):
        B.HuberLoss(delta=True)
    with pytest.raises(ValueError, match="reduction"):
        B.huber_loss(a, b, reduction="none")
    with pytest.raises(ValueError, match=r"shape \(3,\).*\(2,\)"):
        B.huber_loss(a, arr(np.ones(2)))
    with pytest.raises(ValueError, match="NaN"):
        B.huber_loss(arr(np.array([np.nan, 0.0, 0.0])), b)
    with pytest.raises(TypeError, match="실수"):
        B.huber_loss(arr(np.array([1, 2, 3])), b)


def test_backward_before_forward_and_wrong_dout():
    loss = S.HuberLoss()
    with pytest.raises(RuntimeError, match="forward"):
        loss.backward()
    loss.forward(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="shape"):
        loss.backward(np.ones(2))
