"""탐험 일정(exploration schedule): ε을 처음 값에서 마지막 값까지 곧게 줄인다 (CleanRL의 ``linear_schedule``)."""
import math
from numbers import Real


def linear_schedule(start, end, duration, t):
    """t = 0에서 ``start``, t = ``duration`` 에서 ``end``, 그 뒤로는 ``end`` 에 머무는 직선.

    ε-탐욕 정책의 ε을 줄이는 데 쓴다: 처음에는 거의 무작위로 돌아다니며 환경을 알고 (탐험),
    Q가 쓸 만해지면 점점 Q가 가장 큰 행동을 고른다 (활용). 예: ``linear_schedule(1.0, 0.05, 10_000, t)``.
    t는 걸음 수(DQN)든 에피소드 수(표 Q-러닝)든 같은 단위면 된다.
    """
    for name, value in (("start", start), ("end", end), ("duration", duration), ("t", t)):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise TypeError(f"linear_schedule: {name}은(는) 유한한 실수여야 하는데 {value!r}을(를) 받았습니다.")
    if duration <= 0:
        raise ValueError(f"linear_schedule: duration은 0보다 커야 합니다: {duration!r}")
    if t < 0:
        raise ValueError(f"linear_schedule: t는 0 이상이어야 합니다: {t!r}")
    return end + (start - end) * max(0.0, 1.0 - t / duration)
