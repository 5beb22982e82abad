"""DQN 에이전트: 두 백엔드의 한 번 배우기가 같은 가중치를 만드는가, 기울기가 맞는가, 나쁜 입력을 알리는가,
학습 고리(dlcourse.rl.dqn)가 재현되는가."""
import gymnasium as gym
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlcourse import scratch as S
from dlcourse import torch_impl as T
from dlcourse.convert import copy_to_torch
from dlcourse.gradcheck import numerical_gradient, relative_error
from dlcourse.rl import Batch, ReplayBuffer
from dlcourse.rl.dqn import DQNConfig, evaluate_agent, greedy_episodes, n_step_transition, train_dqn

OBS, ACT = 4, 3


def make_batch(rng, n=16, dtype=np.float64):
    """종료(terminated)와 잘림(truncated)이 섞인 고정 미니배치."""
    terminated = np.zeros(n, dtype=bool)
    truncated = np.zeros(n, dtype=bool)
    terminated[::4] = True
    truncated[1::5] = True
    return Batch(rng.normal(size=(n, OBS)).astype(dtype), rng.integers(0, ACT, size=n), rng.normal(size=n).astype(dtype),
                 rng.normal(size=(n, OBS)).astype(dtype), terminated, truncated)


def agent_pair(double, max_grad_norm=None, device="cpu", seed=0, hidden=(8, 6), lr=1e-2):
    """같은 가중치(온라인과 목표가 서로 다르게)의 scratch 에이전트와 torch 쌍둥이 (float64)."""
    kw = dict(hidden=hidden, lr=lr, gamma=0.9, double=double, max_grad_norm=max_grad_norm)
    s = S.DQNAgent(OBS, ACT, generator=np.random.default_rng(seed), dtype=np.float64, **kw)
    # 목표 신경망을 온라인과 다르게: 목표를 목표 신경망으로 매기는지 (온라인으로 매기지 않는지) 드러난다
    for p in s.target_net.parameters():
        p.data[...] += np.random.default_rng(seed + 1).normal(scale=0.3, size=p.data.shape)
    t = T.DQNAgent(OBS, ACT, generator=torch.Generator().manual_seed(seed), dtype=torch.float64, device=device, **kw)
    copy_to_torch(s.q_net, t.q_net)
    copy_to_torch(s.target_net, t.target_net)
    return s, t


def torch_state(agent):
    return {k: v.detach().cpu().numpy() for k, v in agent.q_net.state_dict().items()}


def reference_update(s, batch, double, max_grad_norm, steps):
    """같은 일을 plain PyTorch로: nn.Linear/nn.ReLU, F.huber_loss, torch.optim.Adam, clip_grad_norm_. 새 state_dict."""
    def build(src):
        sizes = (OBS, *s.hidden, ACT)
        layers = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers += [nn.Linear(a, b, dtype=torch.float64)] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
        net = nn.Sequential(*layers)
        net.load_state_dict({k: torch.tensor(v) for k, v in src.state_dict().items()})
        return net
    online, target = build(s.q_net), build(s.target_net)
    opt = torch.optim.Adam(online.parameters(), lr=s.lr)
    obs, actions, rewards, next_obs, terminated = (torch.as_tensor(a) for a in batch[:5])
    for _ in range(steps):
        with torch.no_grad():
            next_q = target(next_obs)
            best = online(next_obs).argmax(1) if double else next_q.argmax(1)
            y = rewards + s.gamma * (~terminated).double() * next_q.gather(1, best[:, None]).squeeze(1)
        loss = F.huber_loss(online(obs).gather(1, actions[:, None]).squeeze(1), y)
        opt.zero_grad()
        loss.backward()
        if max_grad_norm is not None:
            nn.utils.clip_grad_norm_(online.parameters(), max_grad_norm)
        opt.step()
    return {k: v.detach().numpy() for k, v in online.state_dict().items()}, loss.item()


@pytest.mark.parametrize("double", [True, False])
@pytest.mark.parametrize("max_grad_norm", [None, 0.5])
def test_one_full_update_gives_the_same_new_weights_in_both_backends(double, max_grad_norm, device, rng):
    s, t = agent_pair(double, max_grad_norm, device)
    batch = make_batch(rng)
    for step in range(3):   # 세 번: Adam의 모멘트까지 같아야 둘째·셋째 걸음도 같다
        loss_s, loss_t = s.update(batch), t.update(batch)
        assert loss_t == pytest.approx(loss_s, rel=1e-12)
        for name, value in s.q_net.state_dict().items():
            np.testing.assert_allclose(torch_state(t)[name], value, rtol=1e-12, atol=1e-14, err_msg=f"{step}: {name}")
    # 목표 신경망은 update로 바뀌지 않는다
    for name, value in s.target_net.state_dict().items():
        np.testing.assert_array_equal(t.target_net.state_dict()[name].cpu().numpy(), value)


@pytest.mark.parametrize("double", [True, False])
@pytest.mark.parametrize("max_grad_norm", [None, 0.5])
def test_update_matches_plain_pytorch(double, max_grad_norm, rng):
    s, _ = agent_pair(double, max_grad_norm)
    batch = make_batch(rng)
    expected, expected_loss = reference_update(s, batch, double, max_grad_norm, steps=3)
    for _ in range(3):
        loss = s.update(batch)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    for name, value in s.q_net.state_dict().items():
        np.testing.assert_allclose(value, expected[name], rtol=1e-12, atol=1e-14, err_msg=name)


@pytest.mark.parametrize("double", [True, False])
def test_update_gradient_matches_numerical_gradient(double, rng):
    """SGD(lr=1)로 바꿔 끼우면 update가 뺀 양이 곧 기울기다. 목표 y를 상수로 둔 손실의 수치 미분과 비교 (float64)."""
    s, _ = agent_pair(double)
    batch = make_batch(rng)
    params = s.q_net.parameters()
    s.optimizer = S.SGD(params, lr=1.0)
    before = {p.name: p.data.copy() for p in params}
    next_q_target = s.target_net.forward(batch.next_obs)
    chooser = s.q_net.forward(batch.next_obs) if double else next_q_target
    y = batch.rewards + s.gamma * ~batch.terminated * next_q_target[np.arange(16), chooser.argmax(1)]
    s.update(batch)
    analytic = {p.name: before[p.name] - p.data for p in params}
    for p in params:
        p.data[...] = before[p.name]
    for p in params:
        def loss(value, p=p):
            p.data[...] = value
            q = s.q_net.forward(batch.obs)[np.arange(16), batch.actions]
            return float(S.huber_loss(q, y))

        numeric = numerical_gradient(loss, before[p.name], h=1e-5)   # 작은 h: ReLU·후버의 꺾인 점을 건너지 않게
        p.data[...] = before[p.name]
        assert relative_error(analytic[p.name], numeric) < 1e-7, p.name


def test_truncated_transitions_bootstrap_and_terminated_do_not():
    """r = 1, 다음 상태의 Q⁻ = 5인 전이 셋: 보통 / 잘림 / 종료. 목표는 1 + 0.9·5, 1 + 0.9·5, 1."""
    for backend, gen in ((S, np.random.default_rng(0)), (T, torch.Generator().manual_seed(0))):
        agent = backend.DQNAgent(OBS, ACT, hidden=(4,), gamma=0.9, double=False, generator=gen, dtype=np.float64
                                 if backend is S else torch.float64)
        for p in agent.target_net.parameters():
            (p.data if backend is S else p.data)[...] = 0
        last_bias = agent.target_net[-1].bias
        last_bias[...] = 5.0 if backend is S else torch.full_like(last_bias, 5.0)
        agent.optimizer = (S.SGD if backend is S else T.SGD)(
            agent.q_net.parameters() if backend is S else list(agent.q_net.parameters()), lr=1.0)
        batch = Batch(np.zeros((3, OBS)), np.zeros(3, dtype=np.int64), np.ones(3), np.zeros((3, OBS)),
                      np.array([False, False, True]), np.array([False, True, False]))
        q0 = agent.q_values(np.zeros(OBS))[0]
        before = agent.q_net[-1].bias.copy() if backend is S else agent.q_net[-1].bias.detach().clone().numpy()
        agent.update(batch)
        after = agent.q_net[-1].bias if backend is S else agent.q_net[-1].bias.detach().numpy()
        # 출력 편향 0번의 기울기 = 평균 후버 기울기 = mean(clip(q0 − y, −1, 1))
        y = np.array([1 + 0.9 * 5, 1 + 0.9 * 5, 1.0])
        expected = np.clip(q0 - y, -1, 1).mean()
        assert before[0] - after[0] == pytest.approx(expected, rel=1e-12)


def test_sync_target_copies_or_mixes():
    for backend, gen, dtype in ((S, np.random.default_rng(0), np.float64), (T, torch.Generator().manual_seed(0), torch.float64)):
        agent = backend.DQNAgent(OBS, ACT, hidden=(5,), generator=gen, dtype=dtype)
        state = lambda net: {k: np.array(v.cpu().numpy() if torch.is_tensor(v) else v)  # noqa: E731  (사본)
                             for k, v in net.state_dict().items()}
        online0, target0 = state(agent.q_net), state(agent.target_net)
        for k in online0:
            np.testing.assert_array_equal(online0[k], target0[k])   # 처음에는 같다
        for p in agent.q_net.parameters():
            if backend is S:
                p.data[...] += 1.0
            else:
                with torch.no_grad():
                    p.add_(1.0)
        agent.sync_target(0.25)
        for k, v in state(agent.target_net).items():
            np.testing.assert_allclose(v, target0[k] + 0.25, rtol=1e-12, atol=1e-12)
        agent.sync_target()
        for k, v in state(agent.target_net).items():
            np.testing.assert_array_equal(v, state(agent.q_net)[k])


def test_q_values_and_act_shapes_and_parity(device):
    s, t = agent_pair(True, device=device)
    obs = np.random.default_rng(3).normal(size=(7, OBS))
    np.testing.assert_allclose(t.q_values(obs), s.q_values(obs), rtol=1e-13)
    assert s.q_values(obs[0]).shape == (ACT,) and t.q_values(obs).shape == (7, ACT)
    assert s.act(obs[0]) == t.act(obs[0]) == int(np.argmax(s.q_values(obs[0])))


@pytest.mark.parametrize("backend", ["scratch", "torch"])
def test_bad_input_is_named(backend):
    B = S if backend == "scratch" else T
    gen = np.random.default_rng(0) if B is S else torch.Generator().manual_seed(0)
    agent = B.DQNAgent(OBS, ACT, hidden=(5,), generator=gen)
    with pytest.raises(ValueError, match=r"\(4,\) 또는 \(N, 4\).*\(5,\)"):
        agent.q_values(np.zeros(5))
    with pytest.raises(ValueError, match="유한"):
        agent.act(np.array([0.0, np.nan, 0.0, 0.0]))
    batch = make_batch(np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"0 … 2.*3"):
        agent.update(batch._replace(actions=np.full(16, 3)))
    with pytest.raises(ValueError, match=r"\(16,\).*\(15,\)"):
        agent.update(batch._replace(rewards=np.ones(15)))
    with pytest.raises(ValueError, match=r"\(B, 4\)"):
        agent.update(batch._replace(obs=np.zeros((16, 3))))
    with pytest.raises(ValueError, match="gamma"):
        B.DQNAgent(OBS, ACT, gamma=1.5, generator=gen)
    with pytest.raises(ValueError, match="hidden"):
        B.DQNAgent(OBS, ACT, hidden=(0,), generator=gen)
    with pytest.raises(TypeError, match="double"):
        B.DQNAgent(OBS, ACT, double=1, generator=gen)
    with pytest.raises(ValueError, match="max_grad_norm"):
        B.DQNAgent(OBS, ACT, max_grad_norm=-1.0, generator=gen)


def test_scratch_agent_is_cpu_only():
    with pytest.raises(ValueError, match="CPU"):
        S.DQNAgent(OBS, ACT, generator=np.random.default_rng(0), device="cuda")


def test_train_dqn_bad_input():
    env = gym.make("CartPole-v1")
    wrong = S.DQNAgent(3, 2, hidden=(4,), generator=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"관측 4차원.*obs_dim=3"):
        train_dqn(env, wrong, DQNConfig(total_steps=10), seed=0)
    agent = S.DQNAgent(4, 2, hidden=(4,), generator=np.random.default_rng(0))
    with pytest.raises(TypeError, match="Discrete"):
        train_dqn(gym.make("Pendulum-v1"), agent, DQNConfig(total_steps=10), seed=0)
    with pytest.raises(TypeError, match="DQNConfig"):
        train_dqn(env, agent, {"total_steps": 10}, seed=0)
    for bad in (dict(total_steps=0), dict(tau=0.0), dict(eps_end=1.5), dict(lr_end=1e-2), dict(batch_size=10, buffer_size=5),
                dict(n_step=0), dict(lr=float("nan"))):
        with pytest.raises(ValueError, match="DQNConfig"):
            DQNConfig(**bad)


def test_buffer_sampled_before_it_holds_a_batch():
    buffer = ReplayBuffer(100, (4,), 2)
    with pytest.raises(ValueError, match=r"0개뿐인데 batch_size 32"):
        buffer.sample(32, np.random.default_rng(0))


def test_n_step_transition():
    steps = [(np.zeros(2), 1, 1.0, np.ones(2), False, False), (np.ones(2), 0, 2.0, 2 * np.ones(2), False, False),
             (2 * np.ones(2), 1, 4.0, 3 * np.ones(2), True, False)]
    obs, action, ret, next_obs, terminated, truncated = n_step_transition(steps, 0.5)
    assert action == 1 and ret == 1 + 0.5 * 2 + 0.25 * 4 and terminated and not truncated
    np.testing.assert_array_equal(obs, np.zeros(2))
    np.testing.assert_array_equal(next_obs, 3 * np.ones(2))


SHORT = DQNConfig(total_steps=1500, learning_starts=300, buffer_size=1500, batch_size=32, train_freq=2, n_step=1,
                  exploration_steps=750, lr_decay_steps=1500, target_update=100, lr=1e-3, lr_end=1e-4, eval_every=500,
                  eval_episodes=2)


def test_training_is_reproducible_and_twins_train_identically():
    """같은 seed면 같은 학습. float64의 scratch와 torch 쌍둥이가 같은 가중치에서 시작하면 에피소드가 하나하나 같다."""
    runs = []
    for backend in ("s", "s", "t"):
        s = S.DQNAgent(4, 2, hidden=(16, 16), generator=np.random.default_rng(0))
        agent = s
        if backend == "t":
            agent = T.DQNAgent(4, 2, hidden=(16, 16), generator=torch.Generator().manual_seed(0), dtype=torch.float64)
            copy_to_torch(s.q_net, agent.q_net)
            copy_to_torch(s.target_net, agent.target_net)
        run = train_dqn(gym.make("CartPole-v1"), agent, SHORT, seed=0, eval_env=gym.make("CartPole-v1"))
        runs.append((run, {k: np.asarray(v) for k, v in agent.q_net.state_dict().items()}))
    (a, wa), (b, wb), (c, wc) = runs
    np.testing.assert_array_equal(a.episode_returns, b.episode_returns)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.episode_returns, c.episode_returns)
    np.testing.assert_array_equal(a.eval_returns, c.eval_returns)
    np.testing.assert_allclose(c.losses, a.losses, rtol=1e-9)
    for k in wa:
        np.testing.assert_array_equal(wa[k], wb[k])
        np.testing.assert_allclose(wc[k], wa[k], rtol=1e-8, atol=1e-10)
    assert len(a.losses) == (1500 - 300) // 2 and len(a.eval_steps) == 3
    assert a.episode_steps[-1] <= 1500 and a.episode_returns.sum() <= 1500


def test_greedy_episodes_measure_q0_and_discounted_return():
    agent = S.DQNAgent(4, 2, hidden=(8,), gamma=0.5, generator=np.random.default_rng(0))
    env = gym.make("CartPole-v1")
    mean_return, q0, g0 = greedy_episodes(env, agent, 3, seed=5)
    returns = evaluate_agent(env, agent, 3, seed=5)
    assert mean_return == returns.mean()
    assert g0 == pytest.approx(np.mean([(1 - 0.5**n) / (1 - 0.5) for n in returns]))   # 매 걸음 보상 1
    first = env.reset(seed=5)[0]
    assert q0 != 0 and abs(q0 - agent.q_values(first).max()) < 10   # 세 첫 상태의 평균 (첫 상태는 그중 하나)
