"""DQN 에이전트 (NumPy): Q-신경망과 목표 신경망, 후버 손실, 역전파, 기울기 클리핑, Adam — 모두 이 패키지의 층으로.

학습 고리(탐험, 재생 버퍼, 학습률과 목표 신경망 일정)는 백엔드와 무관하게 :mod:`dlcourse.rl.dqn` 에 한 번만 있다.
여기에는 신경망이 하는 일만 있다: Q 값 매기기(``q_values``, ``act``), 한 번 배우기(``update``), 목표 신경망 고치기.
"""
import numpy as np

from .._dqn import AgentBase, check_batch, check_obs, q_network, td_targets
from .activations import ReLU
from .clip import clip_grad_norm_
from .container import Sequential
from .linear import Linear
from .losses import HuberLoss
from .optim import Adam


LAYERS = {"Linear": Linear, "ReLU": ReLU, "Sequential": Sequential}   # 이 백엔드의 층으로 Q 신경망을 짓는다


class DQNAgent(AgentBase):
    """Q-신경망 obs_dim → hidden… → n_actions (ReLU), 같은 모양의 목표 신경망, Adam, 후버 손실.

    ``update(batch)`` 한 번:
      1. 목표 y = r + γ (1 − terminated) Q⁻(s', a*)  — a* = argmax Q(s', ·) (Double DQN) 또는 argmax Q⁻(s', ·)
      2. 손실 = 후버(Q(s, a), y)의 평균. Q(s, ·)의 N×A 출력 중 고른 행동 칸에만 기울기가 흐른다.
      3. 역전파 (max_grad_norm이 있으면 전체 기울기 노름을 그 값으로 자른다), Adam 한 걸음.
    목표 y는 상수다: 목표 신경망으로는 역전파하지 않는다. generator는 np.random.Generator (가중치 초기화).
    dtype의 기본은 float64 (scratch의 다른 층과 같다). device는 쌍둥이와 시그니처를 맞추려고 있다: CPU뿐이다.
    """

    def __init__(self, obs_dim, n_actions, hidden=(64, 64), *, lr=1e-3, gamma=0.99, double=True, max_grad_norm=None,
                 huber_delta=1.0, generator, dtype=None, device=None):
        sizes = self._set_args(obs_dim, n_actions, hidden, lr, gamma, double, max_grad_norm, huber_delta)
        if device not in (None, "cpu"):
            raise ValueError(f"scratch DQNAgent는 CPU(NumPy)에서만 돕니다: device={device!r}. GPU는 dlcourse.torch_impl.DQNAgent로.")
        self.np_dtype = np.dtype(np.float64 if dtype is None else dtype)
        self.q_net = q_network(sizes, generator, self.np_dtype, **LAYERS)
        self.target_net = q_network(sizes, generator, self.np_dtype, **LAYERS)
        self.target_net.load_state_dict(self.q_net.state_dict())   # 처음에는 같은 가중치
        # (목표, 온라인) 배열 쌍: 둘 다 제자리에서만 바뀌므로 한 번 모아 두고 걸음마다 쓴다
        self._target_pairs = [(t.data, o.data) for t, o in zip(self.target_net.parameters(), self.q_net.parameters())]
        self.optimizer = Adam(self.q_net.parameters(), lr=lr)
        self.loss_fn = HuberLoss(delta=huber_delta)

    def q_values(self, obs):
        """관측 (obs_dim,) → Q (n_actions,), 묶음 (N, obs_dim) → (N, n_actions). NumPy 배열 (새 배열)."""
        arr, single = check_obs(obs, self.obs_dim, "DQNAgent.q_values")
        q = self.q_net.forward(np.atleast_2d(arr).astype(self.np_dtype, copy=False))
        return q[0] if single else q

    def update(self, batch, gamma=None):
        """미니배치 하나로 한 번 배운다. 평균 후버 손실(float)을 돌려준다. gamma: n걸음 목표면 γⁿ (없으면 self.gamma)."""
        obs, actions, rewards, next_obs, terminated = check_batch(batch, self.obs_dim, self.n_actions, "DQNAgent.update")
        obs, next_obs = obs.astype(self.np_dtype, copy=False), next_obs.astype(self.np_dtype, copy=False)
        b = len(actions)
        if self.double:   # s와 s'을 한 번에 (2B 행): s' 쪽은 목표를 고르는 데만 쓰고, 그 행의 기울기는 0이다
            q = self.q_net.forward(np.concatenate([obs, next_obs]))
            next_q_online = q[b:]
        else:
            q, next_q_online = self.q_net.forward(obs), None
        next_q_target = self.target_net.forward(next_obs)
        y = td_targets(rewards, next_q_online, next_q_target, terminated, self.gamma if gamma is None else gamma,
                       self.double)
        rows = np.arange(b)
        loss = self.loss_fn.forward(q[rows, actions], y)
        dq = np.zeros_like(q)
        dq[rows, actions] = self.loss_fn.backward()  # 고른 행동의 Q(s, a)에만 기울기 (다른 칸과 s' 행은 0)
        self.q_net.backward(dq, input_grad=False)
        if self.max_grad_norm is not None:
            clip_grad_norm_(self.q_net.parameters(), self.max_grad_norm)
        self.optimizer.step()
        return float(loss)

    def sync_target(self, tau=1.0):
        """목표 신경망 θ⁻ ← τθ + (1 − τ)θ⁻. τ = 1이면 그대로 복사 (원래 DQN), 작으면 천천히 따라간다 (soft update)."""
        for target, online in self._target_pairs:
            if tau == 1.0:
                target[...] = online
            else:
                target *= 1.0 - tau
                target += tau * online
