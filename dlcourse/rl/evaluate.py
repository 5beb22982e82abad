"""평가: 학습과 따로, 정해진 정책을 씨앗(seed)을 고정한 환경에서 n 에피소드 돌려 본다. NumPy만 쓴다.

평가는 학습에 쓰지 않는 결과만 잰다: 탐험(ε) 없이 정책이 고른 행동만 하고, 아무것도 배우지 않는다.
첫 에피소드에서 ``env.reset(seed=seed)`` 로 환경의 난수를 한 번 고정하고, 다음 에피소드들은 ``env.reset()`` 으로
그 난수를 이어 쓴다. 그래서 같은 정책, 같은 seed면 에피소드가 하나하나 똑같이 되풀이된다 (어느 CPU에서나: 정수 난수).
"""
from typing import NamedTuple

import numpy as np


class Episodes(NamedTuple):
    """에피소드별 결과 (n,): 보상의 합 ``returns``, 걸음 수 ``lengths``, 진짜로 끝났는가 ``terminated``
    (False면 시간 제한으로 잘린 것)."""

    returns: np.ndarray
    lengths: np.ndarray
    terminated: np.ndarray


def _as_policy(policy):
    """정책을 '관측 → 행동' 함수로. 배열이면 표 정책 (관측이 상태 번호인 환경)."""
    if callable(policy):
        return policy
    table = np.asarray(policy)
    if not np.issubdtype(table.dtype, np.integer) or table.ndim != 1:
        raise TypeError(
            f"run_episodes: policy는 '관측 → 행동' 함수나 상태마다 행동 번호 하나인 정수 배열 (S,)이어야 하는데 "
            f"dtype {table.dtype}, shape {table.shape}을 받았습니다."
        )
    return lambda obs: int(table[obs])


def run_episodes(env, policy, n_episodes, seed):
    """정책으로 ``n_episodes`` 에피소드를 돌린다. 첫 reset에만 seed를 준다. :class:`Episodes` 를 돌려준다.

    policy: 관측을 받아 행동을 돌려주는 함수, 또는 표 정책 (S,) 정수 배열 (FrozenLake처럼 관측이 상태 번호일 때).
    """
    if not isinstance(n_episodes, (int, np.integer)) or n_episodes < 1:
        raise ValueError(f"run_episodes: n_episodes는 1 이상의 정수여야 합니다: {n_episodes!r}")
    act = _as_policy(policy)
    returns, lengths = np.zeros(n_episodes), np.zeros(n_episodes, dtype=np.int64)
    terminated_flags = np.zeros(n_episodes, dtype=bool)
    obs, _ = env.reset(seed=seed)
    for i in range(n_episodes):
        if i:
            obs, _ = env.reset()
        terminated = truncated = False
        while not (terminated or truncated):
            action = act(obs)
            if not env.action_space.contains(action):
                raise ValueError(f"run_episodes: 정책이 행동 공간 {env.action_space} 밖의 행동 {action!r}을 골랐습니다.")
            obs, reward, terminated, truncated, _ = env.step(action)
            returns[i] += reward
            lengths[i] += 1
        terminated_flags[i] = terminated
    return Episodes(returns, lengths, terminated_flags)


def success_rate(env, policy, n_episodes=1000, seed=0):
    """목표에 닿은 에피소드의 비율. 목표에서만 보상(+1)을 주는 환경(FrozenLake)에서는 '보상의 합 > 0'이 성공이다."""
    return float(np.mean(run_episodes(env, policy, n_episodes, seed).returns > 0))
