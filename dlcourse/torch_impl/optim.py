"""옵티마이저의 PyTorch 쌍둥이: 같은 식을 텐서 연산으로 (torch.optim과 비교해 검사한다)."""
import math

import torch

from ..scratch.optim import Optimizer as _Optimizer  # 매개변수 목록·학습률 검사는 백엔드와 무관하다


class Optimizer(_Optimizer):
    """매개변수 검사는 scratch와 같다. 다른 점: torch는 기울기를 더해 쌓으므로 걸음마다 비워야 한다(None으로)."""

    def zero_grad(self):
        for p in self.params:
            p.grad = None


class SGD(Optimizer):
    """확률적 경사 하강법 (모멘텀, 가중치 감쇠, 네스테로프), torch.optim.SGD와 같은 식."""

    def __init__(self, params, lr=1e-3, momentum=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr)
        self.momentum, self.weight_decay, self.nesterov = momentum, weight_decay, nesterov
        self.velocity = [None] * len(self.params)

    @torch.no_grad()
    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            if self.momentum:
                v = self.velocity[i]
                v = g.clone() if v is None else self.momentum * v + g
                self.velocity[i] = v
                g = g + self.momentum * v if self.nesterov else v
            p -= self.lr * g


class Adam(Optimizer):
    """Adam, torch.optim.Adam과 같은 식 (ε는 편향 보정한 √v 바깥)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.t = 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self):
        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1 - b1**self.t)
        bias_correction2_sqrt = math.sqrt(1 - b2**self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            m.mul_(b1).add_((1 - b1) * g)
            v.mul_(b2).add_((1 - b2) * g * g)
            p -= step_size * m / (torch.sqrt(v) / bias_correction2_sqrt + self.eps)
