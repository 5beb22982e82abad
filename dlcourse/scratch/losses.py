"""출력층 함수와 손실 함수(loss function). 이름과 인자는 ``torch.nn.functional`` 을 따른다.

모든 손실은 기본으로 평균(reduction='mean')을 낸다. 분류 손실은 확률이 아니라 로짓(logit)에서
log-sum-exp로 계산해 넘치지도, log(0)을 만나지도 않는다.
"""
import math
from numbers import Real

import numpy as np

from .._checks import check_class_target, check_probabilities, check_reduction, check_same_shape
from .._losses import BCE_GRAD_EPS, LOG_CLAMP
from .._losses import reduce_loss as _reduce
from ._array import as_float_array
from .activations import sigmoid
from .layer import Layer


def softmax(x, dim=-1):
    """소프트맥스: exp(x − max) / Σ exp(x − max). 최댓값을 빼도 값은 같고 exp가 넘치지 않는다."""
    x = as_float_array(x, "softmax")
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def log_softmax(x, dim=-1):
    """log softmax = (x − m) − log Σ exp(x − m), m = max (log-sum-exp 요령)."""
    x = as_float_array(x, "log_softmax")
    z = x - x.max(axis=dim, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=dim, keepdims=True))


def mse_loss(input, target, reduction="mean"):
    """평균 제곱 오차(mean squared error): mean((input − target)²). 모양이 같아야 한다."""
    input, target = as_float_array(input, "mse_loss", "input"), as_float_array(target, "mse_loss", "target")
    check_same_shape(input, target, "mse_loss", "input", "target")
    check_reduction(reduction, "mse_loss")
    return _reduce((input - target) ** 2, reduction, input.size)


def _class_target(input, target, where):
    """정답을 (N, C) 확률 행렬로 바꾼다: 정수 번호면 원-핫(one-hot)으로."""
    input = as_float_array(input, where, "input")
    target = np.asarray(target)
    is_index = np.issubdtype(target.dtype, np.integer)
    if not is_index and not np.issubdtype(target.dtype, np.floating):
        raise TypeError(f"{where}: target은 정수 클래스 번호나 실수 확률이어야 하는데 dtype {target.dtype}을 받았습니다.")
    check_class_target(input, target, is_index, where)
    if is_index:
        onehot = np.zeros_like(input)
        onehot[np.arange(len(target)), target] = 1
        return input, onehot
    return input, as_float_array(target, where, "target").astype(input.dtype)  # 새 배열: 호출한 쪽과 나누지 않는다


def cross_entropy(input, target, reduction="mean"):
    """교차 엔트로피 H(y, softmax(input)) = −Σ_c y_c log softmax(input)_c, 샘플 평균.

    input: 로짓 (N, C). target: 클래스 번호 (N,) 정수, 또는 확률·원-핫 (N, C) 실수.
    """
    input, y = _class_target(input, target, "cross_entropy")
    check_reduction(reduction, "cross_entropy")
    return _cross_entropy(input, y, reduction)[0]


def _cross_entropy(logits, y, reduction):
    """(손실, log softmax) — 층 형태가 log softmax를 역전파에 다시 쓰도록 함께 돌려준다."""
    log_p = log_softmax(logits, dim=1)
    return _reduce(-(y * log_p), reduction, logits.shape[0]), log_p


def _check_binary(input, target, where):
    input, target = as_float_array(input, where, "input"), as_float_array(target, where, "target")
    check_same_shape(input, target, where, "input", "target")
    return input, target


def binary_cross_entropy(input, target, reduction="mean"):
    """이진 교차 엔트로피 −[y log p + (1 − y) log(1 − p)], input은 확률 p ∈ [0, 1].

    torch처럼 log 값을 −100에서 자른다: p = 0 이나 1 에서도 손실이 유한하다.
    """
    p, y = _check_binary(input, target, "binary_cross_entropy")
    check_probabilities(p, "binary_cross_entropy")
    check_reduction(reduction, "binary_cross_entropy")
    with np.errstate(divide="ignore"):  # log 0 = −inf 는 바로 −100으로 잘린다
        log_p, log_1mp = np.maximum(np.log(p), LOG_CLAMP), np.maximum(np.log(1 - p), LOG_CLAMP)
    return _reduce(-(y * log_p + (1 - y) * log_1mp), reduction, p.size)


def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    """로짓 z에서 바로 구한 이진 교차 엔트로피: max(z, 0) − z·y + log(1 + e^{−|z|}). 넘치지 않는다."""
    z, y = _check_binary(input, target, "binary_cross_entropy_with_logits")
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    return _reduce(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))), reduction, z.size)


def _check_delta(delta, where):
    if isinstance(delta, bool) or not isinstance(delta, Real) or not math.isfinite(delta) or delta <= 0:
        raise ValueError(f"{where}: delta는 0보다 큰 유한한 실수여야 합니다: {delta!r}")


def huber_loss(input, target, reduction="mean", delta=1.0):
    """후버 손실(Huber loss): 오차 d = input − target 이 |d| < δ 이면 ½d², 아니면 δ(|d| − ½δ).

    작은 오차에는 MSE처럼 매끄럽고, 큰 오차에는 L1처럼 곧아서 기울기 clip(d, −δ, δ) 가 ±δ를 넘지 않는다
    (DQN에서 가끔 튀는 큰 TD 오차가 가중치를 크게 흔들지 않는다). 두 식은 |d| = δ 에서 값(½δ²)도 기울기(±δ)도 같다.
    """
    input, target = as_float_array(input, "huber_loss", "input"), as_float_array(target, "huber_loss", "target")
    check_same_shape(input, target, "huber_loss", "input", "target")
    check_reduction(reduction, "huber_loss")
    _check_delta(delta, "huber_loss")
    diff = input - target
    abs_diff = np.abs(diff)
    return _reduce(np.where(abs_diff < delta, 0.5 * diff**2, delta * (abs_diff - 0.5 * delta)), reduction, input.size)


# --- 층 형태: 역전파를 직접 계산한다 ------------------------------------------------------------


class Softmax(Layer):
    """소프트맥스 층. 역전파: dx = y ⊙ (dout − Σ_dim dout ⊙ y), y는 캐시한 출력 (제 사본)."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return self._keep_output(softmax(x, self.dim))

    def backward(self, dout, input_grad=True):
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        y = self._y
        return y * (dout - (dout * y).sum(axis=self.dim, keepdims=True))


class LogSoftmax(Layer):
    """log softmax 층. 역전파: dx = dout − softmax(x) · Σ_dim dout, softmax(x) = exp(캐시한 출력)."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return self._keep_output(log_softmax(x, self.dim))

    def backward(self, dout, input_grad=True):
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        return dout - np.exp(self._y) * dout.sum(axis=self.dim, keepdims=True)


class _Loss(Layer):
    """손실 층의 바탕: ``forward(input, target)`` 은 스칼라, ``backward(dout=1.0)`` 은 input의 기울기.

    캐시는 모두 제 사본이다: 호출한 쪽이 input이나 target을 나중에 고쳐도 기울기는 바뀌지 않는다.
    """

    def __init__(self, reduction="mean"):
        super().__init__()
        check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def __call__(self, input, target):
        return self.forward(input, target)

    def __repr__(self):
        return f"{type(self).__name__}()"

    def _scale(self, count):
        return 1.0 / count if self.reduction == "mean" else 1.0


class MSELoss(_Loss):
    """평균 제곱 오차 층. 역전파: d/dinput = 2 (input − target) / 원소 수."""

    def forward(self, input, target):
        loss = mse_loss(input, target, self.reduction)
        self._diff = np.asarray(input) - np.asarray(target)  # 새 배열
        self._remember_output(loss)
        return loss

    def backward(self, dout=1.0):
        dout = self._check_dout(dout)
        return dout * 2 * self._diff * self._scale(self._diff.size)


class CrossEntropyLoss(_Loss):
    """소프트맥스 + 교차 엔트로피를 한 층으로. 역전파: (softmax(input)·Σy − y) / N, 원-핫이면 (p − y) / N."""

    def forward(self, input, target):
        input, y = _class_target(input, target, "CrossEntropyLoss")
        loss, log_p = _cross_entropy(input, y, self.reduction)
        self._p, self._y = np.exp(log_p), y  # softmax = exp(log softmax). y는 _class_target이 만든 새 배열
        self._remember_output(loss)
        return loss

    def backward(self, dout=1.0):
        dout = self._check_dout(dout)
        p, y = self._p, self._y
        return dout * (p * y.sum(axis=1, keepdims=True) - y) * self._scale(p.shape[0])


class BCELoss(_Loss):
    """확률에서 구하는 이진 교차 엔트로피 층. 역전파: (p − y) / max(p(1 − p), 1e-12) — torch와 같은 식.

    −y/p + (1 − y)/(1 − p) 를 통분하면 (p − y) / (p(1 − p)) 이다. p가 0이나 1이면 분모가 0이 되므로
    torch처럼 분모를 1e-12에서 자른다: p = 0, y = 1 에서 기울기는 0이 아니라 −1e12 (틀린 방향을 크게 밀어낸다).
    """

    def forward(self, input, target):
        loss = binary_cross_entropy(input, target, self.reduction)
        self._p, self._y = np.array(input), np.array(target)  # 제 사본
        self._remember_output(loss)
        return loss

    def backward(self, dout=1.0):
        dout = self._check_dout(dout)
        p, y = self._p, self._y
        return dout * (p - y) / np.maximum(p * (1 - p), BCE_GRAD_EPS) * self._scale(p.size)


class BCEWithLogitsLoss(_Loss):
    """로짓에서 구하는 이진 교차 엔트로피 층. 역전파: (σ(z) − y) / 원소 수."""

    def forward(self, input, target):
        loss = binary_cross_entropy_with_logits(input, target, self.reduction)
        self._s, self._y = sigmoid(input), np.array(target)  # 제 사본
        self._remember_output(loss)
        return loss

    def backward(self, dout=1.0):
        dout = self._check_dout(dout)
        return dout * (self._s - self._y) * self._scale(self._s.size)


class HuberLoss(_Loss):
    """후버 손실 층. 역전파: d/dinput = clip(input − target, −δ, δ) / 원소 수 (|d| ≤ δ 면 d, 밖이면 ±δ)."""

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        _check_delta(delta, "HuberLoss")
        self.delta = delta

    def __repr__(self):
        return f"HuberLoss(delta={self.delta})"

    def forward(self, input, target):
        loss = huber_loss(input, target, self.reduction, self.delta)
        self._diff = np.asarray(input) - np.asarray(target)  # 새 배열
        self._remember_output(loss)
        return loss

    def backward(self, dout=1.0):
        dout = self._check_dout(dout)
        return dout * np.clip(self._diff, -self.delta, self.delta) * self._scale(self._diff.size)
