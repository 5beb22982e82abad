"""수치 미분(numerical differentiation)으로 역전파를 검사하는 도구. NumPy만 쓴다.

중심 차분 (f(x + h) − f(x − h)) / 2h 는 오차가 h² 에 비례한다. float64에서 h ≈ 1e-6 이면
해석적 기울기와 상대 오차 1e-7 아래로 맞는다 (float32에서는 반올림 오차 때문에 불가능하다).
"""
import numpy as np


def numerical_gradient(f, x, h=1e-6):
    """스칼라 함수 f의 x에 대한 기울기를 중심 차분으로 구한다. x는 float64 배열, 결과는 x와 같은 모양."""
    x = np.array(x, dtype=np.float64)  # 사본: 호출한 쪽의 배열은 건드리지 않는다
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        orig = flat[i]
        flat[i] = orig + h
        f_plus = f(x)
        flat[i] = orig - h
        f_minus = f(x)
        flat[i] = orig
        gflat[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """원소별 상대 오차 |a − b| / max(1e-8, |a| + |b|) 의 최댓값."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)), initial=0.0))
