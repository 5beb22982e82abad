"""출력층 함수와 손실: 기울기 검사, scratch ↔ torch_impl ↔ torch.nn.functional, 안정성, 잘못된 입력."""
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch


def cases(rng):
    """(이름, input, target) — 각 손실의 전형적인 입력 (float64)."""
    logits = rng.normal(size=(4, 5)) * 2
    probs_target = S.softmax(rng.normal(size=(4, 5)))
    p = S.sigmoid(rng.normal(size=(6,)))
    return {
        "mse": (S.MSELoss, T.MSELoss, F.mse_loss, rng.normal(size=(3, 2)), rng.normal(size=(3, 2))),
        "ce_index": (S.CrossEntropyLoss, T.CrossEntropyLoss, F.cross_entropy, logits, np.array([0, 4, 2, 1])),
        "ce_onehot": (S.CrossEntropyLoss, T.CrossEntropyLoss, F.cross_entropy, logits, np.eye(5)[[1, 1, 3, 0]]),
        "ce_probs": (S.CrossEntropyLoss, T.CrossEntropyLoss, F.cross_entropy, logits, probs_target),
        "bce": (S.BCELoss, T.BCELoss, F.binary_cross_entropy, p, (rng.random(6) > 0.5).astype(float)),
        "bce_logits": (S.BCEWithLogitsLoss, T.BCEWithLogitsLoss, F.binary_cross_entropy_with_logits,
                       rng.normal(size=(6,)), (rng.random(6) > 0.5).astype(float)),
    }


NAMES = ["mse", "ce_index", "ce_onehot", "ce_probs", "bce", "bce_logits"]


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("name", NAMES)
def test_loss_backward_matches_numerical_gradient(name, reduction, rng):
    S_cls, _, _, x, y = cases(rng)[name]
    loss = S_cls(reduction=reduction)
    loss.forward(x, y)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda z: float(S_cls(reduction=reduction).forward(z, y)), x)
    assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("name", NAMES)
def test_loss_parity_with_torch(name, rng, device):
    S_cls, T_cls, builtin, x, y = cases(rng)[name]
    s = S_cls()
    value = s.forward(x, y)
    grad = s.backward()
    for label, fn in [("torch_impl", T_cls()), ("torch.nn.functional", builtin)]:
        xt = to_torch(x, device, requires_grad=True)
        out = fn(xt, to_torch(y, device))
        out.backward()
        np.testing.assert_allclose(value, out.item(), rtol=1e-7, err_msg=f"{name} 손실 vs {label}")
        np.testing.assert_allclose(grad, to_numpy(xt.grad), rtol=1e-7, atol=1e-12, err_msg=f"{name} 기울기 vs {label}")


@pytest.mark.parametrize("layer", ["Softmax", "LogSoftmax"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_layers(layer, dim, rng, device):
    x, dout = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    s = getattr(S, layer)(dim=dim)
    y = s.forward(x)
    dx = s.backward(dout)
    fn = getattr(S, layer.lower().replace("logsoftmax", "log_softmax"))
    assert relative_error(dx, numerical_gradient(lambda z: np.sum(fn(z, dim) * dout), x)) < 1e-7
    builtin = {"Softmax": torch.softmax, "LogSoftmax": torch.log_softmax}[layer]
    for label, f in [("torch_impl", getattr(T, layer)(dim=dim)), ("torch", lambda t: builtin(t, dim))]:
        xt = to_torch(x, device, requires_grad=True)
        out = f(xt)
        out.backward(to_torch(dout, device))
        np.testing.assert_allclose(y, to_numpy(out), rtol=1e-7, atol=1e-12, err_msg=label)
        np.testing.assert_allclose(dx, to_numpy(xt.grad), rtol=1e-7, atol=1e-12, err_msg=label)


def test_softmax_properties(rng):
    x = rng.normal(size=(5, 7)) * 10
    p = S.softmax(x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(p.argmax(axis=1), x.argmax(axis=1))
    np.testing.assert_allclose(S.softmax(x + 1000.0), p, rtol=1e-12)  # 상수를 더해도 같다


def test_worked_example_from_the_outline():
    """정답 [0,1,0,0,0], 예측 [0.02,0.90,0.05,0.01,0.02] → −ln 0.90 ≈ 0.1054."""
    q = np.array([[0.02, 0.90, 0.05, 0.01, 0.02]])
    loss = S.cross_entropy(np.log(q), np.array([1]))  # softmax(log q) = q
    assert round(float(loss), 4) == 0.1054
    assert loss == pytest.approx(-np.log(0.90), rel=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stable_at_extremes(dtype):
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, 1000.0]], dtype=dtype)
    target = np.array([1, 2])
    z = np.array([1000.0, -1000.0, 0.0, 1000.0], dtype=dtype)
    y = np.array([0.0, 1.0, 1.0, 1.0], dtype=dtype)
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5], dtype=dtype)
    py = np.array([1.0, 0.0, 0.0, 1.0, 1.0], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = []
        for cls, a, b in [(S.CrossEntropyLoss, logits, target), (S.BCEWithLogitsLoss, z, y), (S.BCELoss, p, py)]:
            loss = cls()
            value = loss.forward(a, b)
            grad = loss.backward()
            assert np.isfinite(value) and np.all(np.isfinite(grad)), cls.__name__
            assert grad.dtype == dtype
            results.append(value)
        assert np.all(np.isfinite(S.softmax(logits))) and np.all(np.isfinite(S.log_softmax(logits)))
    # 값도 맞는지: CE = (2000 + 0) / 2, BCE(p) = (100 + 100 + 0 + 0 + ln 2) / 5 (log는 −100에서 잘림)
    assert results[0] == pytest.approx(1000.0, rel=1e-6)
    assert results[2] == pytest.approx((200 + np.log(2)) / 5, rel=1e-5)
    ref = F.binary_cross_entropy(torch.tensor(p, dtype=torch.float64), torch.tensor(py, dtype=torch.float64))
    assert results[2] == pytest.approx(ref.item(), rel=1e-5)


def test_torch_twin_finite_gradients_at_extremes():
    for fn, a, b in [
        (T.cross_entropy, torch.tensor([[1000.0, -1000.0]], requires_grad=True), torch.tensor([1])),
        (T.binary_cross_entropy, torch.tensor([0.0, 1.0], requires_grad=True), torch.tensor([1.0, 0.0])),
        (T.binary_cross_entropy_with_logits, torch.tensor([1000.0, -1000.0], requires_grad=True), torch.tensor([0.0, 1.0])),
    ]:
        out = fn(a, b)
        out.backward()
        assert torch.isfinite(out) and torch.all(torch.isfinite(a.grad)), fn.__name__


@pytest.mark.parametrize("B", [S, T])
def test_bad_targets(B):
    arr = (lambda a: a) if B is S else torch.as_tensor
    logits = arr(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"0 이상 3 이하.*\[0, 4\]"):
        B.cross_entropy(logits, arr(np.array([0, 1, 4])))
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(3,\).*\(3, 4\)"):
        B.cross_entropy(logits, arr(np.zeros((3, 2))))
    with pytest.raises(ValueError, match=r"\(3,\)"):
        B.cross_entropy(logits, arr(np.array([0, 1])))
    with pytest.raises(ValueError, match="NaN"):
        B.cross_entropy(arr(np.array([[np.nan, 0.0]])), arr(np.array([0])))
    with pytest.raises(ValueError, match=r"\(N, C\)"):
        B.cross_entropy(arr(np.zeros(4)), arr(np.array([0])))
    with pytest.raises(ValueError, match=r"0과 1 사이.*with_logits"):
        B.binary_cross_entropy(arr(np.array([0.5, 1.5])), arr(np.array([1.0, 0.0])))
    with pytest.raises(ValueError, match=r"shape \(2,\).*\(3,\)"):
        B.mse_loss(arr(np.zeros(2)), arr(np.zeros(3)))
    with pytest.raises(ValueError, match="reduction"):
        B.mse_loss(arr(np.zeros(2)), arr(np.zeros(2)), reduction="none")


def test_loss_layers_do_not_mutate(rng):
    x, y = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1])
    x0 = x.copy()
    loss = S.CrossEntropyLoss()
    loss.forward(x, y)
    loss.backward()
    np.testing.assert_array_equal(x, x0)
