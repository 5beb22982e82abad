"""옵티마이저의 PyTorch 쌍둥이: 같은 식을 텐서 연산으로 (torch.optim과 비교해 검사한다).

식은 :mod:`dlcourse.scratch.optim` 의 docstring과 같다. 제자리 연산(``mul_``, ``addcmul_``, ``addcdiv_``, ``lerp_``)은
torch.optim과 같은 순서로 써서, 같은 기울기 열이면 반올림까지 거의 같은 궤적을 그린다.
"""
import math

import torch

from .._optim import check_adagrad, check_adam, check_lr, check_params, check_rmsprop, check_sgd


class Optimizer:
    """매개변수 목록을 받아 ``step()`` 마다 제자리에서 고친다. torch는 기울기를 더해 쌓으므로 걸음마다
    ``zero_grad()`` 로 비운다 (None으로: ``torch.optim`` 의 기본과 같다). 기울기가 None인 매개변수는 건너뛴다.

    모델이 아닌 점 하나도 고칠 수 있다 (손실 곡면 위의 궤적을 그릴 때)::

        xy = torch.tensor([-7.0, 2.0], requires_grad=True)   # 잎(leaf) 텐서
        opt = Adam([xy], lr=0.1)
        for _ in range(100):
            opt.zero_grad()
            f(xy).backward()   # 또는 xy.grad = grad_f(xy.detach())
            opt.step()
    """

    def __init__(self, params, lr):
        where = type(self).__name__
        self.params = check_params(params, where)
        for p in self.params:
            if not isinstance(p, torch.Tensor):
                raise TypeError(f"{where}: 매개변수는 텐서여야 하는데 {type(p).__name__}을(를) 받았습니다.")
            if not p.is_leaf:  # 계산 결과(잎이 아닌 텐서)는 고쳐 봐야 다음 순전파에 남지 않는다 (torch.optim도 거절한다)
                raise ValueError(f"{where}: 잎(leaf) 텐서만 고칠 수 있습니다: shape {tuple(p.shape)}의 텐서는 계산 결과입니다.")
        check_lr(lr, where)
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


class Adagrad(Optimizer):
    """AdaGrad, torch.optim.Adagrad와 같은 식: G ← G + g²,  p ← p − ηₜ·g / (√G + ε),  ηₜ = η / (1 + (t−1)·lr_decay)."""

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
        super().__init__(params, lr)
        check_adagrad(lr_decay, weight_decay, initial_accumulator_value, eps)
        self.lr_decay, self.weight_decay, self.eps = lr_decay, weight_decay, eps
        self.initial_accumulator_value = initial_accumulator_value
        self.steps = [0] * len(self.params)  # 매개변수마다 (기울기가 없던 걸음은 세지 않는다: ηₜ가 그 매개변수의 t를 쓴다)
        self.sum = [torch.full_like(p, initial_accumulator_value) for p in self.params]  # G

    @torch.no_grad()
    def step(self):
        for i, (p, G) in enumerate(zip(self.params, self.sum)):
            if p.grad is None:
                continue
            self.steps[i] += 1
            g = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            clr = self.lr / (1 + (self.steps[i] - 1) * self.lr_decay)
            G.addcmul_(g, g)  # G ← G + g²
            p.addcdiv_(g, torch.sqrt(G) + self.eps, value=-clr)  # p ← p − ηₜ·g / (√G + ε)


class RMSprop(Optimizer):
    """RMSprop, torch.optim.RMSprop와 같은 식: E[g²] ← αE[g²] + (1−α)g²,  p ← p − η·g / (√E[g²] + ε)
    (centered면 √ 안에서 ḡ²를 빼고, momentum이면 g / (s + ε)를 모멘텀 버퍼에 쌓는다)."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        super().__init__(params, lr)
        check_rmsprop(alpha, eps, weight_decay, momentum)
        self.alpha, self.eps, self.weight_decay = alpha, eps, weight_decay
        self.momentum, self.centered = momentum, centered
        self.steps = [0] * len(self.params)  # torch처럼 세기만 한다 (식에는 쓰이지 않는다)
        self.square_avg = [torch.zeros_like(p) for p in self.params]  # E[g²]
        self.grad_avg = [torch.zeros_like(p) for p in self.params] if centered else None  # ḡ
        self.momentum_buffer = [torch.zeros_like(p) for p in self.params] if momentum > 0 else None  # b

    @torch.no_grad()
    def step(self):
        a = self.alpha
        for i, (p, sq) in enumerate(zip(self.params, self.square_avg)):
            if p.grad is None:
                continue
            self.steps[i] += 1
            g = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            sq.mul_(a).addcmul_(g, g, value=1 - a)  # E[g²] ← αE[g²] + (1−α)g²
            if self.centered:
                ga = self.grad_avg[i].lerp_(g, 1 - a)  # ḡ ← αḡ + (1−α)g
                # E[g²] − ḡ² ≥ 0 이지만 반올림으로 아주 작은 음수가 될 수 있다: 0으로 자른다 (torch.optim은 여기서 NaN)
                avg = (sq - ga * ga).clamp_min_(0.0).sqrt_()
            else:
                avg = sq.sqrt()
            avg.add_(self.eps)
            if self.momentum > 0:
                buf = self.momentum_buffer[i]
                buf.mul_(self.momentum).addcdiv_(g, avg)  # b ← μb + g / (s + ε)
                p.add_(buf, alpha=-self.lr)
            else:
                p.addcdiv_(g, avg, value=-self.lr)


class Adam(Optimizer):
    """Adam, torch.optim.Adam과 같은 식 (ε는 편향 보정한 √v 바깥)."""

    decoupled_weight_decay = False  # AdamW는 True: 감쇠를 기울기가 아니라 매개변수에 직접 건다

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        check_adam(betas, eps, weight_decay, where=type(self).__name__)
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
            g = p.grad
            if self.weight_decay and self.decoupled_weight_decay:  # AdamW: p ← p·(1 − ηλ)
                p.mul_(1 - self.lr * self.weight_decay)
            elif self.weight_decay:  # Adam: g ← ∇ + λ·p
                g = p.grad + self.weight_decay * p
            m.mul_(b1).add_((1 - b1) * g)
            v.mul_(b2).add_((1 - b2) * g * g)
            step_size, bias_correction2_sqrt = self.lr / (1 - b1**t), math.sqrt(1 - b2**t)
            p -= step_size * m / (torch.sqrt(v) / bias_correction2_sqrt + self.eps)


class AdamW(Adam):
    """AdamW, torch.optim.AdamW와 같은 식: 먼저 p ← p·(1 − η·λ), 그다음 λ 없이 Adam의 걸음."""

    decoupled_weight_decay = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
