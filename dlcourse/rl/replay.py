"""경험 재생(experience replay) 버퍼: 지나간 전이를 고정 크기 원형 버퍼에 모아 두고 무작위로 뽑는다. NumPy만 쓴다.

DQN이 연달아 일어난 전이로만 배우면 표본끼리 강하게 상관되고(같은 장면이 이어진다), 한 번 쓴 경험은 버려진다.
버퍼에 모아 두고 균등하게 뽑으면 미니배치가 덜 상관되고, 한 전이를 여러 번 배운다. 버퍼가 가득 차면
가장 오래된 칸부터 덮어쓴다 (원형 버퍼: 쓰는 위치가 capacity에서 0으로 돌아온다).

전이 하나 = (obs, action, reward, next_obs, terminated, truncated). 두 플래그를 모두 적어 두지만 TD 목표에서
부트스트랩을 끊는 것은 ``terminated`` 뿐이다 (:mod:`dlcourse.rl.targets`).
"""
import math
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np


class Batch(NamedTuple):
    """뽑은 미니배치 (B = batch_size): ``obs`` (B, *obs_shape), ``actions`` (B,) int64, ``rewards`` (B,),
    ``next_obs`` (B, *obs_shape), ``terminated`` (B,) bool, ``truncated`` (B,) bool. 모두 버퍼와 나누지 않는 사본이다."""

    obs: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    next_obs: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray


class ReplayBuffer:
    """고정 크기 원형 버퍼.

    ``ReplayBuffer(capacity, obs_shape, n_actions, dtype=np.float32)``: 관측은 모양 ``obs_shape`` (예: CartPole (4,)),
    행동은 0 … n_actions − 1 의 정수, 관측과 보상은 ``dtype`` 으로 저장한다 (신경망과 같은 dtype: float64 비교 검사는 float64로).
    """

    def __init__(self, capacity, obs_shape, n_actions, dtype=np.float32):
        if not isinstance(capacity, Integral) or isinstance(capacity, bool) or capacity < 1:
            raise ValueError(f"ReplayBuffer: capacity는 1 이상의 정수여야 합니다: {capacity!r}")
        if not isinstance(n_actions, Integral) or isinstance(n_actions, bool) or n_actions < 1:
            raise ValueError(f"ReplayBuffer: n_actions는 1 이상의 정수여야 합니다: {n_actions!r}")
        if not np.issubdtype(np.dtype(dtype), np.floating):
            raise TypeError(f"ReplayBuffer: dtype은 실수형이어야 합니다: {dtype!r}")
        self.capacity, self.n_actions = int(capacity), int(n_actions)
        self.obs_shape = (int(obs_shape),) if isinstance(obs_shape, Integral) else tuple(int(d) for d in obs_shape)
        self.obs = np.zeros((self.capacity, *self.obs_shape), dtype=dtype)
        self.next_obs = np.zeros_like(self.obs)
        self.actions = np.zeros(self.capacity, dtype=np.int64)
        self.rewards = np.zeros(self.capacity, dtype=dtype)
        self.terminated = np.zeros(self.capacity, dtype=bool)
        self.truncated = np.zeros(self.capacity, dtype=bool)
        self.pos = 0   # 다음에 쓸 칸
        self.size = 0  # 채워진 칸 수 (capacity에서 멈춘다)

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"ReplayBuffer(capacity={self.capacity}, obs_shape={self.obs_shape}, n_actions={self.n_actions}, size={self.size})"

    def _check_obs(self, obs, name):
        obs = np.asarray(obs)
        if obs.shape != self.obs_shape:
            raise ValueError(f"ReplayBuffer.add: {name} shape {obs.shape}이(가) 버퍼의 관측 모양 {self.obs_shape}과(와) 다릅니다.")
        if not np.issubdtype(obs.dtype, np.number) or not np.isfinite(obs).all():
            raise ValueError(f"ReplayBuffer.add: {name}은(는) 유한한 수여야 합니다 (dtype {obs.dtype}, 값 {obs}).")
        return obs

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        """전이 하나를 ``pos`` 칸에 복사해 넣는다 (가득 찼으면 가장 오래된 것을 덮어쓴다). 넣은 배열과 메모리를 나누지 않는다."""
        obs, next_obs = self._check_obs(obs, "obs"), self._check_obs(next_obs, "next_obs")
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, Integral):
            raise TypeError(f"ReplayBuffer.add: action은 정수여야 하는데 {type(action).__name__} {action!r}을(를) 받았습니다.")
        if not 0 <= action < self.n_actions:
            raise ValueError(f"ReplayBuffer.add: action은 0 이상 {self.n_actions - 1} 이하여야 하는데 {action}을(를) 받았습니다.")
        if isinstance(reward, (bool, np.bool_)) or not isinstance(reward, Real) or not math.isfinite(reward):
            raise ValueError(f"ReplayBuffer.add: reward는 유한한 실수여야 하는데 {reward!r}을(를) 받았습니다.")
        for name, flag in (("terminated", terminated), ("truncated", truncated)):
            if not isinstance(flag, (bool, np.bool_)):
                raise TypeError(f"ReplayBuffer.add: {name}은(는) True/False여야 하는데 {flag!r}을(를) 받았습니다.")
        i = self.pos
        self.obs[i], self.next_obs[i] = obs, next_obs
        self.actions[i], self.rewards[i] = action, reward
        self.terminated[i], self.truncated[i] = terminated, truncated
        self.pos = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size, rng):
        """채워진 칸 [0, size)에서 균등하게 (복원 추출) ``batch_size`` 개를 뽑아 :class:`Batch` 로 돌려준다.

        난수는 넘겨받은 ``rng`` (np.random.Generator)에서만: 같은 씨앗이면 같은 미니배치가 나온다.
        버퍼에 batch_size개보다 적게 들어 있으면 ValueError: 학습은 버퍼가 어느 정도 찬 뒤(learning_starts)에 시작한다.
        """
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"ReplayBuffer.sample: rng는 np.random.Generator여야 합니다 (예: np.random.default_rng(0)): {type(rng).__name__}")
        if not isinstance(batch_size, Integral) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"ReplayBuffer.sample: batch_size는 1 이상의 정수여야 합니다: {batch_size!r}")
        if self.size < batch_size:
            raise ValueError(
                f"ReplayBuffer.sample: 버퍼에 전이가 {self.size}개뿐인데 batch_size {batch_size}개를 뽑으려 합니다. "
                "버퍼가 batch_size 이상 찬 뒤에 뽑으세요."
            )
        idx = rng.integers(0, self.size, size=batch_size)
        return Batch(self.obs[idx], self.actions[idx], self.rewards[idx], self.next_obs[idx],
                     self.terminated[idx], self.truncated[idx])
