"""옵티마이저의 PyTorch 쌍둥이: 같은 식을 텐서 연산으로 (torch.optim과 비교해 검사한다)."""
import math

import torch

from .._optim import check_adam, check_lr, check_params, check_sgd


class Optimizer:
    """매개변수 목록을 받아 ``step()`` 마다 제자리에서 고친다. torch는 기울기를 더해 쌓으므로 걸음마다
    ``zero_grad()`` 로 비운다 (None으로: ``torch.optim`` 의 기본과 같다). 기울기가 None인 매개변수는 건너뛴다."""

    def __init__(self, params, lr):
        self.params = check_params(params, type(self).__name__)
        check_lr(lr, type(self).__name__)
        self.lr = lr

    def zero_grad(self):
        for p in self.params:
            p.grad = None


class SGD(Optimizer):
    """확률적 경사 하강법 (모멘텀, 가중치 감쇠, 네스테로프), torch.optim.SGD와 같은 식."""

    def __init__(self, params, lr=1e-3, momentum=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr)
        check_sgd(momentum, weight_decay, nesterov)
        self.momentum, self.weight_decay, self.nesterov = momentum, weight_decay, nesterov
        self.velocity = [None] * len(self.params)

    @torch.no_grad()
    def step(self):
        for i, p in enumerate(self.params):
            if p.grad is None:  # 이번 걸음에 쓰이지 않은 매개변수 (torch.optim처럼 건너뛴다)
                continue
            g = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            if self.momentum:
                v = self.velocity[i]
                v = g.clone() if v is None else self.momentum * v + g
                self.velocity[i] = v
                g = g + self.momentum * v if self.nesterov else v
            p.add_(g, alpha=-self.lr)


class Adam(Optimizer):
    """Adam, torch.optim.Adam과 같은 식 (ε는 편향 보정한 √v 바깥)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        check_adam(betas, eps, weight_decay)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.steps = [0] * len(self.params)  # 매개변수마다 걸음 수 (torch처럼: 기울기가 없던 걸음은 세지 않는다)
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self):
        b1, b2 = self.betas
        for i, (p, m, v) in enumerate(zip(self.params, self.m, self.v)):
            if p.grad is None:  # torch.optim처럼 건너뛰고, 걸음 수도 세지 않는다
                continue
            self.steps[i] += 1
            t = self.steps[i]
            g = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            m.mul_(b1).add_((1 - b1) * g)
            v.mul_(b2).add_((1 - b2) * g * g)
            step_size, bias_correction2_sqrt = self.lr / (1 - b1**t), math.sqrt(1 - b2**t)
            p -= step_size * m / (torch.sqrt(v) / bias_correction2_sqrt + self.eps)
