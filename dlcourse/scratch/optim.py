"""옵티마이저(optimizer): 기울기로 매개변수를 고치는 규칙. 식은 ``torch.optim`` 과 똑같다."""
import math

import numpy as np


class Optimizer:
    """매개변수 목록(``model.parameters()``)을 받아 ``step()`` 마다 제자리에서 고친다."""

    def __init__(self, params, lr):
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: 매개변수 목록이 비어 있습니다.")
        if lr <= 0:
            raise ValueError(f"{type(self).__name__}: 학습률 lr은 양수여야 합니다: {lr}")
        self.lr = lr

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0


class SGD(Optimizer):
    """확률적 경사 하강법(stochastic gradient descent), torch.optim.SGD와 같은 식.

    g ← ∇ + λ·p (weight_decay),  모멘텀이 있으면 v ← μ·v + g (첫 걸음은 v = g),
    nesterov면 g ← g + μ·v, 아니면 g ← v.  그리고 p ← p − η·g.
    """

    def __init__(self, params, lr=1e-3, momentum=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr)
        self.momentum, self.weight_decay, self.nesterov = momentum, weight_decay, nesterov
        self.velocity = [None] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            if self.momentum:
                v = self.velocity[i]
                v = g.copy() if v is None else self.momentum * v + g
                self.velocity[i] = v
                g = g + self.momentum * v if self.nesterov else v
            p.data[...] -= self.lr * g


class Adam(Optimizer):
    """Adam, torch.optim.Adam과 같은 식.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
    p ← p − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)   (ε는 제곱근 바깥)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.t = 0
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1 - b1**self.t)
        bias_correction2_sqrt = math.sqrt(1 - b2**self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            m[...] = b1 * m + (1 - b1) * g
            v[...] = b2 * v + (1 - b2) * g * g
            p.data[...] -= step_size * m / (np.sqrt(v) / bias_correction2_sqrt + self.eps)
