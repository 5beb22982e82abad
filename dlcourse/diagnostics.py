"""학습을 들여다보는 도구: 옵티마이저를 시험하는 2차원 곡면, 층마다의 출력, 층마다의 기울기 노름.

백엔드와 무관하다 (모듈 수준에서 torch를 import하지 않는다). 곡면의 식은 덧셈·곱셈만 쓰므로 NumPy 배열에도,
torch 텐서에도(autograd로 미분되게) 그대로 쓸 수 있다.
"""
import math
from typing import Callable, NamedTuple

import numpy as np


class Surface(NamedTuple):
    """2차원 손실 곡면 f(x, y)와 그 기울기. 옵티마이저가 지나는 길을 등고선 위에 그릴 때 쓴다.

    f(x, y) → 값, grad(x, y) → (∂f/∂x, ∂f/∂y). x, y는 수, NumPy 배열(격자), torch 텐서 무엇이든 된다.
    minimum은 최솟점 (x, y).
    """

    name: str
    f: Callable
    grad: Callable
    minimum: tuple


def quadratic_surface(a=1 / 20, b=1.0, angle=0.0):
    """길쭉한 2차 곡면 f = a·u² + b·v², (u, v)는 (x, y)를 ``angle`` 라디안만큼 돌린 좌표.

    u = x·cos θ + y·sin θ,  v = −x·sin θ + y·cos θ.  최솟점은 원점, 최솟값은 0.
    a = 1/20, b = 1, θ = 0이면 『밑바닥부터 시작하는 딥러닝』 6장의 f(x, y) = x²/20 + y² 이다.
    a와 b의 비가 클수록 골짜기가 길쭉하다(한 방향으로만 가파르다). θ ≠ 0이면 골짜기가 좌표축과 어긋난다.
    """
    for name, value in (("a", a), ("b", b)):
        if not (isinstance(value, (int, float)) and value > 0):
            raise ValueError(f"quadratic_surface: {name}는 양수여야 합니다: {value!r}")
    if not (isinstance(angle, (int, float)) and math.isfinite(angle)):
        raise ValueError(f"quadratic_surface: angle은 유한한 실수(라디안)여야 합니다: {angle!r}")
    c, s = math.cos(angle), math.sin(angle)  # θ = 0이면 정확히 1과 0: u = x, v = y

    def f(x, y):
        u, v = c * x + s * y, -s * x + c * y
        return a * u * u + b * v * v

    def grad(x, y):
        u, v = c * x + s * y, -s * x + c * y
        du, dv = 2 * a * u, 2 * b * v  # ∂f/∂u, ∂f/∂v
        return c * du - s * dv, s * du + c * dv  # 연쇄 법칙: ∂u/∂x = c, ∂v/∂x = −s, ∂u/∂y = s, ∂v/∂y = c

    degrees = math.degrees(angle)
    name = f"{a:g}·x² + {b:g}·y²" if angle == 0 else f"{a:g}·u² + {b:g}·v² ({degrees:g}° 회전)"
    return Surface(name, f, grad, (0.0, 0.0))


def _layers(model, where):
    try:
        layers = list(model)
    except TypeError:
        raise TypeError(f"{where}: 층을 차례로 꺼낼 수 있는 Sequential이어야 합니다 ({type(model).__name__}).") from None
    if not layers:
        raise ValueError(f"{where}: 빈 Sequential입니다.")
    return layers


def layer_outputs(model, x):
    """Sequential의 층을 하나씩 지나며 층마다의 출력을 목록으로 돌려준다 (마지막 원소가 모델의 출력).

    x: (N, D). 두 백엔드 모두 쓸 수 있다. torch 모델이면 기울기가 필요 없을 때 ``torch.no_grad()`` 안에서 부른다.
    """
    outputs = []
    for layer in _layers(model, "layer_outputs"):
        x = layer(x)
        outputs.append(x)
    return outputs


def weight_grad_norms(model):
    """층마다 가중치 기울기의 L2 노름 {매개변수 이름: 노름}. 역전파를 한 번 한 뒤에 부른다.

    이름이 ``weight`` 로 끝나는 매개변수만 본다 (``0.weight``, ``2.weight`` …: 층 순서대로).
    scratch 모델은 기울기 버퍼(``named_grads``)를, torch 모델은 ``p.grad`` 를 읽는다.
    """
    if hasattr(model, "named_grads"):  # scratch: 기울기 버퍼는 매개변수와 같은 이름으로 있다
        pairs = [(name, np.asarray(g)) for name, g in model.named_grads()]
    elif hasattr(model, "named_parameters"):  # torch: 기울기는 p.grad (아직 역전파를 안 했으면 None)
        pairs = []
        for name, p in model.named_parameters():
            if p.grad is None:
                raise ValueError(f"weight_grad_norms: {name}의 기울기가 없습니다. loss.backward()를 먼저 부르세요.")
            pairs.append((name, p.grad.detach().cpu().numpy()))
    else:
        raise TypeError(f"weight_grad_norms: scratch 층이나 torch 모듈이어야 합니다 ({type(model).__name__}).")
    norms = {name: float(np.linalg.norm(g)) for name, g in pairs if name.endswith("weight")}
    if not norms:
        raise ValueError("weight_grad_norms: 이름이 weight로 끝나는 매개변수가 없습니다.")
    return norms


def recurrent_jacobian_norms(layer, seqs):
    """순환 층의 ‖∂h_L / ∂x_(L−k)‖ (프로베니우스 노름), k = 0 … L−1: 기울기가 몇 걸음 뒤까지 가나.

    layer: 층 하나짜리 scratch 순환 층 (``RNN``, ``LSTM``, ``GRU``; 입력 크기 1), seqs: (L, M, 1) 시퀀스 M개.
    역전파 한 번은 스칼라 하나의 기울기를 준다. 같은 시퀀스를 배치에 H번 복제하고 ``dh_n`` 에 단위 행렬을 넣으면
    복제본 i가 h_L[i]의 기울기를 받아, **역전파 한 번**에 야코비 행렬 ∂h_L/∂x_t 전체가 나온다.
    돌려주는 값: (L,) 배열, k번째가 M개 시퀀스의 노름의 기하 평균 (노름이 여러 자릿수에 걸치므로 로그로 평균한다).
    """
    L, M, _ = seqs.shape
    H = layer.hidden_size
    out, _ = layer(np.repeat(seqs, H, axis=1))                                  # (L, M·H, 1): 시퀀스마다 H번 복제
    d_in = layer.backward(np.zeros_like(out), dh_n=np.tile(np.eye(H), (M, 1))[None])
    jac = d_in[:, :, 0].reshape(L, M, H)                                        # jac[t, m, i] = ∂h_L[i] / ∂x_t
    norms = np.linalg.norm(jac, axis=2)[::-1]                                   # (L, M), 첫 축이 k
    return np.exp(np.log(norms).mean(axis=1))
