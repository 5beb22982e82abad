"""가중치 초기화의 PyTorch 쌍둥이. 식은 scratch와 같고, torch의 (out, in) 모양에 맞춰 fan을 읽는다.

같은 ``torch.Generator`` 를 주면 ``torch.nn.init`` 의 같은 이름 함수와 정확히 같은 값을 만든다.
"""
import math

import torch

from .._init import calculate_gain, kaiming_std  # 숫자만 다루는 계산: 두 백엔드가 함께 쓴다

__all__ = ["calculate_gain", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "zeros_"]


def _fans(weight):
    if weight.ndim != 2:
        raise ValueError(f"초기화할 가중치는 2차원 (out, in)이어야 하는데 shape {tuple(weight.shape)}을 받았습니다.")
    return weight.shape[1], weight.shape[0]


def _check_generator(generator, where):
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"{where}: generator는 torch.Generator().manual_seed(시드)여야 합니다 ({type(generator).__name__}).")


@torch.no_grad()
def xavier_uniform_(tensor, gain=1.0, *, generator):
    """글로럿 균등 초기화: U(−a, a), a = gain·√(6 / (fan_in + fan_out))."""
    _check_generator(generator, "xavier_uniform_")
    fan_in, fan_out = _fans(tensor)
    a = math.sqrt(3.0) * gain * math.sqrt(2.0 / (fan_in + fan_out))  # = gain·√(6/(fan_in+fan_out)), torch와 같은 계산 순서
    return tensor.uniform_(-a, a, generator=generator)


@torch.no_grad()
def xavier_normal_(tensor, gain=1.0, *, generator):
    """글로럿 정규 초기화: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))."""
    _check_generator(generator, "xavier_normal_")
    fan_in, fan_out = _fans(tensor)
    return tensor.normal_(0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator=generator)


@torch.no_grad()
def kaiming_uniform_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", *, generator):
    """허 균등 초기화: U(−b, b), b = gain·√(3 / fan)."""
    _check_generator(generator, "kaiming_uniform_")
    bound = math.sqrt(3.0) * kaiming_std(*_fans(tensor), a, mode, nonlinearity)
    return tensor.uniform_(-bound, bound, generator=generator)


@torch.no_grad()
def kaiming_normal_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", *, generator):
    """허 정규 초기화: N(0, σ²), σ = gain / √fan."""
    _check_generator(generator, "kaiming_normal_")
    return tensor.normal_(0.0, kaiming_std(*_fans(tensor), a, mode, nonlinearity), generator=generator)


@torch.no_grad()
def zeros_(tensor):
    """모두 0으로."""
    return tensor.zero_()
