"""기울기 클리핑(gradient clipping): 모든 기울기를 한 벡터로 본 노름이 ``max_norm`` 을 넘으면 같은 비율로 줄인다."""
import math

import numpy as np

from .._optim import check_clip_args
from .layer import Parameter


def _p_norm(x, p):
    """배열 x를 한 벡터로 본 p-노름 (p = inf면 가장 큰 |x|). 가장 큰 |x|로 나눠서 재므로 제곱이 넘치지 않는다."""
    a = np.abs(x).ravel()
    m = a.max(initial=0.0)
    if p == math.inf or not 0 < m < math.inf:  # inf-노름이거나, 모두 0이거나, inf·NaN이 있으면 그 값이 답이다
        return m
    return m * np.sum((a / m) ** p) ** (1 / p)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0):
    """torch.nn.utils.clip_grad_norm_과 같은 식으로 기울기를 제자리에서 줄이고, 줄이기 전의 전체 노름을 돌려준다.

    parameters: ``model.parameters()`` (Parameter(name, data, grad)의 목록) 또는 Parameter 하나.
    전체 노름 ‖g‖ = (Σᵢ ‖gᵢ‖ₚᵖ)^(1/p) (모든 기울기를 이어 붙인 벡터의 p-노름, p = inf면 가장 큰 |g|),
    c = min(max_norm / (‖g‖ + 1e-6), 1),  gᵢ ← c · gᵢ.
    방향은 그대로 두고 길이만 max_norm 안으로 줄인다. 노름이 이미 작으면 c = 1이라 그대로다.
    돌려주는 값: 자르기 전의 전체 노름 (Python float). 기울기에 inf·NaN이 있으면 torch처럼 그대로 NaN이 퍼진다.
    """
    if isinstance(parameters, Parameter):
        parameters = [parameters]
    parameters = list(parameters)
    max_norm, norm_type = check_clip_args(max_norm, norm_type, "clip_grad_norm_")
    for p in parameters:
        if not isinstance(p, Parameter):
            raise TypeError(f"clip_grad_norm_: Parameter(name, data, grad)의 목록이어야 하는데 {type(p).__name__}을(를) 받았습니다 "
                            "(모델이면 model.parameters()를 넘깁니다).")
    if not parameters:
        return 0.0
    grads = [p.grad for p in parameters]
    # 매개변수마다의 노름을 먼저 구하고, 그 노름들의 노름을 구한다 (= 이어 붙인 벡터의 노름, torch와 같은 순서)
    total = float(_p_norm(np.array([_p_norm(g, norm_type) for g in grads]), norm_type))
    clip_coef = min(max_norm / (total + 1e-6), 1.0)
    with np.errstate(invalid="ignore"):  # 기울기에 inf가 있으면 inf·0 = NaN: torch처럼 경고 없이 NaN으로
        for g in grads:
            g *= clip_coef  # 제자리에서: 층이 가진 기울기 버퍼 그 자체가 줄어든다
    return total
