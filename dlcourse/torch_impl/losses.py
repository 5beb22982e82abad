"""출력층 함수와 손실 함수의 PyTorch 쌍둥이: 같은 식을 텐서 연산으로 쓰고, 기울기는 autograd가 구한다."""
import torch
from torch import nn

from .._checks import (check_class_target, check_no_nan, check_probabilities, check_reduction,
                       check_same_shape)
from ..scratch.losses import LOG_CLAMP
from ._tensor import as_float_tensor


def _reduce(loss, reduction, count):
    total = loss.sum()
    return total / count if reduction == "mean" else total


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
    check_no_nan(input, where)
    if not isinstance(target, torch.Tensor):
        raise TypeError(f"{where}: target은 torch.Tensor여야 하는데 {type(target).__name__}을 받았습니다.")
    is_index = not target.is_floating_point() and target.dtype != torch.bool
    if not is_index and not target.is_floating_point():
        raise TypeError(f"{where}: target은 정수 클래스 번호나 실수 확률이어야 하는데 dtype {target.dtype}을 받았습니다.")
    check_class_target(input, target, is_index, where)
    return input, target, is_index


def cross_entropy(input, target, reduction="mean"):
    """교차 엔트로피: −Σ_c y_c log softmax(input)_c, 샘플 평균. target은 번호 (N,) 또는 확률 (N, C)."""
    input, target, is_index = _class_target(input, target, "cross_entropy")
    check_reduction(reduction, "cross_entropy")
    logp = log_softmax(input, dim=1)
    if is_index:
        picked = logp[torch.arange(input.shape[0], device=input.device), target]
        return _reduce(-picked, reduction, input.shape[0])
    return _reduce(-(target * logp), reduction, input.shape[0])


def _check_binary(input, target, where):
    input, target = as_float_tensor(input, where, "input"), as_float_tensor(target, where, "target")
    check_same_shape(input, target, where, "input", "target")
    check_no_nan(input, where)
    return input, target


def _clamped_log(p):
    """max(log p, −100). p = 0 에서 log의 기울기 1/0 이 0·∞ = NaN을 만들지 않도록 where로 가른다."""
    positive = p > 0
    log_p = torch.log(torch.where(positive, p, torch.ones_like(p)))
    return torch.where(positive, log_p, torch.full_like(p, LOG_CLAMP)).clamp_min(LOG_CLAMP)


def binary_cross_entropy(input, target, reduction="mean"):
    """이진 교차 엔트로피 −[y log p + (1 − y) log(1 − p)], log는 −100에서 자른다."""
    p, y = _check_binary(input, target, "binary_cross_entropy")
    check_probabilities(p, "binary_cross_entropy")
    check_reduction(reduction, "binary_cross_entropy")
    log_p, log_1mp = _clamped_log(p), _clamped_log(1 - p)
    return _reduce(-(y * log_p + (1 - y) * log_1mp), reduction, p.numel())


def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    """로짓에서 바로: max(z, 0) − z·y + log(1 + e^{−|z|})."""
    z, y = _check_binary(input, target, "binary_cross_entropy_with_logits")
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    neg_abs = torch.where(z < 0, z, -z)  # −|z| (x = 0 에서도 기울기가 올바르게 흐르도록 where로)
    return _reduce(torch.clamp_min(z, 0) - z * y + torch.log1p(torch.exp(neg_abs)), reduction, z.numel())


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
