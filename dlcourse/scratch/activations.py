"""활성화 함수(activation function): 계단, 시그모이드, tanh, ReLU.

함수(``sigmoid(x)``)는 순전파만, 같은 이름의 층(``Sigmoid``)은 역전파까지 맡는다.
모든 함수는 입력과 같은 모양·dtype을 돌려준다: shape (...) → (...).
"""
import numpy as np

from ._array import as_float_array
from .layer import Layer


def step(x):
    """계단 함수(step function): x > 0 이면 1, 아니면 0."""
    x = as_float_array(x, "step")
    return (x > 0).astype(x.dtype)


def sigmoid(x):
    """시그모이드 σ(x) = 1 / (1 + e^{-x}), 넘침(overflow) 없는 형태.

    e = e^{-|x|} 는 항상 (0, 1] 에 있으므로, x ≥ 0 이면 1/(1+e), x < 0 이면 e/(1+e) 로 계산한다.
    """
    x = as_float_array(x, "sigmoid")
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def tanh(x):
    """쌍곡탄젠트 tanh(x) = (1 − e^{-2x}) / (1 + e^{-2x}), 넘침 없는 형태.

    tanh는 홀함수라 |x| 로 계산한 뒤 부호를 되돌린다. 1 − e^{-2|x|} 는 expm1로 계산해
    0 근처에서도 유효숫자를 잃지 않는다.
    """
    x = as_float_array(x, "tanh")
    m = -2 * np.abs(x)
    t = -np.expm1(m) / (1 + np.exp(m))
    return np.where(x < 0, -t, t)


def relu(x):
    """ReLU(x) = max(0, x)."""
    x = as_float_array(x, "relu")
    return np.maximum(x, 0)


class Step(Layer):
    """계단 함수 층. 기울기는 어디서나 0이다 (x = 0 에서는 정의되지 않으며 0으로 둔다)."""

    def forward(self, x):
        y = step(x)
        self._remember_output(y)
        return y

    def backward(self, dout, input_grad=True):
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        return np.zeros_like(dout)


class Sigmoid(Layer):
    """시그모이드 층. 역전파: dx = dout · y(1 − y), y는 캐시한 출력 (제 사본)."""

    def forward(self, x):
        return self._keep_output(sigmoid(x))

    def backward(self, dout, input_grad=True):
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        y = self._y
        return dout * y * (1 - y)


class Tanh(Layer):
    """tanh 층. 역전파: dx = dout · (1 − y²), y는 캐시한 출력 (제 사본)."""

    def forward(self, x):
        return self._keep_output(tanh(x))

    def backward(self, dout, input_grad=True):
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        y = self._y
        return dout * (1 - y * y)


class ReLU(Layer):
    """ReLU 층. 역전파: x > 0 인 자리만 dout을 통과시킨다 (x = 0 에서는 0). 캐시는 제 마스크뿐이다."""

    def forward(self, x):
        y = relu(x)
        self._mask = y > 0
        self._remember_output(y)
        return y

    def backward(self, dout, input_grad=True):
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        return dout * self._mask
