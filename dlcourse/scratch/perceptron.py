"""단층 퍼셉트론(perceptron)과 퍼셉트론 학습 규칙.

ŷ = step(x · w + b). 계단 함수의 기울기는 0이므로 경사 하강법 대신 로젠블랫(Rosenblatt)의
학습 규칙을 쓴다: 샘플을 하나씩 보며 틀린 만큼 가중치를 옮긴다.
"""
import numpy as np

from .._checks import check_last_dim, check_ndim, check_same_batch
from .._perceptron import train_perceptron  # noqa: F401  되풀이 반복문은 백엔드와 무관하다 (한 곳에 있다)
from ._array import as_float_array
from .activations import step


class Perceptron:
    """입력 D개를 받는 퍼셉트론 하나.

    weight: (D,), bias: () — 처음에는 모두 0 (같은 데이터면 언제나 같은 결과).
    """

    def __init__(self, in_features, *, dtype=None):
        dtype = np.float64 if dtype is None else dtype
        self.in_features = in_features
        self.weight = np.zeros(in_features, dtype=dtype)
        self.bias = np.zeros((), dtype=dtype)

    def _check_x(self, x, where):
        x = as_float_array(x, where)
        check_ndim(x, (2,), "x", where)
        check_last_dim(x, self.in_features, "x", where)
        return x

    def weighted_sum(self, x):
        """가중합 z = x · w + b. x: (N, D) → z: (N,)"""
        x = self._check_x(x, "Perceptron.weighted_sum")
        return x @ self.weight + self.bias

    def forward(self, x):
        """예측 ŷ = step(z). x: (N, D) → ŷ: (N,), 값은 0 또는 1."""
        return step(self.weighted_sum(x))

    __call__ = forward

    def learn(self, x, y, lr=1.0):
        """퍼셉트론 학습 규칙으로 데이터를 한 번 훑는다(1 에포크). 틀린 샘플 수를 돌려준다.

        샘플 (xᵢ, yᵢ)마다 ŷᵢ = step(xᵢ · w + b) 를 구하고
        w ← w + η (yᵢ − ŷᵢ) xᵢ,  b ← b + η (yᵢ − ŷᵢ).
        맞힌 샘플은 yᵢ − ŷᵢ = 0 이라 아무것도 바뀌지 않는다.
        x: (N, D), y: (N,) 값은 0 또는 1.
        """
        x = self._check_x(x, "Perceptron.learn")
        y = as_float_array(y, "Perceptron.learn", "y")
        check_ndim(y, (1,), "y", "Perceptron.learn")
        check_same_batch(x, y, "Perceptron.learn")
        mistakes = 0
        for xi, yi in zip(x, y):
            error = yi - step(xi @ self.weight + self.bias)
            if error != 0:
                self.weight += lr * error * xi
                self.bias += lr * error
                mistakes += 1
        return mistakes

