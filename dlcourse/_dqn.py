"""두 백엔드의 DQNAgent가 함께 쓰는 검사와 규칙: 숫자와 NumPy만 다루므로 백엔드와 무관하다."""
import math
from numbers import Integral, Real

import numpy as np

from .rl.targets import double_dqn_target, td_target


def check_agent_args(obs_dim, n_actions, hidden, lr, gamma, double, max_grad_norm, huber_delta):
    """DQNAgent의 인자 검사. 은닉층 크기를 tuple로 돌려준다."""
    for name, value in (("obs_dim", obs_dim), ("n_actions", n_actions)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"DQNAgent: {name}은(는) 1 이상의 정수여야 합니다: {value!r}")
    if isinstance(hidden, Integral):
        hidden = (hidden,)
    hidden = tuple(hidden)
    if not hidden or any(isinstance(h, bool) or not isinstance(h, Integral) or h < 1 for h in hidden):
        raise ValueError(f"DQNAgent: hidden은 1 이상의 정수들이어야 합니다 (예: (64, 64)): {hidden!r}")
    checked = [("lr", lr), ("gamma", gamma), ("huber_delta", huber_delta)]
    if max_grad_norm is not None:   # None이면 자르지 않는다 (후버 손실이 이미 표본마다 기울기를 ±δ로 묶는다)
        checked.append(("max_grad_norm", max_grad_norm))
    for name, value in checked:
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValueError(f"DQNAgent: {name}은(는) 유한한 실수여야 합니다: {value!r}")
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"DQNAgent: 할인율 gamma는 0과 1 사이여야 합니다: {gamma!r}")
    if any(value <= 0 for name, value in checked if name != "gamma"):
        raise ValueError(f"DQNAgent: lr, huber_delta, max_grad_norm은 양수여야 합니다: {lr!r}, {huber_delta!r}, {max_grad_norm!r}")
    if not isinstance(double, bool):
        raise TypeError(f"DQNAgent: double은 True/False여야 합니다: {double!r}")
    return hidden


class AgentBase:
    """두 백엔드의 DQNAgent가 같은 뜻으로 쓰는 부분: 인자 기억, 학습률(옵티마이저의 lr), 탐욕 행동, repr.

    신경망이 하는 일(``q_values``, ``update``, ``sync_target``)은 백엔드마다 따로 쓴다.
    """

    def _set_args(self, obs_dim, n_actions, hidden, lr, gamma, double, max_grad_norm, huber_delta):
        hidden = check_agent_args(obs_dim, n_actions, hidden, lr, gamma, double, max_grad_norm, huber_delta)
        self.obs_dim, self.n_actions, self.hidden = int(obs_dim), int(n_actions), hidden
        self.gamma, self.double, self.max_grad_norm = float(gamma), double, max_grad_norm
        return (self.obs_dim, *hidden, self.n_actions)   # 신경망의 층 크기

    def __repr__(self):
        return (f"DQNAgent(obs_dim={self.obs_dim}, n_actions={self.n_actions}, hidden={self.hidden}, "
                f"double={self.double}, dtype={self.np_dtype})")

    @property
    def lr(self):
        return self.optimizer.lr

    @lr.setter
    def lr(self, value):
        self.optimizer.lr = value

    def act(self, obs):
        """탐욕 행동 argmax_a Q(s, a) (정수 하나). 탐험(ε)은 학습 고리가 맡는다."""
        return int(np.argmax(self.q_values(obs)))


def q_network(sizes, generator, dtype, *, Linear, ReLU, Sequential):
    """층 크기 (obs_dim, h₁, …, n_actions)의 MLP: 은닉층마다 ReLU, He 균등 초기화. 층 클래스는 그 백엔드의 것."""
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(a, b, generator=generator, init="kaiming_uniform", dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(ReLU())
    return Sequential(*layers)


def check_obs(obs, obs_dim, where):
    """관측 하나 (obs_dim,) 또는 묶음 (N, obs_dim)인 유한한 실수 배열인지. (배열, 하나였나)를 돌려준다."""
    arr = np.asarray(obs)
    if arr.ndim not in (1, 2) or arr.shape[-1] != obs_dim:
        raise ValueError(f"{where}: 관측은 ({obs_dim},) 또는 (N, {obs_dim}) 모양이어야 하는데 shape {arr.shape}을 받았습니다.")
    if not np.issubdtype(arr.dtype, np.number) or not np.isfinite(arr).all():
        raise ValueError(f"{where}: 관측은 유한한 수여야 합니다 (dtype {arr.dtype}).")
    return arr, arr.ndim == 1


def check_batch(batch, obs_dim, n_actions, where):
    """미니배치 (obs, actions, rewards, next_obs, terminated, …)의 모양과 행동 범위를 검사하고 NumPy 배열로 돌려준다."""
    try:
        obs, actions, rewards, next_obs, terminated = (np.asarray(a) for a in tuple(batch)[:5])
    except (TypeError, ValueError):
        raise TypeError(f"{where}: batch는 ReplayBuffer.sample이 돌려주는 Batch여야 합니다: {type(batch).__name__}") from None
    if obs.ndim != 2 or obs.shape[1] != obs_dim or next_obs.shape != obs.shape:
        raise ValueError(f"{where}: obs와 next_obs는 (B, {obs_dim}) 모양이어야 하는데 {obs.shape}, {next_obs.shape}입니다.")
    b = obs.shape[0]
    for name, arr in (("actions", actions), ("rewards", rewards), ("terminated", terminated)):
        if arr.shape != (b,):
            raise ValueError(f"{where}: {name}은(는) ({b},) 모양이어야 하는데 shape {arr.shape}입니다 (obs shape {obs.shape}).")
    if not np.issubdtype(actions.dtype, np.integer):
        raise TypeError(f"{where}: actions는 정수 배열이어야 합니다: dtype {actions.dtype}")
    if b and (actions.min() < 0 or actions.max() >= n_actions):
        raise ValueError(f"{where}: 행동은 0 … {n_actions - 1} 이어야 하는데 {actions.min()} … {actions.max()}가 있습니다.")
    return obs, actions, rewards, next_obs, terminated


def td_targets(rewards, next_q_online, next_q_target, terminated, gamma, double):
    """Double DQN이면 온라인이 고르고 목표가 매긴다, 아니면 목표 신경망의 max (:mod:`dlcourse.rl.targets`)."""
    if double:
        return double_dqn_target(rewards, next_q_online, next_q_target, terminated, gamma)
    return td_target(rewards, next_q_target, terminated, gamma)
