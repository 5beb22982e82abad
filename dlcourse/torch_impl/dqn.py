"""DQN 에이전트의 PyTorch 쌍둥이: 같은 신경망·같은 목표·같은 손실을 쌍둥이 층과 autograd로.

학습 고리는 :mod:`dlcourse.rl.dqn` 에 한 번만 있고, 이 에이전트는 scratch의 것과 같은 메서드로 NumPy 관측을 받아
NumPy Q를 돌려준다. 신경망은 ``device`` (CPU 또는 CUDA)에 둔다. TD 목표는 백엔드와 무관한 NumPy 함수로 구한다
(:mod:`dlcourse.rl.targets`: 한 번만 쓴 식): 다음 상태의 Q를 no_grad로 구해 CPU로 옮겨 넘긴다.
"""
import numpy as np
import torch

from .._dqn import AgentBase, check_batch, check_obs, q_network, td_targets
from .activations import ReLU
from .clip import clip_grad_norm_
from .container import Sequential
from .linear import Linear
from .losses import HuberLoss
from .optim import Adam


LAYERS = {"Linear": Linear, "ReLU": ReLU, "Sequential": Sequential}   # 이 백엔드의 층으로 Q 신경망을 짓는다


class DQNAgent(AgentBase):
    """scratch ``DQNAgent`` 의 쌍둥이. generator는 torch.Generator (가중치 초기화), dtype의 기본은 float32 (torch의 기본).

    ``update`` 는 autograd로: Q(s, ·)에서 고른 행동의 칸을 ``gather`` 로 뽑아 후버 손실, ``backward``, 클리핑, Adam.
    """

    def __init__(self, obs_dim, n_actions, hidden=(64, 64), *, lr=1e-3, gamma=0.99, double=True, max_grad_norm=None,
                 huber_delta=1.0, generator, dtype=None, device=None):
        sizes = self._set_args(obs_dim, n_actions, hidden, lr, gamma, double, max_grad_norm, huber_delta)
        self.dtype = torch.get_default_dtype() if dtype is None else dtype
        self.np_dtype = np.dtype(torch.empty((), dtype=self.dtype).numpy().dtype)
        self.device = torch.device("cpu" if device is None else device)
        self.q_net = q_network(sizes, generator, self.dtype, **LAYERS).to(self.device)
        self.target_net = q_network(sizes, generator, self.dtype, **LAYERS).to(self.device)
        self.target_net.load_state_dict(self.q_net.state_dict())   # 처음에는 같은 가중치
        for p in self.target_net.parameters():
            p.requires_grad_(False)                                 # 목표 신경망으로는 역전파하지 않는다
        self.optimizer = Adam(list(self.q_net.parameters()), lr=lr)
        self.loss_fn = HuberLoss(delta=huber_delta)

    def _tensor(self, arr):
        return torch.as_tensor(np.asarray(arr, dtype=self.np_dtype), device=self.device)

    @torch.inference_mode()
    def q_values(self, obs):
        """관측 (obs_dim,) → Q (n_actions,), 묶음 (N, obs_dim) → (N, n_actions). NumPy 배열."""
        arr, single = check_obs(obs, self.obs_dim, "DQNAgent.q_values")
        q = self.q_net(self._tensor(np.atleast_2d(arr))).cpu().numpy()
        return q[0] if single else q

    def update(self, batch, gamma=None):
        """미니배치 하나로 한 번 배운다. 평균 후버 손실(float)을 돌려준다. gamma: n걸음 목표면 γⁿ (없으면 self.gamma)."""
        obs, actions, rewards, next_obs, terminated = check_batch(batch, self.obs_dim, self.n_actions, "DQNAgent.update")
        b = len(actions)
        if self.double:   # s와 s'을 한 번에 (2B 행): s' 쪽은 목표를 고르는 데만 쓰고 기울기를 끊는다
            q_both = self.q_net(self._tensor(np.concatenate([obs, next_obs])))
            q, next_q_online = q_both[:b], q_both[b:].detach().cpu().numpy()
        else:
            q, next_q_online = self.q_net(self._tensor(obs)), None
        with torch.no_grad():
            next_q_target = self.target_net(self._tensor(next_obs)).cpu().numpy()
        y = td_targets(rewards, next_q_online, next_q_target, terminated, self.gamma if gamma is None else gamma,
                       self.double)
        q_taken = q.gather(1, torch.as_tensor(actions, device=self.device).view(-1, 1)).squeeze(1)
        loss = self.loss_fn(q_taken, self._tensor(y))
        self.optimizer.zero_grad()
        loss.backward()
        if self.max_grad_norm is not None:
            clip_grad_norm_(self.q_net.parameters(), self.max_grad_norm)
        self.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def sync_target(self, tau=1.0):
        """목표 신경망 θ⁻ ← τθ + (1 − τ)θ⁻. τ = 1이면 그대로 복사."""
        for target, online in zip(self.target_net.parameters(), self.q_net.parameters()):
            if tau == 1.0:
                target.copy_(online)
            else:
                target.mul_(1.0 - tau).add_(online, alpha=tau)
