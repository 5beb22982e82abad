"""출력층 함수와 손실 함수(loss function). 이름과 인자는 ``torch.nn.functional`` 을 따른다.

모든 손실은 기본으로 평균(reduction='mean')을 낸다. 분류 손실은 확률이 아니라 로짓(logit)에서
log-sum-exp로 계산해 넘치지도, log(0)을 만나지도 않는다.
"""
import math

import numpy as np

from .._checks import (check_class_target, check_no_nan, check_probabilities, check_reduction,
                       check_same_shape)
from ._array import as_float_array
from .activations import sigmoid
from .layer import Layer

LOG_CLAMP = -100.0  # torch의 binary_cross_entropy처럼 log 값을 −100 아래로 내리지 않는다
_TINY = math.exp(LOG_CLAMP)  # log p > −100 ⇔ p > e^-100: 이 바깥에서는 기울기가 0


def _reduce(loss, reduction, count):
    total = loss.sum()
    return total / count if reduction == "mean" else total


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
    check_no_nan(input, where)
    target = np.asarray(target)
    is_index = np.issubdtype(target.dtype, np.integer)
    if not is_index and not np.issubdtype(target.dtype, np.floating):
        raise TypeError(f"{where}: target은 정수 클래스 번호나 실수 확률이어야 하는데 dtype {target.dtype}을 받았습니다.")
    check_class_target(input, target, is_index, where)
    if is_index:
        onehot = np.zeros_like(input)
        onehot[np.arange(len(target)), target] = 1
        return input, onehot
    return input, target.astype(input.dtype, copy=False)


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
    check_no_nan(input, where)
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


# --- 층 형태: 역전파를 직접 계산한다 ------------------------------------------------------------


class Softmax(Layer):
    """소프트맥스 층. 역전파: dx = y ⊙ (dout − Σ_dim dout ⊙ y)."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        self._out = softmax(x, self.dim)
        return self._out

    def backward(self, dout):
        self._check_dout(dout)
        y = self._out
        return y * (dout - (dout * y).sum(axis=self.dim, keepdims=True))


class LogSoftmax(Layer):
    """log softmax 층. 역전파: dx = dout − softmax(x) · Σ_dim dout."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        self._out = log_softmax(x, self.dim)
        return self._out

    def backward(self, dout):
        self._check_dout(dout)
        return dout - np.exp(self._out) * dout.sum(axis=self.dim, keepdims=True)


class _Loss(Layer):
    """손실 층의 바탕: ``forward(input, target)`` 은 스칼라, ``backward(dout=1.0)`` 은 input의 기울기."""

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
        self._out = mse_loss(input, target, self.reduction)
        self._diff = np.asarray(input) - np.asarray(target)
        return self._out

    def backward(self, dout=1.0):
        self._check_dout(np.asarray(dout))
        return dout * 2 * self._diff * self._scale(self._diff.size)


class CrossEntropyLoss(_Loss):
    """소프트맥스 + 교차 엔트로피를 한 층으로. 역전파: (softmax(input)·Σy − y) / N, 원-핫이면 (p − y) / N."""

    def forward(self, input, target):
        input, y = _class_target(input, target, "CrossEntropyLoss")
        self._out, log_p = _cross_entropy(input, y, self.reduction)
        self._p, self._y = np.exp(log_p), y  # softmax = exp(log softmax): 지수를 다시 계산하지 않는다
        return self._out

    def backward(self, dout=1.0):
        self._check_dout(np.asarray(dout))
        p, y = self._p, self._y
        return dout * (p * y.sum(axis=1, keepdims=True) - y) * self._scale(p.shape[0])


class BCELoss(_Loss):
    """확률에서 구하는 이진 교차 엔트로피 층. 역전파: −y/p + (1 − y)/(1 − p), log가 −100에서 잘린 곳은 0."""

    def forward(self, input, target):
        self._out = binary_cross_entropy(input, target, self.reduction)
        self._p, self._y = np.asarray(input), np.asarray(target)
        return self._out

    def backward(self, dout=1.0):
        self._check_dout(np.asarray(dout))
        p, y = self._p, self._y
        with np.errstate(divide="ignore", invalid="ignore"):
            d_log_p = np.where(p > _TINY, 1 / p, 0.0)
            d_log_1mp = np.where(1 - p > _TINY, 1 / (1 - p), 0.0)
        return dout * (-y * d_log_p + (1 - y) * d_log_1mp) * self._scale(p.size)


class BCEWithLogitsLoss(_Loss):
    """로짓에서 구하는 이진 교차 엔트로피 층. 역전파: (σ(z) − y) / 원소 수."""

    def forward(self, input, target):
        self._out = binary_cross_entropy_with_logits(input, target, self.reduction)
        self._s, self._y = sigmoid(input), np.asarray(target)
        return self._out

    def backward(self, dout=1.0):
        self._check_dout(np.asarray(dout))
        return dout * (self._s - self._y) * self._scale(self._s.size)
