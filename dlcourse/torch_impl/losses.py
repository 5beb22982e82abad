"""출력층 함수와 손실 함수의 PyTorch 쌍둥이: 같은 식을 텐서 연산으로 쓰고, 기울기는 autograd가 구한다."""
import math
from numbers import Real

import torch
from torch import nn

from .._checks import check_class_target, check_probabilities, check_reduction, check_same_shape
from .._losses import BCE_GRAD_EPS, LOG_CLAMP
from .._losses import reduce_loss as _reduce
from ._tensor import as_float_tensor


def softmax(x, dim=-1):
    """소프트맥스: exp(x − max) / Σ exp(x − max). 최댓값은 상수로 취급한다(값에 영향이 없다)."""
    x = as_float_tensor(x, "softmax")
    e = torch.exp(x - x.amax(dim=dim, keepdim=True).detach())
    return e / e.sum(dim=dim, keepdim=True)


def log_softmax(x, dim=-1):
    """log softmax = (x − m) − log Σ exp(x − m)."""
    x = as_float_tensor(x, "log_softmax")
    z = x - x.amax(dim=dim, keepdim=True).detach()
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def mse_loss(input, target, reduction="mean"):
    """평균 제곱 오차: mean((input − target)²)."""
    input, target = as_float_tensor(input, "mse_loss", "input"), as_float_tensor(target, "mse_loss", "target")
    check_same_shape(input, target, "mse_loss", "input", "target")
    check_reduction(reduction, "mse_loss")
    return _reduce((input - target) ** 2, reduction, input.numel())


def _class_target(input, target, where):
    input = as_float_tensor(input, where, "input")
    if not isinstance(target, torch.Tensor):
        raise TypeError(f"{where}: target은 torch.Tensor여야 하는데 {type(target).__name__}을 받았습니다.")
    is_index = not target.is_floating_point() and target.dtype != torch.bool
    if not is_index and not target.is_floating_point():
        raise TypeError(f"{where}: target은 정수 클래스 번호나 실수 확률이어야 하는데 dtype {target.dtype}을 받았습니다.")
    if not is_index:
        as_float_tensor(target, where, "target")
    check_class_target(input, target, is_index, where)
    return input, target, is_index


def cross_entropy(input, target, reduction="mean"):
    """교차 엔트로피: −Σ_c y_c log softmax(input)_c, 샘플 평균. target은 번호 (N,) 또는 확률 (N, C)."""
    input, target, is_index = _class_target(input, target, "cross_entropy")
    check_reduction(reduction, "cross_entropy")
    logp = log_softmax(input, dim=1)
    if is_index:
        picked = logp.gather(1, target[:, None])  # 샘플마다 정답 클래스의 log 확률 하나: (N, 1)
        return _reduce(-picked, reduction, input.shape[0])
    return _reduce(-(target * logp), reduction, input.shape[0])


def _check_binary(input, target, where):
    input, target = as_float_tensor(input, where, "input"), as_float_tensor(target, where, "target")
    check_same_shape(input, target, where, "input", "target")
    return input, target


def _clamped_log(p):
    """max(log p, −100): log 0 = −inf 도 −100이 된다 (아래 Function 안에서만 쓰므로 기울기는 거기서 정한다)."""
    return torch.log(p).clamp_min(LOG_CLAMP)


class _BinaryCrossEntropy(torch.autograd.Function):
    """확률 p에서 구하는 BCE의 원소별 값과 기울기. 기울기를 autograd에 맡기지 않고 직접 쓰는 까닭:

    log를 −100에서 자른 식을 그대로 미분하면, 잘린 곳(p = 0 이나 1)의 기울기가 0이 된다. torch는 대신
    ∂/∂p = (p − y) / max(p(1 − p), 1e-12) 를 쓴다 (잘리지 않은 식을 통분하고 분모만 자른 것). 그 식을 여기 적는다.
    target 쪽 기울기도 torch처럼 자르지 않은 log로: ∂/∂y = log(1 − p) − log p (p가 0이나 1이면 ±inf).
    """

    @staticmethod
    def forward(ctx, p, y):
        ctx.save_for_backward(p, y)
        return -(y * _clamped_log(p) + (1 - y) * _clamped_log(1 - p))

    @staticmethod
    def backward(ctx, grad):
        p, y = ctx.saved_tensors
        grad_p = grad * (p - y) / torch.clamp_min(p * (1 - p), BCE_GRAD_EPS)
        return grad_p, grad * (torch.log(1 - p) - torch.log(p))


def binary_cross_entropy(input, target, reduction="mean"):
    """이진 교차 엔트로피 −[y log p + (1 − y) log(1 − p)], log는 −100에서 자른다 (기울기는 torch와 같게)."""
    p, y = _check_binary(input, target, "binary_cross_entropy")
    check_probabilities(p, "binary_cross_entropy")
    check_reduction(reduction, "binary_cross_entropy")
    return _reduce(_BinaryCrossEntropy.apply(p, y), reduction, p.numel())


def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    """로짓에서 바로: max(z, 0) − z·y + log(1 + e^{−|z|})."""
    z, y = _check_binary(input, target, "binary_cross_entropy_with_logits")
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    neg_abs = torch.where(z < 0, z, -z)  # −|z| (x = 0 에서도 기울기가 올바르게 흐르도록 where로)
    return _reduce(torch.clamp_min(z, 0) - z * y + torch.log1p(torch.exp(neg_abs)), reduction, z.numel())


def _check_delta(delta, where):
    if isinstance(delta, bool) or not isinstance(delta, Real) or not math.isfinite(delta) or delta <= 0:
        raise ValueError(f"{where}: delta는 0보다 큰 유한한 실수여야 합니다: {delta!r}")


def huber_loss(input, target, reduction="mean", delta=1.0):
    """후버 손실: |d| < δ 이면 ½d², 아니면 δ(|d| − ½δ), d = input − target. 기울기는 autograd: clip(d, −δ, δ)."""
    input, target = as_float_tensor(input, "huber_loss", "input"), as_float_tensor(target, "huber_loss", "target")
    check_same_shape(input, target, "huber_loss", "input", "target")
    check_reduction(reduction, "huber_loss")
    _check_delta(delta, "huber_loss")
    diff = input - target
    abs_diff = diff.abs()
    return _reduce(torch.where(abs_diff < delta, 0.5 * diff**2, delta * (abs_diff - 0.5 * delta)), reduction, input.numel())


class Softmax(nn.Module):
    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return softmax(x, self.dim)


class LogSoftmax(nn.Module):
    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return log_softmax(x, self.dim)


class _Loss(nn.Module):
    """손실 층의 바탕: ``forward(input, target)`` 은 스칼라 텐서."""

    loss_fn = None

    def __init__(self, reduction="mean"):
        super().__init__()
        check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def forward(self, input, target):
        return type(self).loss_fn(input, target, self.reduction)


class MSELoss(_Loss):
    loss_fn = mse_loss


class CrossEntropyLoss(_Loss):
    loss_fn = cross_entropy


class BCELoss(_Loss):
    loss_fn = binary_cross_entropy


class BCEWithLogitsLoss(_Loss):
    loss_fn = binary_cross_entropy_with_logits


class HuberLoss(_Loss):
    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        _check_delta(delta, "HuberLoss")
        self.delta = delta

    def forward(self, input, target):
        return huber_loss(input, target, self.reduction, self.delta)
