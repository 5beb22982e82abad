"""표 Q-러닝(Q-learning)과 SARSA: 시간차(TD) 학습으로 Q(s, a) 표를 채운다. NumPy만 쓴다.

한 걸음 (s, a, r, s')마다 Q(s, a)를 TD 목표 쪽으로 α만큼 옮긴다:

    Q(s, a) ← Q(s, a) + α [목표 − Q(s, a)]
    Q-러닝:  목표 = r + γ max_{a'} Q(s', a')     (다음 상태에서 가장 좋은 행동 — 행동 정책과 무관: off-policy)
    SARSA:   목표 = r + γ Q(s', a'), a'는 ε-탐욕으로 실제로 고른 다음 행동 (on-policy)

s'가 종료 상태(구멍, 목표)면 목표 = r: 끝난 뒤에는 받을 보상이 없다. 시간 제한으로 잘렸을 때(truncated)는
s'가 종료 상태가 아니므로 그대로 부트스트랩한다 (:mod:`dlcourse.rl.targets` 의 설명).

학습률 α는 (s, a)를 n번째 방문할 때 α_n = 1 / n^ω 로 줄인다 (ω = ``alpha_power``). ω ∈ (0.5, 1]이면
로빈스-먼로 조건(Σα = ∞, Σα² < ∞)이 성립해 Q가 Q*로 수렴한다. 방문이 적은 칸은 크게, 많은 칸은 작게 움직여
미끄러운 얼음의 잡음을 평균낸다. ω = 1(표본 평균)은 잡음이 가장 작지만, 처음의 틀린 목표까지 끝까지 같은 무게로
평균해 가치가 출발점 쪽으로 느리게 번진다. ω가 0.5에 가까울수록 빨리 번지지만 잡음이 크다.
ε은 에피소드마다 :func:`~dlcourse.rl.schedule.linear_schedule` 로 줄인다.

미끄러운 FrozenLake 4×4에서 기본값 (γ = 0.99, ω = 0.55, ε 1.0 → 0.1을 모든 에피소드에 걸쳐)으로 3000 에피소드
(약 4만 2천 걸음) 배우면, rng 씨앗 0 … 39 의 40번 모두 탐욕 정책의 100걸음 성공 확률이 0.72 이상이었다
(38번은 가치 반복의 최적 정책과 같은 0.7402, 2번은 상태 2에서만 다른 0.7298). ω = 0.8로 하고 ε을 에피소드
절반에 걸쳐 줄이면 5000 에피소드로도 씨앗 0 … 4 가 0.45 … 0.73 이고 셋은 0.52 아래다: 출발점 근처의 작은 가치
차이(시작 칸에서 최선과 차선의 차 0.014)를 가리기 전에 α가 너무 작아진다.
"""
from typing import NamedTuple

import numpy as np

from .schedule import linear_schedule


class TDResult(NamedTuple):
    """학습 결과: 행동 가치 표 ``Q`` (S, A), 에피소드별 보상의 합 ``returns`` 과 걸음 수 ``lengths`` (n_episodes,).
    FrozenLake에서는 목표에서만 보상 1을 받으므로 ``returns > 0`` 이 에피소드별 성공이다."""

    Q: np.ndarray
    returns: np.ndarray
    lengths: np.ndarray


def epsilon_greedy(q_values, epsilon, rng):
    """ε의 확률로 무작위 행동, 아니면 Q가 가장 큰 행동. 가장 큰 값이 여럿이면 그중에서 무작위로 고른다.

    처음에 Q가 모두 0일 때 argmax처럼 늘 0번 행동만 고르면 탐험이 한쪽으로 쏠린다: 동점은 고르게 나눈다.
    """
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    best = np.flatnonzero(q_values == q_values.max())
    return int(best[0]) if len(best) == 1 else int(rng.choice(best))


def _check_args(env, n_episodes, rng, gamma, alpha_power, exploration_fraction, where):
    n_states, n_actions = getattr(env.observation_space, "n", None), getattr(env.action_space, "n", None)
    if n_states is None or n_actions is None:
        raise TypeError(f"{where}: 상태와 행동이 유한한(Discrete) 표 환경이어야 합니다: {env.observation_space}, {env.action_space}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{where}: rng는 np.random.Generator여야 합니다 (예: np.random.default_rng(0)): {type(rng).__name__}")
    if not isinstance(n_episodes, (int, np.integer)) or n_episodes < 1:
        raise ValueError(f"{where}: n_episodes는 1 이상의 정수여야 합니다: {n_episodes!r}")
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"{where}: 할인율 gamma는 0과 1 사이여야 합니다: {gamma!r}")
    if not 0.5 < alpha_power <= 1.0:
        raise ValueError(f"{where}: alpha_power(ω)는 0.5보다 크고 1 이하여야 수렴합니다: {alpha_power!r}")
    if not 0.0 < exploration_fraction <= 1.0:
        raise ValueError(f"{where}: exploration_fraction은 0보다 크고 1 이하여야 합니다: {exploration_fraction!r}")
    return int(n_states), int(n_actions)


def q_learning(env, n_episodes, rng, gamma=0.99, alpha_power=0.55,
               epsilon_start=1.0, epsilon_end=0.1, exploration_fraction=1.0, sarsa=False):
    """표 Q-러닝 (``sarsa=True`` 면 SARSA). 환경의 씨앗도 ``rng`` 에서 뽑으므로 rng 하나로 실행 전체가 되풀이된다.

    ε은 에피소드 0에서 ``epsilon_start``, 에피소드 ``exploration_fraction × n_episodes`` 에서 ``epsilon_end``.
    """
    n_states, n_actions = _check_args(env, n_episodes, rng, gamma, alpha_power, exploration_fraction,
                                       "sarsa" if sarsa else "q_learning")
    Q = np.zeros((n_states, n_actions))
    visits = np.zeros((n_states, n_actions), dtype=np.int64)
    returns, lengths = np.zeros(n_episodes), np.zeros(n_episodes, dtype=np.int64)
    decay_episodes = max(1.0, exploration_fraction * n_episodes)

    s, _ = env.reset(seed=int(rng.integers(2**31)))
    for episode in range(n_episodes):
        if episode:
            s, _ = env.reset()
        epsilon = linear_schedule(epsilon_start, epsilon_end, decay_episodes, episode)
        a = epsilon_greedy(Q[s], epsilon, rng)
        terminated = truncated = False
        while not (terminated or truncated):
            s_next, r, terminated, truncated, _ = env.step(a)
            if sarsa:  # 목표에 쓸 다음 행동을 먼저 고르고, 다음 걸음에서 실제로 그 행동을 한다
                a_next = epsilon_greedy(Q[s_next], epsilon, rng)
                next_value = Q[s_next, a_next]
            else:      # 다음 상태에서 가장 좋은 행동의 값 (실제로 할 행동과 무관)
                next_value = Q[s_next].max()
            target = r + gamma * (0.0 if terminated else next_value)  # 종료 상태 뒤에는 보상이 없다
            visits[s, a] += 1
            alpha = visits[s, a] ** -alpha_power  # 첫 방문은 α = 1: 목표로 바로 바꾼다
            Q[s, a] += alpha * (target - Q[s, a])
            returns[episode] += r
            lengths[episode] += 1
            s, a = s_next, (a_next if sarsa else epsilon_greedy(Q[s_next], epsilon, rng))
    return TDResult(Q, returns, lengths)


def sarsa(env, n_episodes, rng, gamma=0.99, alpha_power=0.55,
          epsilon_start=1.0, epsilon_end=0.1, exploration_fraction=1.0):
    """SARSA: :func:`q_learning` 과 같은 반복문에서 목표만 r + γ Q(s', a') (a'는 실제로 할 다음 행동)."""
    return q_learning(env, n_episodes, rng, gamma, alpha_power,
                      epsilon_start, epsilon_end, exploration_fraction, sarsa=True)
