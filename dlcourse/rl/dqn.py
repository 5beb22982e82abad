"""DQN(deep Q-network)의 학습 고리: 위에서 아래로 한 번에 읽히는 파일 하나 (CleanRL의 ``dqn.py`` 처럼). NumPy만 쓴다.

    for 걸음 t = 0, 1, …, total_steps − 1:
        ε ← linear_schedule(…, t)                      # 탐험을 점점 줄인다
        a ← ε의 확률로 무작위, 아니면 argmax_a Q(s, a)   # ε-탐욕
        s', r, terminated, truncated ← env.step(a)
        버퍼에 (s, a, r, s', terminated, truncated)      # n걸음 목표면 n걸음을 모아 한 전이로
        t ≥ learning_starts 이고 train_freq 걸음마다:
            학습률 ← 곧게 줄인 값; 미니배치를 뽑아 agent.update(batch)  # TD 목표, 후버 손실, 역전파, Adam
            목표 신경망 ← 온라인 신경망 쪽으로 (target_update 걸음마다 복사, 또는 τ만큼 섞기)
        terminated 또는 truncated면 env.reset()

신경망과 그 역전파만 백엔드에서 온다: ``agent`` 는 :class:`dlcourse.scratch.DQNAgent` 나 그 쌍둥이
:class:`dlcourse.torch_impl.DQNAgent` 다. 둘 다 NumPy 관측을 받아 NumPy Q를 돌려주는 같은 메서드
(``q_values``, ``act``, ``update``, ``sync_target``, ``lr``, ``gamma``)를 가지므로 이 고리는 둘을 구별하지 않는다.
난수는 ``seed`` 로 만든 생성기 하나에서만 (탐험과 미니배치), 환경은 첫 ``reset(seed=seed)`` 로 고정한다.
"""
import math
import time
from collections import deque
from dataclasses import dataclass, fields
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from .evaluate import run_episodes
from .replay import ReplayBuffer
from .schedule import linear_schedule


@dataclass(frozen=True)
class DQNConfig:
    """DQN 학습 설정. 기본값은 CartPole-v1을 5만 걸음 안에 풀도록 이 강좌에서 재어 고른 것이다 (DQN 장의 표:
    학습률을 곧게 줄이고, 3걸음 목표, 목표 신경망은 걸음마다 τ = 0.005만큼 따라간다).

    total_steps: 환경 걸음 수.  learning_starts: 이만큼 무작위로 모은 뒤 배우기 시작한다.
    buffer_size: 재생 버퍼 크기.  batch_size: 미니배치 크기.  train_freq: 몇 걸음마다 한 번 배우나.
    lr, lr_end, lr_decay_steps: 학습률을 처음 lr_decay_steps 걸음 동안 lr → lr_end로 곧게 줄이고, 그 뒤로는 lr_end.
    eps_start, eps_end, exploration_steps: ε을 처음 exploration_steps 걸음 동안 eps_start → eps_end, 그 뒤로는 eps_end.
    두 일정이 전체 걸음 수와 상관없으므로, 같은 시드의 10만 걸음 학습은 처음 5만 걸음이 5만 걸음 학습과 똑같다.
    target_update: 몇 걸음마다 목표 신경망을 고치나.  tau: 고칠 때 θ⁻ ← τθ + (1 − τ)θ⁻ (1이면 그대로 복사).
    n_step: n걸음 TD 목표 (1이면 보통의 한 걸음 목표).
    eval_every, eval_episodes: 몇 걸음마다 탐욕 정책을 따로 몇 에피소드 평가해 기록하나 (0이면 평가하지 않는다).
    """

    total_steps: int = 50_000
    learning_starts: int = 1_000
    buffer_size: int = 100_000
    batch_size: int = 64
    train_freq: int = 2
    lr: float = 2.5e-3
    lr_end: float = 1e-5
    lr_decay_steps: int = 50_000
    eps_start: float = 1.0
    eps_end: float = 0.05
    exploration_steps: int = 10_000
    target_update: int = 1
    tau: float = 0.005
    n_step: int = 3
    eval_every: int = 0
    eval_episodes: int = 5

    def __post_init__(self):
        ints = {"total_steps": 1, "learning_starts": 0, "buffer_size": 1, "batch_size": 1, "train_freq": 1,
                "lr_decay_steps": 1, "exploration_steps": 1, "target_update": 1, "n_step": 1, "eval_every": 0,
                "eval_episodes": 1}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ints:
                if isinstance(value, bool) or not isinstance(value, Integral) or value < ints[f.name]:
                    raise ValueError(f"DQNConfig: {f.name}은(는) {ints[f.name]} 이상의 정수여야 합니다: {value!r}")
            elif isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise ValueError(f"DQNConfig: {f.name}은(는) 유한한 실수여야 합니다: {value!r}")
        for name in ("eps_start", "eps_end", "tau"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"DQNConfig: {name}은(는) 0과 1 사이여야 합니다: {getattr(self, name)!r}")
        if self.tau == 0.0:
            raise ValueError("DQNConfig: tau = 0이면 목표 신경망이 영영 바뀌지 않습니다.")
        if not 0.0 < self.lr_end <= self.lr:
            raise ValueError(f"DQNConfig: 0 < lr_end ≤ lr 이어야 합니다: lr={self.lr!r}, lr_end={self.lr_end!r}")
        if self.batch_size > self.buffer_size:
            raise ValueError(f"DQNConfig: batch_size {self.batch_size}가 buffer_size {self.buffer_size}보다 큽니다.")


CARTPOLE = DQNConfig()
"""CartPole-v1의 설정 (기본값 그대로). 장과 benchmarks/bench_dqn.py가 쓴다. 에이전트는 :data:`CARTPOLE_AGENT`."""

CARTPOLE_AGENT = {"hidden": (128, 128), "gamma": 0.99, "double": True}
"""CartPole-v1의 에이전트 설정: ``DQNAgent(4, 2, **CARTPOLE_AGENT, generator=…)``."""


class DQNRun(NamedTuple):
    """학습 기록. 에피소드마다 (ε-탐욕으로 돌린 학습 에피소드): ``episode_returns``, 끝난 걸음 ``episode_steps``.
    배울 때마다: ``losses``. 평가마다 (eval_every 걸음): 걸음 ``eval_steps``, 탐욕 정책의 평균 보상 ``eval_returns``,
    첫 상태에서 신경망이 매긴 max_a Q(s₀, a)의 평균 ``eval_q0`` 와 실제로 받은 할인 보상 합 G₀의 평균 ``eval_g0``
    (둘의 차가 과대 추정이다), 그때까지의 학습 시간 ``eval_seconds``. ``seconds``: 학습에 걸린 벽시계 시간
    (중간 평가와 callback은 빼고 잰다)."""

    episode_returns: np.ndarray
    episode_steps: np.ndarray
    losses: np.ndarray
    eval_steps: np.ndarray
    eval_returns: np.ndarray
    eval_q0: np.ndarray
    eval_g0: np.ndarray
    eval_seconds: np.ndarray
    seconds: float


def _check_env(env, agent):
    shape = getattr(env.observation_space, "shape", None)
    n = getattr(env.action_space, "n", None)
    if shape is None or len(shape) != 1 or n is None:
        raise TypeError(f"train_dqn: 관측이 벡터이고 행동이 이산(Discrete)인 환경이어야 합니다: "
                        f"observation_space {env.observation_space}, action_space {env.action_space}")
    if shape[0] != agent.obs_dim or int(n) != agent.n_actions:
        raise ValueError(f"train_dqn: 환경의 관측 {shape[0]}차원·행동 {int(n)}개가 에이전트의 "
                         f"obs_dim={agent.obs_dim}, n_actions={agent.n_actions}와 다릅니다.")


def n_step_transition(steps, gamma):
    """n걸음 (s, a, r, s', terminated, truncated)의 목록을 한 전이로: R = Σ_k γᵏ r_k, 마지막의 s'와 플래그.

    TD 목표는 R + γⁿ (1 − terminated) max_a' Q(s_n, a') 가 된다 (에이전트의 gamma를 γⁿ으로 둔다).
    보상이 n걸음 만에 거꾸로 번지므로 가치가 빨리 퍼지지만, 중간 행동이 지금 정책과 다르면 목표가 치우친다.
    """
    obs, action = steps[0][0], steps[0][1]
    ret = sum(gamma**k * step[2] for k, step in enumerate(steps))
    _, _, _, next_obs, terminated, truncated = steps[-1]
    return obs, action, float(ret), next_obs, terminated, truncated


def greedy_episodes(env, agent, n_episodes, seed):
    """탐욕 정책으로 n 에피소드 (학습 없이): (보상 합의 평균, 첫 상태의 max_a Q(s₀, a) 평균, 할인 보상 합 G₀의 평균).

    Q(s₀)는 신경망이 예상한 할인 보상 합이고 G₀ = Σ_k γᵏ r_k 는 실제로 받은 값이다. Q(s₀) − G₀ > 0 이면 과대 추정이다.
    첫 reset에만 seed를 준다 (:func:`~dlcourse.rl.evaluate.run_episodes` 와 같은 규칙).
    """
    returns, q0, g0 = [], [], []
    for i in range(n_episodes):
        obs, _ = env.reset(seed=seed) if i == 0 else env.reset()
        q0.append(float(agent.q_values(obs).max()))
        total, discounted, discount, done = 0.0, 0.0, 1.0, False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(agent.act(obs))
            total += float(reward)
            discounted += discount * float(reward)
            discount *= agent.gamma
            done = terminated or truncated
        returns.append(total)
        g0.append(discounted)
    return float(np.mean(returns)), float(np.mean(q0)), float(np.mean(g0))


def train_dqn(env, agent, config=DQNConfig(), *, seed, eval_env=None, callback=None):
    """``env`` 에서 ``agent`` 를 ``config`` 대로 학습하고 :class:`DQNRun` 을 돌려준다. agent는 제자리에서 배운다.

    n_step > 1이면 agent.gamma를 γⁿ으로 다루도록 ``agent.update(batch, gamma=γⁿ)`` 을 부른다.
    eval_env가 있고 config.eval_every > 0이면 그 걸음마다 탐욕 정책을 eval_episodes번 평가한다 (학습과 다른 환경 난수).
    callback(걸음 수, agent)는 걸음마다 불린다 (예: 5만 걸음째의 에이전트를 따로 평가하기). 학습의 난수는 건드리지 않아야 한다.
    평가와 callback에 든 시간은 학습 시간(``seconds``)에서 뺀다.
    """
    if not isinstance(config, DQNConfig):
        raise TypeError(f"train_dqn: config는 DQNConfig여야 합니다: {type(config).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"train_dqn: seed는 정수여야 합니다: {seed!r}")
    _check_env(env, agent)
    c = config
    rng = np.random.default_rng(seed)
    buffer = ReplayBuffer(c.buffer_size, (agent.obs_dim,), agent.n_actions, dtype=agent.np_dtype)
    gamma_n = agent.gamma**c.n_step
    recent = deque(maxlen=c.n_step)   # n걸음 목표를 만들 마지막 n개의 전이
    ep_returns, ep_steps, losses = [], [], []
    ev_steps, ev_returns, ev_q0, ev_g0, ev_seconds = [], [], [], [], []
    start = time.perf_counter()

    obs, _ = env.reset(seed=seed)
    ep_return = 0.0
    for t in range(c.total_steps):
        epsilon = linear_schedule(c.eps_start, c.eps_end, c.exploration_steps, t)
        action = int(rng.integers(agent.n_actions)) if rng.random() < epsilon else agent.act(obs)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        ep_return += float(reward)

        recent.append((obs, action, float(reward), next_obs, bool(terminated), bool(truncated)))
        if len(recent) == c.n_step:
            buffer.add(*n_step_transition(list(recent), agent.gamma))
        if terminated or truncated:
            # 아직 목표를 만들지 못한 꼬리 (마지막 n − 1걸음 안에서 시작한 전이). terminated면 끝 뒤의 보상이 0이라
            # 짧은 합도 정확한 목표다 (부트스트랩하지 않으므로 γ의 거듭제곱과 무관). truncated면 γᵏ (k < n)으로
            # 부트스트랩해야 하므로 버린다: 버려도 목표는 치우치지 않는다 (n − 1개 전이를 덜 쓸 뿐).
            if terminated:
                tail = list(recent)[1:] if len(recent) == c.n_step else list(recent)
                for k in range(len(tail)):
                    buffer.add(*n_step_transition(tail[k:], agent.gamma))
            recent.clear()
            ep_returns.append(ep_return)
            ep_steps.append(t + 1)
            obs, _ = env.reset()
            ep_return = 0.0
        else:
            obs = next_obs

        if t >= c.learning_starts and len(buffer) >= c.batch_size:
            if (t - c.learning_starts) % c.train_freq == 0:
                agent.lr = linear_schedule(c.lr, c.lr_end, c.lr_decay_steps, t)
                losses.append(agent.update(buffer.sample(c.batch_size, rng), gamma=gamma_n))
            if (t - c.learning_starts) % c.target_update == 0:
                agent.sync_target(c.tau)

        if eval_env is not None and c.eval_every and (t + 1) % c.eval_every == 0:
            eval_start = time.perf_counter()
            ev_seconds.append(eval_start - start)
            mean_return, q0, g0 = greedy_episodes(eval_env, agent, c.eval_episodes, seed=10_000 + seed + t)
            start += time.perf_counter() - eval_start   # 평가 시간은 학습 시간에서 뺀다
            ev_steps.append(t + 1)
            ev_returns.append(mean_return)
            ev_q0.append(q0)
            ev_g0.append(g0)
        if callback is not None:
            callback_start = time.perf_counter()
            callback(t + 1, agent)
            start += time.perf_counter() - callback_start

    return DQNRun(np.array(ep_returns), np.array(ep_steps, dtype=np.int64), np.array(losses),
                  np.array(ev_steps, dtype=np.int64), np.array(ev_returns), np.array(ev_q0), np.array(ev_g0),
                  np.array(ev_seconds), time.perf_counter() - start)


def evaluate_agent(env, agent, n_episodes=20, seed=0):
    """학습이 끝난 에이전트의 탐욕 정책으로 n 에피소드: 에피소드별 보상 합 (n,)."""
    return run_episodes(env, agent.act, n_episodes, seed).returns
