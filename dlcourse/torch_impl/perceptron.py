"""퍼셉트론과 학습 규칙의 PyTorch 쌍둥이. 학습 규칙은 기울기를 쓰지 않으므로 autograd도 쓰지 않는다."""
import torch
from torch import nn

from .._checks import check_last_dim, check_ndim, check_same_batch
from .._perceptron import train_perceptron  # noqa: F401  되풀이 반복문은 백엔드와 무관하다 (한 곳에 있다)
from ._tensor import as_float_tensor
from .activations import step


class Perceptron(nn.Module):
    """입력 D개를 받는 퍼셉트론 하나. weight: (D,), bias: () — 처음에는 모두 0."""

    def __init__(self, in_features, *, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.weight = nn.Parameter(torch.zeros(in_features, dtype=dtype), requires_grad=False)
        self.bias = nn.Parameter(torch.zeros((), dtype=dtype), requires_grad=False)

    def _check_x(self, x, where):
        x = as_float_tensor(x, where)
        check_ndim(x, (2,), "x", where)
        check_last_dim(x, self.in_features, "x", where)
        return x

    def weighted_sum(self, x):
        """가중합 z = x · w + b. x: (N, D) → z: (N,)"""
        x = self._check_x(x, "Perceptron.weighted_sum")
        return x @ self.weight + self.bias

    def forward(self, x):
        """예측 ŷ = step(z). x: (N, D) → ŷ: (N,)"""
        return step(self.weighted_sum(x))

    @torch.no_grad()
    def learn(self, x, y, lr=1.0):
        """퍼셉트론 학습 규칙으로 1 에포크: w ← w + η (yᵢ − ŷᵢ) xᵢ, b ← b + η (yᵢ − ŷᵢ)."""
        x = self._check_x(x, "Perceptron.learn")
        y = as_float_tensor(y, "Perceptron.learn", "y")
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

