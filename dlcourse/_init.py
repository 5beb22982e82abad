"""두 백엔드가 함께 쓰는 초기화 계산: 숫자만 다루므로 백엔드와 무관하다.

배열을 채우는 함수(``xavier_uniform_`` 등)는 백엔드마다 따로 있다 (:mod:`dlcourse.scratch.init`,
:mod:`dlcourse.torch_impl.init`). 여기에는 이득(gain)과 표준편차 계산, 이름으로 초기화를 고르는 규칙만 둔다.
"""
import math

INITS = ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")


def calculate_gain(nonlinearity, param=None):
    """활성화 함수에 맞춘 이득(gain): 층을 지나도 분산이 유지되게 하는 배율 (``torch.nn.init.calculate_gain``)."""
    if nonlinearity in ("linear", "identity", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return math.sqrt(2.0 / (1 + slope**2))
    raise ValueError(f"calculate_gain: 모르는 활성화 함수 {nonlinearity!r}")


def kaiming_std(fan_in, fan_out, a, mode, nonlinearity):
    """허 초기화의 표준편차 gain / √fan."""
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode는 'fan_in' 또는 'fan_out'이어야 합니다: {mode!r}")
    fan = fan_in if mode == "fan_in" else fan_out
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def init_weight(init, weight, generator, functions):
    """이름으로 고른 초기화 함수를 weight에 적용한다. ``functions`` 는 그 백엔드의 init 모듈이다."""
    if init not in INITS:
        raise ValueError(f"init은 {INITS} 중 하나여야 합니다: {init!r}")
    if init.startswith("kaiming"):
        return getattr(functions, init + "_")(weight, nonlinearity="relu", generator=generator)
    return getattr(functions, init + "_")(weight, generator=generator)
