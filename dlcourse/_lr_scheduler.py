"""학습률 스케줄러(learning-rate scheduler): 에포크마다 옵티마이저의 학습률 ``lr`` 을 바꾼다.

``torch.optim.lr_scheduler`` 와 같은 이름, 같은 식, 같은 순서다. 백엔드와 무관하므로 한 번만 쓰고
두 백엔드가 같은 모듈을 ``lr_scheduler`` 로 내보낸다 (``S.lr_scheduler is T.lr_scheduler``).
옵티마이저는 ``lr`` 속성 하나만 있으면 된다 (dlcourse의 옵티마이저는 매개변수 그룹이 하나다)::

    opt = SGD(model.parameters(), lr=0.1)
    sched = lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
    for epoch in range(30):
        ...                # 이 에포크의 걸음들: opt.step()은 opt.lr을 쓴다
        sched.step()       # 에포크가 끝나면 학습률을 다음 값으로

torch처럼 새 학습률을 지금의 ``optimizer.lr`` 에서 곱해 구한다 (연쇄형, chainable). 그래서 밖에서 ``lr`` 을
바꾸면 그 변화가 이어지고, 바꾸지 않으면 각 클래스의 닫힌 식과 (반올림까지) 같다.
"""
import math
import numbers

__all__ = ["LRScheduler", "StepLR", "CosineAnnealingLR"]


def _check_int(value, name, where):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{where}: {name}은(는) 1 이상의 정수여야 합니다: {value!r}")


class LRScheduler:
    """스케줄러의 바탕. 만들 때 ``optimizer.lr`` 을 처음 학습률 ``base_lr`` 로 기억하고 ``last_epoch = 0`` 이 된다.

    ``step()`` 은 ``last_epoch`` 을 1 늘리고 ``optimizer.lr`` 을 그 에포크의 학습률로 바꾼다.
    ``get_last_lr()`` 은 마지막으로 정한 학습률을 원소 하나짜리 list로 돌려준다 (torch의 매개변수 그룹 하나와 같은 모양).
    """

    def __init__(self, optimizer):
        where = type(self).__name__
        lr = getattr(optimizer, "lr", None)
        if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
            hint = " torch.optim의 옵티마이저에는 torch.optim.lr_scheduler를 씁니다." if hasattr(optimizer, "param_groups") else ""
            raise TypeError(f"{where}: 옵티마이저에 수 하나인 lr 속성이 있어야 하는데 {type(optimizer).__name__}에는 없습니다.{hint}")
        self.optimizer = optimizer
        self.base_lr = float(lr)
        self.last_epoch = -1
        self._initial = True
        self.step()  # torch처럼 만들 때 한 번: last_epoch = 0, 학습률은 그대로
        self._initial = False

    def _next_lr(self, lr):
        """지금 학습률 ``lr`` 에서 에포크 ``last_epoch`` 의 학습률을 구한다 (서브클래스가 정한다)."""
        raise NotImplementedError

    def step(self):
        self.last_epoch += 1
        lr = self.optimizer.lr if self._initial else self._next_lr(self.optimizer.lr)
        self.optimizer.lr = lr
        self._last_lr = lr

    def get_last_lr(self):
        return [self._last_lr]


class StepLR(LRScheduler):
    """``step_size`` 에포크마다 학습률에 ``gamma`` 를 곱한다 (계단 모양).

    ηₜ = η₀ · γ^⌊t / step_size⌋   (t = last_epoch)
    """

    def __init__(self, optimizer, step_size, gamma=0.1):
        where = type(self).__name__
        _check_int(step_size, "step_size", where)
        if not gamma > 0:
            raise ValueError(f"{where}: gamma는 양수여야 합니다: {gamma}")
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer)

    def _next_lr(self, lr):
        if self.last_epoch % self.step_size != 0:
            return lr
        return lr * self.gamma


class CosineAnnealingLR(LRScheduler):
    """학습률을 코사인 반 주기를 따라 ``T_max`` 에포크 동안 η₀에서 ``eta_min`` 까지 부드럽게 내린다.

    ηₜ = η_min + ½(η₀ − η_min)(1 + cos(π·t / T_max))   (t = last_epoch)

    t가 T_max를 넘으면 torch처럼 다시 올라간다 (주기 2·T_max). 계산은 torch의 연쇄형이다:
    ηₜ − η_min = (ηₜ₋₁ − η_min) · (1 + cos(πt/T)) / (1 + cos(π(t−1)/T)), 분모가 0인 바닥 바로 다음 에포크만
    ηₜ = ηₜ₋₁ + ½(η₀ − η_min)(1 − cos(π/T)) 로 올린다.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0):
        where = type(self).__name__
        _check_int(T_max, "T_max", where)
        if not 0.0 <= eta_min < math.inf:
            raise ValueError(f"{where}: eta_min은 0 이상의 유한한 수여야 합니다: {eta_min}")
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer)

    def _next_lr(self, lr):
        t, T, lo = self.last_epoch, self.T_max, self.eta_min
        if (t - 1 - T) % (2 * T) == 0:  # 바닥(η_min)을 막 지났다: 비율의 분모가 0이므로 더해서 올린다
            return lr + (self.base_lr - lo) * (1 - math.cos(math.pi / T)) / 2
        return (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T)) * (lr - lo) + lo
