"""두 백엔드의 옵티마이저가 함께 쓰는 인자 검사 (``torch.optim`` 과 같은 규칙, 같은 때에 실패한다)."""


def check_params(params, where):
    """매개변수 목록을 list로 돌려준다. 비어 있으면 ValueError."""
    params = list(params)
    if not params:
        raise ValueError(f"{where}: 매개변수 목록이 비어 있습니다.")
    return params


def check_lr(lr, where):
    if not lr > 0:
        raise ValueError(f"{where}: 학습률 lr은 양수여야 합니다: {lr}")


def check_sgd(momentum, weight_decay, nesterov, where="SGD"):
    if momentum < 0:
        raise ValueError(f"{where}: momentum은 0 이상이어야 합니다: {momentum}")
    if weight_decay < 0:
        raise ValueError(f"{where}: weight_decay는 0 이상이어야 합니다: {weight_decay}")
    if nesterov and momentum <= 0:
        raise ValueError(f"{where}: nesterov=True에는 0보다 큰 momentum이 필요합니다 (momentum={momentum}).")


def check_adam(betas, eps, weight_decay, where="Adam"):
    if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
        raise ValueError(f"{where}: betas는 [0, 1) 안의 두 수여야 합니다: {betas}")
    if eps < 0:
        raise ValueError(f"{where}: eps는 0 이상이어야 합니다: {eps}")
    if weight_decay < 0:
        raise ValueError(f"{where}: weight_decay는 0 이상이어야 합니다: {weight_decay}")
