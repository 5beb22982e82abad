"""두 백엔드의 옵티마이저가 함께 쓰는 인자 검사 (``torch.optim`` 과 같은 규칙, 같은 때에 실패한다).

검사는 ``not 0 <= x`` 꼴로 써서 NaN도 거절한다 (torch와 같다). 하나 다른 점: 만들 때의 학습률 0은 거절한다
(torch는 받는다). 학습률 0으로 만든 옵티마이저는 아무것도 배우지 않으니 거의 언제나 실수다.
학습률 스케줄러가 걸음 중에 ``lr`` 을 0까지 내리는 것은 괜찮다 (``CosineAnnealingLR(eta_min=0)``).
"""


def check_params(params, where):
    """매개변수 목록을 list로 돌려준다. 비어 있으면 ValueError."""
    params = list(params)
    if not params:
        raise ValueError(f"{where}: 매개변수 목록이 비어 있습니다.")
    return params


def check_lr(lr, where):
    if not lr > 0:
        raise ValueError(f"{where}: 학습률 lr은 양수여야 합니다: {lr}")


def _check_nonnegative(where, **values):
    for name, value in values.items():
        if not 0.0 <= value:
            raise ValueError(f"{where}: {name}은(는) 0 이상이어야 합니다: {value}")


def check_sgd(momentum, weight_decay, nesterov, where="SGD"):
    _check_nonnegative(where, momentum=momentum, weight_decay=weight_decay)
    if nesterov and momentum <= 0:
        raise ValueError(f"{where}: nesterov=True에는 0보다 큰 momentum이 필요합니다 (momentum={momentum}).")


def check_adam(betas, eps, weight_decay, where="Adam"):
    if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
        raise ValueError(f"{where}: betas는 [0, 1) 안의 두 수여야 합니다: {betas}")
    _check_nonnegative(where, eps=eps, weight_decay=weight_decay)


def check_adagrad(lr_decay, weight_decay, initial_accumulator_value, eps, where="Adagrad"):
    _check_nonnegative(where, lr_decay=lr_decay, weight_decay=weight_decay,
                       initial_accumulator_value=initial_accumulator_value, eps=eps)


def check_rmsprop(alpha, eps, weight_decay, momentum, where="RMSprop"):
    """torch처럼 alpha는 0 이상이기만 하면 받는다 (쓸모 있는 값은 [0, 1) 안이다)."""
    _check_nonnegative(where, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)


def check_clip_args(max_norm, norm_type, where="clip_grad_norm_"):
    """기울기 클리핑의 인자를 float로 돌려준다. max_norm은 양수(inf면 재기만 한다), norm_type은 양수 또는 inf ('inf' 문자열도)."""
    try:
        max_norm, norm_type = float(max_norm), float(norm_type)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: max_norm과 norm_type은 수여야 합니다: max_norm={max_norm!r}, norm_type={norm_type!r}") from None
    if not max_norm > 0:  # 0은 기울기를 모두 지우고, 음수는 방향을 뒤집는다 (NaN도 여기서 걸린다)
        raise ValueError(f"{where}: max_norm은 양수여야 합니다: {max_norm}")
    if not norm_type > 0:
        raise ValueError(f"{where}: norm_type은 양수(p-노름) 또는 inf여야 합니다: {norm_type}")
    return max_norm, norm_type
