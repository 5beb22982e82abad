"""옵티마이저(optimizer): 기울기로 매개변수를 고치는 규칙. 식은 ``torch.optim`` 과 똑같다.

아래 식에서 p는 매개변수, ∇는 그 기울기, η는 학습률 ``lr``, λ는 ``weight_decay``, t는 그 매개변수의 걸음 수다.
g², √, 나눗셈은 모두 원소마다 한다.
"""
import math

import numpy as np

from .._optim import check_adagrad, check_adam, check_lr, check_params, check_rmsprop, check_sgd
from .layer import Parameter


def _check_parameter(p, where):
    """``Parameter(name, data, grad)`` 인지, data가 실수 배열이고 grad가 같은 모양인지 확인한다."""
    if not isinstance(p, Parameter):
        raise TypeError(f"{where}: 매개변수는 Parameter(name, data, grad)여야 하는데 {type(p).__name__}을(를) 받았습니다 "
                        "(모델이면 model.parameters()를 넘깁니다).")
    for label, arr in (("data", p.data), ("grad", p.grad)):
        if not isinstance(arr, np.ndarray) or not np.issubdtype(arr.dtype, np.floating):
            kind = arr.dtype if isinstance(arr, np.ndarray) else type(arr).__name__
            raise TypeError(f"{where}: 매개변수 {p.name!r}의 {label}는 실수 NumPy 배열이어야 하는데 {kind}입니다 "
                            "(제자리에서 고치므로 정수 배열은 쓸 수 없습니다).")
    if p.grad.shape != p.data.shape:
        raise ValueError(f"{where}: 매개변수 {p.name!r}의 grad shape {p.grad.shape}이 data shape {p.data.shape}와 다릅니다.")


class Optimizer:
    """매개변수 목록(``model.parameters()``)을 받아 ``step()`` 마다 제자리에서 고친다.

    scratch의 역전파는 기울기 버퍼를 덮어쓰므로(더해 쌓지 않으므로) ``zero_grad`` 가 필요 없다.
    상태(모멘텀, 제곱 평균, 걸음 수 …)는 매개변수마다 따로 둔다.

    모델이 아닌 점 하나도 고칠 수 있다 (손실 곡면 위의 궤적을 그릴 때)::

        p = Parameter("xy", np.array([-7.0, 2.0]), np.zeros(2))   # 실수 배열이어야 한다
        opt = Adam([p], lr=0.1)
        for _ in range(100):
            p.grad[...] = grad_f(p.data)   # 기울기는 버퍼에 제자리로 채운다 (p.grad = … 는 NamedTuple이라 안 된다)
            opt.step()                     # p.data가 제자리에서 바뀐다
    """

    def __init__(self, params, lr):
        where = type(self).__name__
        self.params = check_params(params, where)
        for p in self.params:
            _check_parameter(p, where)
        check_lr(lr, where)
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


class Adagrad(Optimizer):
    """AdaGrad, torch.optim.Adagrad와 같은 식. 많이 움직인 좌표일수록 학습률을 줄인다.

    t ← t + 1,  g ← ∇ + λ·p,  ηₜ = η / (1 + (t − 1)·lr_decay),
    G ← G + g²   (기울기 제곱을 원소마다 계속 더한다, 처음 G = initial_accumulator_value),
    p ← p − ηₜ · g / (√G + ε)

    G는 줄지 않으므로 걸음이 갈수록 작아진다 (오래 학습하면 멈춘다: RMSprop이 고친 점).
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
        super().__init__(params, lr)
        check_adagrad(lr_decay, weight_decay, initial_accumulator_value, eps)
        self.lr_decay, self.weight_decay, self.eps = lr_decay, weight_decay, eps
        self.initial_accumulator_value = initial_accumulator_value
        self.steps = [0] * len(self.params)
        self.sum = [np.full_like(p.data, initial_accumulator_value) for p in self.params]  # G

    def step(self):
        for i, (p, G) in enumerate(zip(self.params, self.sum)):
            self.steps[i] += 1
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            clr = self.lr / (1 + (self.steps[i] - 1) * self.lr_decay)
            G += g * g
            p.data[...] += -clr * g / (np.sqrt(G) + self.eps)


class RMSprop(Optimizer):
    """RMSprop, torch.optim.RMSprop와 같은 식. 기울기 제곱의 이동 평균으로 나눈다.

    g ← ∇ + λ·p,
    E[g²] ← α·E[g²] + (1 − α)·g²   (최근 기울기일수록 무겁게: AdaGrad와 달리 잊는다),
    centered면 ḡ ← α·ḡ + (1 − α)·g 이고 s = √(E[g²] − ḡ²) (분산), 아니면 s = √E[g²],
    momentum > 0이면 b ← μ·b + g / (s + ε),  p ← p − η·b,
    아니면 p ← p − η · g / (s + ε).
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        super().__init__(params, lr)
        check_rmsprop(alpha, eps, weight_decay, momentum)
        self.alpha, self.eps, self.weight_decay = alpha, eps, weight_decay
        self.momentum, self.centered = momentum, centered
        self.steps = [0] * len(self.params)  # torch처럼 세기만 한다 (식에는 쓰이지 않는다)
        self.square_avg = [np.zeros_like(p.data) for p in self.params]  # E[g²]
        self.grad_avg = [np.zeros_like(p.data) for p in self.params] if centered else None  # ḡ
        self.momentum_buffer = [np.zeros_like(p.data) for p in self.params] if momentum > 0 else None  # b

    def step(self):
        a = self.alpha
        for i, (p, sq) in enumerate(zip(self.params, self.square_avg)):
            self.steps[i] += 1
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            sq *= a
            sq += (1 - a) * g * g
            if self.centered:
                ga = self.grad_avg[i]
                ga += (1 - a) * (g - ga)  # ḡ ← αḡ + (1−α)g 를 torch의 lerp 꼴로
                # E[g²] − ḡ² ≥ 0 이지만 반올림으로 아주 작은 음수가 될 수 있다: 0으로 자른다 (torch는 여기서 NaN)
                avg = np.sqrt(np.maximum(sq - ga * ga, 0.0))
            else:
                avg = np.sqrt(sq)
            avg += self.eps
            if self.momentum > 0:
                buf = self.momentum_buffer[i]
                buf *= self.momentum
                buf += g / avg
                p.data[...] -= self.lr * buf
            else:
                p.data[...] += -self.lr * g / avg


class Adam(Optimizer):
    """Adam, torch.optim.Adam과 같은 식.

    g ← ∇ + λ·p (weight_decay: 기울기에 더하는 L2 감쇠),
    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
    p ← p − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)   (ε는 제곱근 바깥)
    """

    decoupled_weight_decay = False  # AdamW는 True: 감쇠를 기울기가 아니라 매개변수에 직접 건다

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        check_adam(betas, eps, weight_decay, where=type(self).__name__)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.steps = [0] * len(self.params)  # 매개변수마다 걸음 수 (torch처럼: 기울기가 없던 걸음은 세지 않는다)
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        b1, b2 = self.betas
        for i, (p, m, v) in enumerate(zip(self.params, self.m, self.v)):
            self.steps[i] += 1
            t = self.steps[i]
            g = p.grad
            if self.weight_decay and self.decoupled_weight_decay:  # AdamW: p ← p·(1 − ηλ)
                p.data[...] *= 1 - self.lr * self.weight_decay
            elif self.weight_decay:  # Adam: g ← ∇ + λ·p
                g = p.grad + self.weight_decay * p.data
            m[...] = b1 * m + (1 - b1) * g
            v[...] = b2 * v + (1 - b2) * g * g
            step_size, bias_correction2_sqrt = self.lr / (1 - b1**t), math.sqrt(1 - b2**t)
            p.data[...] -= step_size * m / (np.sqrt(v) / bias_correction2_sqrt + self.eps)


class AdamW(Adam):
    """AdamW, torch.optim.AdamW와 같은 식: 가중치 감쇠를 Adam의 걸음과 떼어 놓는다(decoupled weight decay).

    p ← p·(1 − η·λ)   (먼저 매개변수를 직접 줄이고),
    그다음 λ 없이 Adam과 똑같이: m ← β₁m + (1−β₁)∇,  v ← β₂v + (1−β₂)∇²,
    p ← p − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).

    Adam의 weight_decay는 λ·p를 기울기에 더하므로 √v로 나뉘어 매개변수마다 세기가 달라진다.
    AdamW의 감쇠는 모든 매개변수를 같은 비율로 줄인다.
    """

    decoupled_weight_decay = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
