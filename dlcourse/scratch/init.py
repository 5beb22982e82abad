"""가중치 초기화(weight initialization). 이름과 식은 ``torch.nn.init`` 을 따른다.

scratch의 가중치는 (in_features, out_features) 모양이다 (y = x W). 그래서 fan_in은 첫 축,
fan_out은 둘째 축이다. torch의 (out, in) 모양과 반대이니 주의한다. 난수는 넘겨받은 생성기로만 뽑는다.
"""
import math

import numpy as np

from .._init import calculate_gain, kaiming_std  # 숫자만 다루는 계산: 두 백엔드가 함께 쓴다

__all__ = ["calculate_gain", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "zeros_"]


def _fans(weight):
    if weight.ndim != 2:
        raise ValueError(f"초기화할 가중치는 2차원 (in, out)이어야 하는데 shape {weight.shape}을 받았습니다.")
    return weight.shape[0], weight.shape[1]


def _check_generator(generator, where):
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"{where}: generator는 np.random.default_rng(시드)로 만든 생성기여야 합니다 ({type(generator).__name__}).")


def xavier_uniform_(tensor, gain=1.0, *, generator):
    """글로럿(Glorot)/자비에(Xavier) 균등 초기화: U(−a, a), a = gain·√(6 / (fan_in + fan_out)). 제자리에서 바꾼다."""
    _check_generator(generator, "xavier_uniform_")
    fan_in, fan_out = _fans(tensor)
    a = math.sqrt(3.0) * gain * math.sqrt(2.0 / (fan_in + fan_out))  # = gain·√(6/(fan_in+fan_out)), torch와 같은 계산 순서
    tensor[...] = generator.uniform(-a, a, size=tensor.shape)
    return tensor


def xavier_normal_(tensor, gain=1.0, *, generator):
    """글로럿 정규 초기화: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))."""
    _check_generator(generator, "xavier_normal_")
    fan_in, fan_out = _fans(tensor)
    tensor[...] = generator.normal(0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), size=tensor.shape)
    return tensor


def kaiming_uniform_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", *, generator):
    """허(He)/카이밍 균등 초기화: U(−b, b), b = gain·√(3 / fan). ReLU 층에 맞춘 분산 2 / fan."""
    _check_generator(generator, "kaiming_uniform_")
    bound = math.sqrt(3.0) * kaiming_std(*_fans(tensor), a, mode, nonlinearity)
    tensor[...] = generator.uniform(-bound, bound, size=tensor.shape)
    return tensor


def kaiming_normal_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", *, generator):
    """허 정규 초기화: N(0, σ²), σ = gain / √fan."""
    _check_generator(generator, "kaiming_normal_")
    tensor[...] = generator.normal(0.0, kaiming_std(*_fans(tensor), a, mode, nonlinearity), size=tensor.shape)
    return tensor


def zeros_(tensor):
    """모두 0으로 (편향의 기본값)."""
    tensor[...] = 0
    return tensor
