"""강화학습 도구 (dlcourse.rl): 벨만 방정식의 풀이, 표 Q-러닝, 경험 재생 버퍼, ε 일정, TD 목표, 잘못된 입력."""
import ast
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from dlcourse import rl
from dlcourse.rl import (ReplayBuffer, double_dqn_target, epsilon_greedy, greedy_policy, linear_schedule,
                         policy_evaluation, q_from_v, q_learning, run_episodes, sarsa, success_probability,
                         success_rate, tabular_mdp, td_target, value_iteration)

LEFT, DOWN, RIGHT, UP = range(4)
START, GOAL = 0, 15


@pytest.fixture(scope="module")
def slippery():
    env = gym.make("FrozenLake-v1")  # 4×4, 미끄러움, 100걸음에서 잘림
    return env, tabular_mdp(env)


@pytest.fixture(scope="module")
def deterministic():
    env = gym.make("FrozenLake-v1", is_slippery=False)
    return env, tabular_mdp(env)


# --- 전이 표 ---------------------------------------------------------------------------------------


def test_tabular_mdp_reads_frozen_lake(slippery, deterministic):
    env, (P, R, terminal) = slippery
    assert P.shape == (16, 4, 16) and R.shape == (16, 4) and terminal.shape == (16,)
    np.testing.assert_allclose(P.sum(axis=2), 1.0, rtol=0, atol=1e-15)
    desc = env.unwrapped.desc.ravel()
    np.testing.assert_array_equal(terminal, np.isin(desc, [b"H", b"G"]))  # 구멍과 목표에서 끝난다
    # 목표 옆(14)에서: 오른쪽으로 가려 하면 (→, 미끄러져 ↓ 또는 ↑) 1/3씩, 그중 → 만 목표에 닿는다
    assert P[14, RIGHT, 15] == pytest.approx(1 / 3) and P[14, RIGHT, 10] == pytest.approx(1 / 3)
    expected_R = np.zeros((16, 4))
    expected_R[14, [DOWN, RIGHT, UP]] = 1 / 3  # 목표로 들어가는 전이만 보상 1
    np.testing.assert_allclose(R, expected_R, rtol=1e-15)
    # 벽에 부딪히면 제자리: 미끄러운 시작 칸에서 ←를 하면 ← 와 ↑가 모두 제자리 → 2/3
    assert P[0, LEFT, 0] == pytest.approx(2 / 3)
    _, (Pd, Rd, _) = deterministic
    assert set(np.unique(Pd)) == {0.0, 1.0} and Pd[14, RIGHT, 15] == 1.0 and Rd[14, RIGHT] == 1.0


def test_tabular_mdp_rejects_envs_without_a_table():
    with pytest.raises(TypeError, match="전이 표"):
        tabular_mdp(gym.make("CartPole-v1"))


# --- 벨만 방정식 -----------------------------------------------------------------------------------


def bellman_backup_by_hand(env, V, gamma):
    """gymnasium의 표를 그대로 읽어 (배열로 바꾸지 않고) 한 칸씩 계산한 Q — tabular_mdp와 독립인 기준."""
    table = env.unwrapped.P
    Q = np.zeros((len(table), len(table[0])))
    for s in table:
        for a in table[s]:
            Q[s, a] = sum(p * (r + gamma * (0.0 if done else V[s2])) for p, s2, r, done in table[s][a])
    return Q


@pytest.mark.parametrize("gamma", [0.9, 0.99, 0.999])
def test_value_iteration_satisfies_bellman_optimality(slippery, gamma):
    env, mdp = slippery
    sol = value_iteration(mdp, gamma)
    residual = np.abs(bellman_backup_by_hand(env, sol.V, gamma).max(axis=1) - sol.V).max()
    assert residual < 1e-10
    np.testing.assert_allclose(sol.Q, bellman_backup_by_hand(env, sol.V, gamma), rtol=0, atol=1e-12)
    assert np.all(sol.V[mdp.terminal] == 0)
    assert 0 < sol.V[START] < 1 and sol.iterations > 1


@pytest.mark.parametrize("gamma", [0.9, 0.99])
def test_policy_evaluation_of_the_optimal_policy_is_v_star(slippery, gamma):
    env, mdp = slippery
    star = value_iteration(mdp, gamma, tol=1e-12)
    pi = greedy_policy(star.Q)
    ev = policy_evaluation(mdp, pi, gamma, tol=1e-12)
    np.testing.assert_allclose(ev.V, star.V, rtol=0, atol=1e-10)
    # 선형 방정식 (I − γ P_π M) V = R_π 의 직접 풀이와도 같다 (M: 종료 상태를 지우는 대각 행렬)
    S_ = np.arange(16)
    P_pi, R_pi = mdp.P[S_, pi], mdp.R[S_, pi]
    V_exact = np.linalg.solve(np.eye(16) - gamma * P_pi * ~mdp.terminal, R_pi)
    np.testing.assert_allclose(ev.V, V_exact, rtol=0, atol=1e-10)
    # 무작위 정책 (확률 행렬)은 최적보다 나쁘다
    uniform = policy_evaluation(mdp, np.full((16, 4), 0.25), gamma)
    assert np.all(uniform.V <= star.V + 1e-12) and uniform.V[START] < star.V[START] / 2


def test_optimal_policy_and_its_success_rate(slippery):
    """γ = 0.99의 최적 정책: 시작 칸에서 ←(벽에 기대어 구멍 쪽으로 미끄러지지 않는다). 100걸음 성공 확률 0.7402.
    γ = 0.9 이면 상태 2의 행동이 ↑에서 ←로 바뀌어 성공 확률이 0.7298로 조금 낮다 (먼 미래를 덜 쳐준다)."""
    env, mdp = slippery
    pi = greedy_policy(value_iteration(mdp, 0.99).Q)
    expected = np.array([LEFT, UP, UP, UP, LEFT, 0, LEFT, 0, UP, DOWN, LEFT, 0, 0, RIGHT, DOWN, 0])
    free = ~mdp.terminal & (np.arange(16) != 6)  # 6은 ←와 →가 똑같이 좋다 (양옆이 모두 구멍)
    np.testing.assert_array_equal(pi[free], expected[free])
    assert pi[6] in (LEFT, RIGHT)
    exact = success_probability(mdp, pi, START, GOAL, horizon=env.spec.max_episode_steps)
    assert round(exact, 4) == 0.7402
    pi_09 = greedy_policy(value_iteration(mdp, 0.9).Q)
    assert pi_09[2] == LEFT and round(success_probability(mdp, pi_09, START, GOAL, 100), 4) == 0.7298
    # 몬테카를로 평가는 참값 둘레에서 표본 잡음만큼 (300 에피소드: 표준편차 ≈ 0.025)
    episodes = run_episodes(env, pi, 300, seed=0)
    assert abs(np.mean(episodes.returns > 0) - exact) < 0.08
    assert np.all(episodes.lengths <= 100) and np.any(~episodes.terminated)  # 시간 제한으로 잘린 에피소드도 있다
    assert success_rate(env, pi, 300, seed=0) == np.mean(episodes.returns > 0)


def test_success_probability_counts_steps_exactly(deterministic, slippery):
    """미끄러지지 않는 지도의 최적 정책은 정확히 6걸음에 닿는다: horizon 5면 0, 6이면 1.
    미끄러운 지도에서는 걸음 제한이 길수록 성공 확률이 늘어난다 (100걸음에서 0.7402, 제한 없이는 더 높다)."""
    _, mdp = deterministic
    pi = greedy_policy(value_iteration(mdp, 0.99).Q)
    assert success_probability(mdp, pi, START, GOAL, horizon=5) == 0.0
    assert success_probability(mdp, pi, START, GOAL, horizon=6) == 1.0
    _, mdp = slippery
    pi = greedy_policy(value_iteration(mdp, 0.99).Q)
    probs = [success_probability(mdp, pi, START, GOAL, h) for h in (10, 50, 100, 1000)]
    assert all(a < b for a, b in zip(probs, probs[1:])) and probs[-1] < 1


def test_q_from_v_is_one_bellman_backup(slippery):
    env, mdp = slippery
    V = np.random.default_rng(0).random(16)
    np.testing.assert_allclose(q_from_v(mdp, V, 0.9), bellman_backup_by_hand(env, V, 0.9), rtol=1e-14)


# --- 표 Q-러닝과 SARSA ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_q_learning_finds_the_optimal_policy_on_the_deterministic_map(deterministic, seed):
    env, mdp = deterministic
    result = q_learning(env, 400, np.random.default_rng(seed))
    pi = greedy_policy(result.Q)
    star = value_iteration(mdp, 0.99)
    # 시작 칸에서 탐욕 정책의 가치가 최적 가치와 같다 (가장 짧은 6걸음 길은 여럿이다)
    assert policy_evaluation(mdp, pi, 0.99).V[START] == pytest.approx(star.V[START], abs=1e-10)
    episodes = run_episodes(env, pi, 5, seed=0)
    np.testing.assert_array_equal(episodes.returns, 1.0)
    np.testing.assert_array_equal(episodes.lengths, 6)
    # 학습한 Q도 그 길 위에서 Q*에 가깝다: 결정적이므로 목표 = r + γ max Q(s') 가 잡음 없이 번진다
    assert result.Q[START].max() == pytest.approx(star.V[START], abs=0.02)
    assert result.returns.shape == result.lengths.shape == (400,) and result.returns[-50:].mean() > 0.5


def test_sarsa_learns_the_deterministic_map(deterministic):
    env, _ = deterministic
    result = sarsa(env, 400, np.random.default_rng(0))
    assert success_rate(env, greedy_policy(result.Q), 5, seed=0) == 1.0


def test_q_learning_on_the_slippery_map_reaches_the_issue_target(slippery):
    """미끄러운 지도, 기본값 (γ = 0.99, α = n^−0.55, ε 1 → 0.1), 3000 에피소드: 탐욕 정책의 성공 확률 ≥ 0.72."""
    env, mdp = slippery
    result = q_learning(env, 3000, np.random.default_rng(0))
    pi = greedy_policy(result.Q)
    assert success_probability(mdp, pi, START, GOAL, 100) >= 0.72
    star = value_iteration(mdp, 0.99)
    assert np.abs(result.Q.max(axis=1) - star.V)[START] < 0.1  # 가장 많이 간 칸의 가치는 V*에 가깝다


def test_q_learning_is_reproducible(slippery):
    env, _ = slippery
    a = q_learning(env, 50, np.random.default_rng(7))
    b = q_learning(env, 50, np.random.default_rng(7))
    c = q_learning(env, 50, np.random.default_rng(8))
    np.testing.assert_array_equal(a.Q, b.Q)
    np.testing.assert_array_equal(a.lengths, b.lengths)
    assert not np.array_equal(a.lengths, c.lengths)


def test_epsilon_greedy():
    rng = np.random.default_rng(0)
    q = np.array([0.1, 0.5, 0.2, 0.5])
    picks = [epsilon_greedy(q, 0.0, rng) for _ in range(200)]
    assert set(picks) == {1, 3}  # 동점인 최댓값 둘을 고르게
    assert 60 < picks.count(1) < 140
    assert {epsilon_greedy(np.array([0.0, 1.0]), 0.0, rng) for _ in range(20)} == {1}
    uniform = np.bincount([epsilon_greedy(q, 1.0, rng) for _ in range(4000)], minlength=4)
    assert uniform.min() > 850  # ε = 1: 네 행동이 고르게 (기댓값 1000)


def test_q_learning_bad_input(slippery):
    env, _ = slippery
    with pytest.raises(TypeError, match="Generator"):
        q_learning(env, 10, rng=0)
    with pytest.raises(ValueError, match="n_episodes"):
        q_learning(env, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"alpha_power.*0\.4"):
        q_learning(env, 10, np.random.default_rng(0), alpha_power=0.4)
    with pytest.raises(ValueError, match="gamma"):
        sarsa(env, 10, np.random.default_rng(0), gamma=1.5)
    with pytest.raises(TypeError, match="Discrete"):
        q_learning(gym.make("CartPole-v1"), 10, np.random.default_rng(0))


def test_mdp_bad_input(slippery):
    env, mdp = slippery
    with pytest.raises(ValueError, match="gamma"):
        value_iteration(mdp, 1.0)
    with pytest.raises(ValueError, match=r"\(16,\).*\(15,\)"):
        policy_evaluation(mdp, np.zeros(15, dtype=int), 0.9)
    with pytest.raises(ValueError, match=r"0 이상 3 이하.*\[0, 4\]"):
        policy_evaluation(mdp, np.array([0] * 15 + [4]), 0.9)
    with pytest.raises(ValueError, match="합이 1"):
        policy_evaluation(mdp, np.full((16, 4), 0.3), 0.9)
    with pytest.raises(RuntimeError, match="수렴"):
        value_iteration(mdp, 0.99, max_iter=5)
    with pytest.raises(ValueError, match=r"\(S, A\)"):
        greedy_policy(np.zeros(16))
    with pytest.raises(ValueError, match="goal 14.*끝나는 상태"):
        success_probability(mdp, np.zeros(16, dtype=int), START, 14, 100)
    with pytest.raises(ValueError, match="start.*16"):
        success_probability(mdp, np.zeros(16, dtype=int), 16, GOAL, 100)
    with pytest.raises(ValueError, match="행동 공간"):
        run_episodes(env, lambda obs: 7, 1, seed=0)
    with pytest.raises(TypeError, match="정수 배열"):
        run_episodes(env, np.zeros(16), 1, seed=0)


# --- ε 일정 ----------------------------------------------------------------------------------------


def test_linear_schedule():
    assert linear_schedule(1.0, 0.05, 100, 0) == 1.0
    assert linear_schedule(1.0, 0.05, 100, 50) == pytest.approx(0.525, rel=1e-15)
    assert linear_schedule(1.0, 0.05, 100, 100) == pytest.approx(0.05, rel=1e-15)
    assert linear_schedule(1.0, 0.05, 100, 10_000) == pytest.approx(0.05, rel=1e-15)  # 그 뒤로는 머문다
    values = [linear_schedule(1.0, 0.1, 10, t) for t in range(12)]
    assert all(a >= b for a, b in zip(values, values[1:]))
    with pytest.raises(ValueError, match="duration"):
        linear_schedule(1.0, 0.1, 0, 3)
    with pytest.raises(ValueError, match="t는"):
        linear_schedule(1.0, 0.1, 10, -1)
    with pytest.raises(TypeError, match="start"):
        linear_schedule("1", 0.1, 10, 1)


# --- TD 목표 ---------------------------------------------------------------------------------------


REWARD = np.array([1.0, 1.0, 1.0, 0.0])
NEXT_Q = np.array([[1.0, 2.0], [3.0, 0.0], [0.5, 0.25], [-1.0, -2.0]])
TERMINATED = np.array([False, True, False, False])
TRUNCATED = np.array([False, False, True, False])  # 셋째 전이는 시간 제한으로 잘렸다: 그래도 부트스트랩


def test_td_target_cuts_bootstrap_only_on_termination():
    gamma = 0.9
    y = td_target(REWARD, NEXT_Q, TERMINATED, gamma)
    np.testing.assert_allclose(y, [1 + 0.9 * 2.0, 1.0, 1 + 0.9 * 0.5, 0.9 * -1.0], rtol=1e-15)
    # 잘림을 끝남으로 잘못 다루면 셋째 목표가 1이 된다 (틀린 답)
    wrong = td_target(REWARD, NEXT_Q, TERMINATED | TRUNCATED, gamma)
    assert wrong[2] == 1.0 and y[2] != wrong[2]
    # terminated를 0/1 수로 줘도 같다
    np.testing.assert_array_equal(td_target(REWARD, NEXT_Q, TERMINATED.astype(np.float32), gamma), y)


def test_truncation_example_from_the_docstring():
    """매 걸음 보상 1, 쓰러지지 않는 막대, γ = 0.9 → 모든 상태의 참값 V = 10.
    잘린 마지막 전이의 목표: 부트스트랩하면 1 + 0.9·10 = 10 (참값과 일치), 끊으면 1 (가치를 아래로 끌어내린다)."""
    q_next = np.array([[10.0, 10.0]])
    assert td_target(np.array([1.0]), q_next, np.array([False]), 0.9)[0] == pytest.approx(10.0, rel=1e-15)
    assert td_target(np.array([1.0]), q_next, np.array([True]), 0.9)[0] == 1.0


def test_double_dqn_target_on_fixed_arrays():
    """온라인 신경망이 고른 행동의 값을 목표 신경망에서 읽는다. 여기서는 두 신경망의 argmax가 어긋난다."""
    online = np.array([[0.0, 5.0], [2.0, 1.0], [1.0, 3.0], [9.0, 0.0]])
    target = NEXT_Q  # argmax: 1, 0, 0, 0
    gamma = 0.5
    y = double_dqn_target(REWARD, online, target, TERMINATED, gamma)
    # 온라인 argmax: 1, 0, 1, 0 → 목표 신경망의 값: 2.0, (끝남), 0.25, −1.0
    np.testing.assert_allclose(y, [1 + 0.5 * 2.0, 1.0, 1 + 0.5 * 0.25, 0.5 * -1.0], rtol=1e-15)
    assert np.all(y <= td_target(REWARD, target, TERMINATED, gamma))  # max보다 크지 않다 (과대 추정을 줄인다)
    # 온라인 = 목표이면 보통의 DQN 목표와 같다
    np.testing.assert_array_equal(double_dqn_target(REWARD, target, target, TERMINATED, gamma),
                                  td_target(REWARD, target, TERMINATED, gamma))


def test_targets_keep_the_network_dtype():
    q32 = NEXT_Q.astype(np.float32)
    assert td_target(REWARD, q32, TERMINATED, 0.99).dtype == np.float32
    assert double_dqn_target(REWARD, q32, q32, TERMINATED, 0.99).dtype == np.float32
    assert td_target(REWARD, NEXT_Q, TERMINATED, 0.99).dtype == np.float64


def test_targets_bad_input():
    with pytest.raises(ValueError, match=r"reward.*\(4,\).*\(3,\)"):
        td_target(REWARD[:3], NEXT_Q, TERMINATED, 0.9)
    with pytest.raises(ValueError, match=r"next_q.*\(N, A\).*\(4,\)"):
        td_target(REWARD, NEXT_Q[:, 0], TERMINATED, 0.9)
    with pytest.raises(ValueError, match="terminated.*True/False"):
        td_target(REWARD, NEXT_Q, np.array([0, 2, 0, 1]), 0.9)
    with pytest.raises(ValueError, match="gamma"):
        td_target(REWARD, NEXT_Q, TERMINATED, 1.1)
    with pytest.raises(ValueError, match="NaN"):
        td_target(REWARD, np.full((4, 2), np.nan), TERMINATED, 0.9)
    with pytest.raises(ValueError, match=r"next_q_online shape \(4, 2\).*next_q_target shape \(4, 3\)"):
        double_dqn_target(REWARD, NEXT_Q, np.zeros((4, 3)), TERMINATED, 0.9)


# --- 경험 재생 버퍼 -------------------------------------------------------------------------------


def fill(buffer, n, start=0):
    """전이 i: obs = [i, −i], action = i % 2, reward = i, next_obs = obs + 1, i % 3 == 2 이면 끝남, i % 5 == 4 이면 잘림."""
    for i in range(start, start + n):
        buffer.add(np.array([i, -i], dtype=np.float32), i % 2, float(i), np.array([i + 1, -i - 1], dtype=np.float32),
                   i % 3 == 2, i % 5 == 4)


def test_replay_buffer_wraps_around():
    buf = ReplayBuffer(capacity=3, obs_shape=(2,), n_actions=2)
    fill(buf, 2)
    assert len(buf) == 2 and buf.pos == 2
    fill(buf, 3, start=2)  # 전이 0, 1이 덮어쓰인다
    assert len(buf) == 3 and buf.pos == 2
    np.testing.assert_array_equal(np.sort(buf.rewards), [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(buf.obs[:, 0], [3.0, 4.0, 2.0])  # 칸 0 ← 전이 3, 칸 1 ← 전이 4, 칸 2 ← 전이 2
    np.testing.assert_array_equal(buf.next_obs[:, 0], buf.obs[:, 0] + 1)
    np.testing.assert_array_equal(buf.terminated, [False, False, True])
    np.testing.assert_array_equal(buf.truncated, [False, True, False])


def test_replay_buffer_samples_only_filled_slots_and_is_reproducible():
    buf = ReplayBuffer(capacity=100, obs_shape=(2,), n_actions=2, dtype=np.float64)
    fill(buf, 7, start=1)  # 전이 1 … 7 (보상 1 … 7). 비어 있는 93칸의 보상은 0이다
    rng = np.random.default_rng(0)
    seen = np.concatenate([buf.sample(7, rng).rewards for _ in range(50)])
    assert set(seen) == set(range(1, 8))  # 채워진 7칸에서만, 그리고 모두 한 번 이상
    fill(buf, 93, start=8)  # 가득 채우면 100칸 모두에서
    batch = buf.sample(100, np.random.default_rng(0))
    assert batch.obs.shape == batch.next_obs.shape == (100, 2) and batch.obs.dtype == np.float64
    assert batch.actions.dtype == np.int64 and batch.terminated.dtype == bool and batch.truncated.dtype == bool
    # 한 전이의 필드가 함께 뽑힌다
    i = batch.rewards.astype(int)
    np.testing.assert_array_equal(batch.obs[:, 0], i)
    np.testing.assert_array_equal(batch.actions, i % 2)
    np.testing.assert_array_equal(batch.terminated, i % 3 == 2)
    np.testing.assert_array_equal(batch.truncated, i % 5 == 4)
    again = buf.sample(100, np.random.default_rng(0))
    for name, a, b in zip(batch._fields, batch, again):
        np.testing.assert_array_equal(a, b, err_msg=name)
    other = buf.sample(100, np.random.default_rng(1))
    assert not np.array_equal(batch.rewards, other.rewards)


def test_replay_buffer_copies():
    buf = ReplayBuffer(capacity=4, obs_shape=2, n_actions=3)
    obs = np.array([1.0, 2.0])
    buf.add(obs, 2, 0.5, obs, False, False)
    obs[:] = 99.0  # 넣은 배열을 나중에 고쳐도 버퍼는 그대로
    batch = buf.sample(1, np.random.default_rng(0))
    np.testing.assert_array_equal(batch.obs[0], [1.0, 2.0])
    batch.obs[:] = -1.0  # 뽑은 배열을 고쳐도 버퍼는 그대로
    np.testing.assert_array_equal(buf.obs[0], [1.0, 2.0])


def test_replay_buffer_errors():
    buf = ReplayBuffer(capacity=10, obs_shape=(4,), n_actions=2)
    good = np.zeros(4)
    with pytest.raises(ValueError, match=r"obs shape \(3,\).*\(4,\)"):
        buf.add(np.zeros(3), 0, 1.0, good, False, False)
    with pytest.raises(ValueError, match=r"next_obs shape \(1, 4\).*\(4,\)"):
        buf.add(good, 0, 1.0, np.zeros((1, 4)), False, False)
    with pytest.raises(ValueError, match=r"action은 0 이상 1 이하.*2"):
        buf.add(good, 2, 1.0, good, False, False)
    with pytest.raises(ValueError, match=r"action.*-1"):
        buf.add(good, -1, 1.0, good, False, False)
    with pytest.raises(TypeError, match="action은 정수"):
        buf.add(good, 1.0, 1.0, good, False, False)
    with pytest.raises(ValueError, match="reward"):
        buf.add(good, 0, float("nan"), good, False, False)
    with pytest.raises(ValueError, match="obs.*유한"):
        buf.add(np.array([0.0, np.inf, 0.0, 0.0]), 0, 1.0, good, False, False)
    with pytest.raises(TypeError, match="terminated"):
        buf.add(good, 0, 1.0, good, 1, False)
    assert len(buf) == 0  # 잘못된 전이는 하나도 들어가지 않았다
    buf.add(good, np.int64(1), 1.0, good, np.bool_(False), False)  # gymnasium이 주는 NumPy 수도 받는다
    with pytest.raises(ValueError, match=r"1개뿐인데 batch_size 32"):
        buf.sample(32, np.random.default_rng(0))
    with pytest.raises(TypeError, match="Generator"):
        buf.sample(1, 0)
    with pytest.raises(ValueError, match="capacity"):
        ReplayBuffer(0, (4,), 2)


def test_replay_buffer_with_cartpole():
    """gymnasium CartPole의 전이를 그대로 넣는다: 관측 (4,) float32, 행동 0/1, 보상 1.0, 두 플래그."""
    env = gym.make("CartPole-v1")
    env.action_space.seed(0)
    buf = ReplayBuffer(1000, env.observation_space.shape, int(env.action_space.n))
    obs, _ = env.reset(seed=0)
    for _ in range(300):
        action = env.action_space.sample()
        next_obs, reward, terminated, truncated, _ = env.step(action)
        buf.add(obs, action, reward, next_obs, terminated, truncated)
        obs = next_obs if not (terminated or truncated) else env.reset()[0]
    assert len(buf) == 300 and buf.terminated.sum() >= 5
    batch = buf.sample(64, np.random.default_rng(0))
    y = td_target(batch.rewards, np.ones((64, 2), dtype=np.float32), batch.terminated, 0.99)
    np.testing.assert_allclose(y, np.where(batch.terminated, 1.0, 1.99), rtol=1e-6)


# --- 백엔드와 무관 --------------------------------------------------------------------------------


def test_rl_modules_import_only_numpy_at_module_level():
    allowed = {"numpy", "math", "numbers", "typing", "time", "collections", "dataclasses"}
    for path in sorted(Path(rl.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module.split(".")[0]]
            else:
                continue
            assert set(names) <= allowed, f"{path.name}: 모듈 맨 위에서 {names}를 import합니다"


def test_rl_imports_without_torch_or_gymnasium():
    code = "import sys; sys.modules['torch'] = None; sys.modules['gymnasium'] = None; import dlcourse.rl"
    subprocess.run([sys.executable, "-c", code], check=True)
