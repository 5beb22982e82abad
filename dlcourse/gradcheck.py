"""수치 미분(numerical differentiation)으로 역전파를 검사하는 도구. NumPy만 쓴다.

중심 차분 (f(x + h) − f(x − h)) / 2h 는 오차가 h² 에 비례한다. 여기서는 간격 h와 2h의 중심 차분을
섞어 h² 항을 없앤 5점 공식 (8[f(x+h) − f(x−h)] − [f(x+2h) − f(x−2h)]) / 12h 을 쓴다. 오차가 h⁴ 에
비례하므로 h를 1e-3처럼 크게 잡아 반올림 오차(≈ 1e-16·|f| / h)도 작게 할 수 있다.
float64에서 해석적 기울기와 상대 오차 1e-7 아래로 맞는다 (float32로는 불가능하다).
"""
import numpy as np


def numerical_gradient(f, x, h=1e-3):
    """스칼라 함수 f의 x에 대한 기울기를 5점 중심 차분으로 구한다. x는 float64로 복사해 쓴다."""
    x = np.array(x, dtype=np.float64)  # 사본: 호출한 쪽의 배열은 건드리지 않는다
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        orig = flat[i]
        values = {}
        for k in (-2, -1, 1, 2):
            flat[i] = orig + k * h
            values[k] = f(x)
        flat[i] = orig
        gflat[i] = (8 * (values[1] - values[-1]) - (values[2] - values[-2])) / (12 * h)
    return grad


def relative_error(a, b):
    """원소별 상대 오차 |a − b| / max(1e-8, |a| + |b|) 의 최댓값.

    두 배열의 모양이 같아야 한다: 브로드캐스트로 (1, 3)과 (4, 3)을 비교하면 틀린 기울기도 0이 나올 수 있다.
    NaN이 있으면 nan을 돌려주므로 ``< 1e-7`` 검사가 실패한다.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: 두 기울기의 모양이 다릅니다: {a.shape} vs {b.shape}")
    if np.isnan(a).any() or np.isnan(b).any():
        return float("nan")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)), initial=0.0))
