"""두 백엔드의 손실 함수가 함께 쓰는 상수와 계산 (배열과 텐서 모두 ``.sum()`` 을 가진다)."""

LOG_CLAMP = -100.0  # torch의 binary_cross_entropy처럼 log 값을 −100 아래로 내리지 않는다
# torch의 BCE 역전파: (p − y) / max(p(1 − p), ε). torch의 커널은 ε = 1e-12를 float32 상수로 두므로
# 실제 값은 float32(1e-12) = 9.99999996e-13 이다. 극단(p = 0, 1)에서 기울기가 torch와 끝자리까지 같도록 그 값을 쓴다.
BCE_GRAD_EPS = 9.999999960041972e-13


def reduce_loss(loss, reduction, count):
    """원소별 손실을 합하고, reduction='mean'이면 ``count`` 로 나눈다."""
    total = loss.sum()
    return total / count if reduction == "mean" else total
