"""옵티마이저(optimizer): 기울기로 매개변수를 고치는 규칙. 식은 ``torch.optim`` 과 똑같다."""
import math

import numpy as np

from .._optim import check_adam, check_lr, check_params, check_sgd


class Optimizer:
    """매개변수 목록(``model.parameters()``)을 받아 ``step()`` 마다 제자리에서 고친다.

    scratch의 역전파는 기울기 버퍼를 덮어쓰므로(더해 쌓지 않으므로) ``zero_grad`` 가 필요 없다.
    """

    def __init__(self, params, lr):
        self.params = check_params(params, type(self).__name__)
        check_lr(lr, type(self).__name__)
        self.lr = lr


class SGD(Optimizer):
    """확률적 경사 하강법(stochastic gradient descent), torch.optim.SGD와 같은 식.

    g ← ∇ + λ·p (weight_decay),  모멘텀이 있으면 v ← μ·v + g (첫 걸음은 v = g),
    nesterov면 g ← g + μ·v, 아니면 g ← v.  그리고 p ← p − η·g.
    """

    def __init__(self, params, lr=1e-3, momentum=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, lr)
        check_sgd(momentum, weight_decay, nesterov)
        self.momentum, self.weight_decay, self.nesterov = momentum, weight_decay, nesterov
        self.velocity = [None] * len(self.params)
        self._update = [np.empty_like(p.data) for p in self.params]  # η·g를 담을 버퍼: 걸음마다 새 배열을 만들지 않는다

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            if self.momentum:
                v = self.velocity[i]
                if v is None:
                    v = self.velocity[i] = g.copy()
                else:  # v ← μ·v + g, 제자리에서
                    v *= self.momentum
                    v += g
                g = g + self.momentum * v if self.nesterov else v
            np.multiply(g, self.lr, out=self._update[i])
            p.data[...] -= self._update[i]


class Adam(Optimizer):
    """Adam, torch.optim.Adam과 같은 식.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
    p ← p − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)   (ε는 제곱근 바깥)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        check_adam(betas, eps, weight_decay)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.steps = [0] * len(self.params)  # 매개변수마다 걸음 수 (torch처럼: 기울기가 없던 걸음은 세지 않는다)
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        b1, b2 = self.betas
        for i, (p, m, v) in enumerate(zip(self.params, self.m, self.v)):
            self.steps[i] += 1
            t = self.steps[i]
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            m[...] = b1 * m + (1 - b1) * g
            v[...] = b2 * v + (1 - b2) * g * g
            step_size, bias_correction2_sqrt = self.lr / (1 - b1**t), math.sqrt(1 - b2**t)
            p.data[...] -= step_size * m / (np.sqrt(v) / bias_correction2_sqrt + self.eps)
