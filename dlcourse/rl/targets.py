"""DQN의 TD 목표(TD target). 배열을 받아 배열을 돌려주는 NumPy 함수: 두 백엔드의 에이전트가 함께 쓴다.

DQN:         y = r + γ (1 − terminated) max_{a'} Q_target(s', a')
Double DQN:  y = r + γ (1 − terminated) Q_target(s', argmax_{a'} Q_online(s', a'))

**부트스트랩을 끊는 것은 terminated 뿐이다. truncated(시간 제한으로 잘림)는 끊지 않는다.**
terminated는 MDP가 정말 끝난 것이다 (막대가 쓰러졌다, 구멍에 빠졌다): 그 뒤에 받을 보상은 0이다.
truncated는 MDP 밖의 규칙이 에피소드를 끊은 것이다 (CartPole-v1은 500걸음에서): s'에서도 게임은 계속될 수 있었다.
작은 예: 매 걸음 보상 1, 절대 쓰러지지 않는 막대, γ = 0.9. 모든 상태의 참값은 V = 1 / (1 − 0.9) = 10 이다.
500걸음째 잘린 전이의 목표를 부트스트랩하면 1 + 0.9 × 10 = 10 으로 참값과 같다. 끊으면 목표가 1이 된다.
관측에는 시각이 없으므로 신경망은 같은 모양의 상태를 10으로도 1로도 배워야 하고, 가치가 아래로 치우친다.
그래서 이 함수들은 truncated를 받지도 않는다.

모든 함수는 ``next_q`` 의 dtype으로 계산해 돌려준다 (float32 신경망이면 float32 목표).
"""
from numbers import Real

import numpy as np


def _check(reward, next_qs, terminated, gamma, where):
    """모양·값 검사 후 (reward, terminated bool)을 돌려준다. next_qs는 (이름, 배열) 목록, 모두 (N, A)."""
    name0, q0 = next_qs[0]
    for name, q in next_qs:
        if q.ndim != 2:
            raise ValueError(f"{where}: {name}은(는) (N, A) 모양이어야 하는데 shape {q.shape}을 받았습니다.")
        if not np.issubdtype(q.dtype, np.floating):
            raise TypeError(f"{where}: {name}은(는) 실수 배열이어야 하는데 dtype {q.dtype}을 받았습니다.")
        if q.shape != q0.shape:
            raise ValueError(f"{where}: {name0} shape {q0.shape}와(과) {name} shape {q.shape}이 같아야 합니다.")
        if not np.isfinite(q).all():
            raise ValueError(f"{where}: {name}에 NaN 또는 inf가 있습니다.")
    n = q0.shape[0]
    reward, terminated = np.asarray(reward), np.asarray(terminated)
    for name, arr in (("reward", reward), ("terminated", terminated)):
        if arr.shape != (n,):
            raise ValueError(f"{where}: {name}은(는) ({n},) 모양이어야 하는데 shape {arr.shape}을 받았습니다 ({name0} shape {q0.shape}).")
    if not np.issubdtype(reward.dtype, np.number) or not np.isfinite(reward).all():
        raise ValueError(f"{where}: reward는 유한한 수여야 합니다 (dtype {reward.dtype}).")
    if terminated.dtype != bool:
        if not np.issubdtype(terminated.dtype, np.number) or not np.isin(terminated, (0, 1)).all():
            raise ValueError(f"{where}: terminated는 True/False (또는 0/1)여야 하는데 {terminated}을(를) 받았습니다.")
        terminated = terminated.astype(bool)
    if isinstance(gamma, bool) or not isinstance(gamma, Real) or not 0.0 <= gamma <= 1.0:
        raise ValueError(f"{where}: 할인율 gamma는 0과 1 사이의 실수여야 합니다: {gamma!r}")
    return reward.astype(q0.dtype), terminated


def td_target(reward, next_q, terminated, gamma):
    """DQN 목표 y = r + γ (1 − terminated) max_{a'} next_q[:, a'].

    reward (N,), next_q (N, A) = 목표 신경망의 Q(s', ·), terminated (N,) bool → y (N,).
    truncated는 받지 않는다: 시간 제한으로 잘린 전이도 부트스트랩한다 (모듈 설명의 예).
    """
    next_q = np.asarray(next_q)
    reward, terminated = _check(reward, [("next_q", next_q)], terminated, gamma, "td_target")
    next_value = next_q.max(axis=1)
    return reward + next_q.dtype.type(gamma) * np.where(terminated, 0, next_value).astype(next_q.dtype)


def double_dqn_target(reward, next_q_online, next_q_target, terminated, gamma):
    """Double DQN 목표: 행동은 온라인 신경망이 고르고 (argmax), 그 행동의 값은 목표 신경망이 매긴다.

    y = r + γ (1 − terminated) next_q_target[i, argmax_{a'} next_q_online[i, a']].
    max 하나로 고르고 매기면 잡음이 위로 치우친 값을 늘 고르게 된다 (과대 추정): 두 신경망의 잡음은 서로 달라
    한쪽이 우연히 높게 본 행동을 다른 쪽은 대개 높게 보지 않는다. 모양: (N,), (N, A), (N, A), (N,) → (N,).
    """
    next_q_online, next_q_target = np.asarray(next_q_online), np.asarray(next_q_target)
    reward, terminated = _check(reward, [("next_q_online", next_q_online), ("next_q_target", next_q_target)],
                                terminated, gamma, "double_dqn_target")
    best = next_q_online.argmax(axis=1)
    next_value = next_q_target[np.arange(len(best)), best]
    return reward + next_q_target.dtype.type(gamma) * np.where(terminated, 0, next_value).astype(next_q_target.dtype)
