"""활성화 함수의 PyTorch 쌍둥이: 텐서 연산으로 쓰고, 기울기는 autograd가 구한다.

scratch 판과 같은 식을 쓴다. 절댓값 대신 ``torch.where`` 로 가지를 나누는 까닭은
|x| 의 x = 0 에서의 기울기(autograd는 0을 준다)가 끼어들지 않게 하기 위해서다.
"""
import torch
from torch import nn

from ._tensor import as_float_tensor


def step(x):
    """계단 함수: x > 0 이면 1, 아니면 0. 출력은 계산 그래프에서 떨어져 있다(기울기 0)."""
    x = as_float_tensor(x, "step")
    return (x > 0).to(x.dtype)


def sigmoid(x):
    """시그모이드 σ(x) = 1 / (1 + e^{-x}), 넘침 없는 형태 (지수는 언제나 −|x|)."""
    x = as_float_tensor(x, "sigmoid")
    neg = x < 0
    e = torch.exp(torch.where(neg, x, -x))
    return torch.where(neg, e / (1 + e), 1 / (1 + e))


def tanh(x):
    """tanh(x) = (1 − e^{-2x}) / (1 + e^{-2x}), 넘침 없는 형태 (|x| 로 계산한 뒤 부호 복원)."""
    x = as_float_tensor(x, "tanh")
    neg = x < 0
    m = -2 * torch.where(neg, -x, x)
    t = -torch.expm1(m) / (1 + torch.exp(m))
    return torch.where(neg, -t, t)


def relu(x):
    """ReLU(x) = x · [x > 0]. 마스크 [x > 0] 은 상수이므로 기울기도 같은 마스크다 (x = 0 에서 0: torch.relu와 같다).

    마스크는 sign(x)를 0 아래에서 자른 0/1 실수 텐서로 만든다: CPU에서 ``x > 0`` 같은 불리언 텐서와
    ``torch.where`` 보다 몇 배 빠르다. 음수 자리의 x·0 = −0.0 은 0.0을 제자리에서 더해 +0.0 으로 바꾼다.
    """
    x = as_float_tensor(x, "relu")
    mask = x.detach().sign().clamp_min_(0)
    return (x * mask).add_(0.0)


class _Activation(nn.Module):
    """매개변수 없는 활성화 층의 바탕: scratch 층처럼 인자 없이 만든다."""

    def __init__(self):
        super().__init__()


class Step(_Activation):
    """계단 함수 층."""

    def forward(self, x):
        return step(x)


class Sigmoid(_Activation):
    """시그모이드 층."""

    def forward(self, x):
        return sigmoid(x)


class Tanh(_Activation):
    """tanh 층."""

    def forward(self, x):
        return tanh(x)


class ReLU(_Activation):
    """ReLU 층."""

    def forward(self, x):
        return relu(x)
