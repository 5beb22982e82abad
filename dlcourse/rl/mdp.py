"""유한 MDP(마르코프 결정 과정)를 표로 읽고 벨만 방정식을 정확히 푼다. NumPy만 쓴다.

표의 모양 (S = 상태 수, A = 행동 수):

- ``P[s, a, s']``: 상태 s에서 행동 a를 했을 때 s'로 갈 확률 (S, A, S). ``P[s, a].sum() == 1``.
- ``R[s, a]``: 그 한 걸음에서 받는 보상의 기댓값 Σ_{s'} P(s'|s, a) r(s, a, s') (S, A).
- ``terminal[s]``: s에 들어가면 에피소드가 끝나는가 (S,) bool. 끝난 뒤에는 보상이 없으므로 V(종료 상태) = 0.

벨만 방정식 (γ = 할인율):

- 기대 방정식:  Q_π(s, a) = R(s, a) + γ Σ_{s'} P(s'|s, a) (1 − terminal(s')) V_π(s'),  V_π(s) = Σ_a π(a|s) Q_π(s, a)
- 최적 방정식:  V*(s) = max_a [R(s, a) + γ Σ_{s'} P(s'|s, a) (1 − terminal(s')) V*(s')]

두 방정식 모두 오른쪽(벨만 연산자)을 되풀이해 풀며, 연산자가 최대 노름에서 γ-축소 사상이므로 (γ < 1)
한 번 되풀이한 변화량이 Δ이면 참값과의 거리는 γΔ / (1 − γ) 이하다. 이 한계가 ``tol`` 아래로 내려가면 멈춘다.
"""
from typing import NamedTuple

import numpy as np


class TabularMDP(NamedTuple):
    """표로 쓴 MDP: 전이 확률 ``P`` (S, A, S), 기대 보상 ``R`` (S, A), 종료 상태 ``terminal`` (S,) bool."""

    P: np.ndarray
    R: np.ndarray
    terminal: np.ndarray


class BellmanSolution(NamedTuple):
    """벨만 방정식의 풀이: 상태 가치 ``V`` (S,), 행동 가치 ``Q`` (S, A), 되풀이 횟수 ``iterations``."""

    V: np.ndarray
    Q: np.ndarray
    iterations: int


def tabular_mdp(env):
    """gymnasium의 표 환경(FrozenLake, CliffWalking, Taxi …)에서 전이 표를 읽어 :class:`TabularMDP` 로 만든다.

    ``env.unwrapped.P[s][a]`` 는 (확률, 다음 상태, 보상, 끝남) 튜플의 목록이다. 같은 s'가 여러 번 나오면 확률을 더한다
    (미끄러운 FrozenLake에서 벽에 부딪히면 제자리로 두 번 돌아온다). '끝남'은 도착한 상태의 성질이어야 한다:
    같은 s'로 가는 전이가 어떤 것은 끝나고 어떤 것은 끝나지 않으면 상태 표로 쓸 수 없으므로 ValueError.
    """
    table = getattr(getattr(env, "unwrapped", env), "P", None)
    if not isinstance(table, dict):
        raise TypeError(f"tabular_mdp: 전이 표 env.unwrapped.P가 없는 환경입니다: {env!r}")
    n_states, n_actions = len(table), len(table[0])
    P = np.zeros((n_states, n_actions, n_states))
    R = np.zeros((n_states, n_actions))
    done_flag = np.full(n_states, -1)  # -1: 아직 들어오는 전이를 못 봤다, 0/1: 끝나지 않음/끝남
    for s in range(n_states):
        for a in range(n_actions):
            for prob, s_next, reward, done in table[s][a]:
                P[s, a, s_next] += prob
                R[s, a] += prob * reward
                if prob > 0:
                    if done_flag[s_next] not in (-1, int(done)):
                        raise ValueError(f"tabular_mdp: 상태 {s_next}로 가는 전이의 '끝남' 표시가 서로 다릅니다.")
                    done_flag[s_next] = int(done)
    sums = P.sum(axis=2)
    if not np.allclose(sums, 1.0, atol=1e-12):
        s, a = np.unravel_index(np.abs(sums - 1).argmax(), sums.shape)
        raise ValueError(f"tabular_mdp: P[{s}, {a}]의 합이 1이 아니라 {sums[s, a]!r}입니다.")
    return TabularMDP(P, R, done_flag == 1)


def _check_mdp(mdp, gamma, where):
    P, R, terminal = mdp
    S, A = R.shape
    if P.shape != (S, A, S) or terminal.shape != (S,):
        raise ValueError(
            f"{where}: P (S, A, S), R (S, A), terminal (S,) 모양이어야 하는데 "
            f"P {P.shape}, R {R.shape}, terminal {terminal.shape}을 받았습니다."
        )
    if not 0.0 <= gamma < 1.0:
        raise ValueError(f"{where}: 할인율 gamma는 0 이상 1 미만이어야 수렴이 보장됩니다: {gamma!r}")


def q_from_v(mdp, V, gamma):
    """한 번의 벨만 백업: Q(s, a) = R(s, a) + γ Σ_{s'} P(s'|s, a) (1 − terminal(s')) V(s').  V (S,) → Q (S, A)."""
    P, R, terminal = mdp
    return R + gamma * P @ np.where(terminal, 0.0, V)


def _policy_matrix(policy, n_states, n_actions, where):
    """정책을 확률 행렬 π (S, A)로: 결정적 정책 (S,) 정수는 원-핫으로."""
    policy = np.asarray(policy)
    if np.issubdtype(policy.dtype, np.integer):
        if policy.shape != (n_states,):
            raise ValueError(f"{where}: 결정적 정책은 상태마다 행동 하나 ({n_states},)여야 하는데 shape {policy.shape}을 받았습니다.")
        if policy.min() < 0 or policy.max() >= n_actions:
            raise ValueError(f"{where}: 행동 번호는 0 이상 {n_actions - 1} 이하여야 하는데 [{policy.min()}, {policy.max()}]를 받았습니다.")
        return np.eye(n_actions)[policy]
    if policy.shape != (n_states, n_actions):
        raise ValueError(f"{where}: 확률 정책은 ({n_states}, {n_actions})여야 하는데 shape {policy.shape}을 받았습니다.")
    if (policy < 0).any() or not np.allclose(policy.sum(axis=1), 1.0):
        raise ValueError(f"{where}: 확률 정책의 각 행은 0 이상이고 합이 1이어야 합니다.")
    return policy.astype(np.float64)


def _not_converged(where, max_iter, delta, tol):
    return RuntimeError(f"{where}: {max_iter}번 되풀이해도 수렴하지 않았습니다 (마지막 변화량 {delta:.3g}, tol {tol}).")


def policy_evaluation(mdp, policy, gamma, tol=1e-10, max_iter=1_000_000):
    """정책 평가: 벨만 기대 방정식 V_π(s) = Σ_a π(a|s) Q_π(s, a) 를 되풀이로 푼다.

    policy: 결정적 정책 (S,) 정수, 또는 확률 정책 π (S, A). 돌려주는 V는 참값 V_π와 최대 노름으로 ``tol`` 이내다.
    """
    _check_mdp(mdp, gamma, "policy_evaluation")
    pi = _policy_matrix(policy, *mdp.R.shape, "policy_evaluation")
    V, delta = np.zeros(len(mdp.R)), np.inf
    for it in range(1, max_iter + 1):
        Q = q_from_v(mdp, V, gamma)        # 한 걸음 내다본 가치 (벨만 백업)
        V_new = (pi * Q).sum(axis=1)       # 정책이 고르는 확률로 평균
        delta = np.abs(V_new - V).max()
        V = V_new
        if gamma * delta <= tol * (1 - gamma):  # 참값과의 거리 ≤ γΔ / (1 − γ) ≤ tol
            return BellmanSolution(V, q_from_v(mdp, V, gamma), it)
    raise _not_converged("policy_evaluation", max_iter, delta, tol)


def value_iteration(mdp, gamma, tol=1e-10, max_iter=1_000_000):
    """가치 반복: 벨만 최적 방정식 V*(s) = max_a Q*(s, a) 를 되풀이로 푼다. V는 V*와 최대 노름으로 ``tol`` 이내다."""
    _check_mdp(mdp, gamma, "value_iteration")
    V, delta = np.zeros(len(mdp.R)), np.inf
    for it in range(1, max_iter + 1):
        Q = q_from_v(mdp, V, gamma)        # 한 걸음 내다본 가치 (벨만 백업)
        V_new = Q.max(axis=1)              # 가장 좋은 행동의 값
        delta = np.abs(V_new - V).max()
        V = V_new
        if gamma * delta <= tol * (1 - gamma):  # 참값과의 거리 ≤ γΔ / (1 − γ) ≤ tol
            return BellmanSolution(V, q_from_v(mdp, V, gamma), it)
    raise _not_converged("value_iteration", max_iter, delta, tol)


def greedy_policy(Q):
    """탐욕 정책: 상태마다 Q가 가장 큰 행동 (S,) 정수. 같으면 번호가 작은 행동."""
    Q = np.asarray(Q)
    if Q.ndim != 2:
        raise ValueError(f"greedy_policy: Q는 (S, A) 모양이어야 하는데 shape {Q.shape}을 받았습니다.")
    return Q.argmax(axis=1)


def success_probability(mdp, policy, start, goal, horizon):
    """정책을 따라 ``horizon`` 걸음 안에 ``goal`` 상태에 닿을 확률을 정확히 (상태 분포를 한 걸음씩 밀어) 구한다.

    시뮬레이션 없이 구한 참값이다: 평가 에피소드의 성공률은 이 값 둘레에서 표본 잡음만큼 흔들린다.
    gymnasium의 FrozenLake는 100걸음에서 잘리므로 (``env.spec.max_episode_steps``) horizon=100이 그 환경의 성공 확률이다.
    """
    P, _, terminal = mdp
    pi = _policy_matrix(policy, *mdp.R.shape, "success_probability")
    for name, state in (("start", start), ("goal", goal)):
        if not 0 <= state < len(terminal):
            raise ValueError(f"success_probability: {name}은(는) 0 이상 {len(terminal) - 1} 이하의 상태여야 합니다: {state!r}")
    if not terminal[goal]:
        raise ValueError(f"success_probability: goal {goal}은(는) 에피소드가 끝나는 상태여야 합니다 (닿으면 멈춘다).")
    if horizon < 0:
        raise ValueError(f"success_probability: horizon은 0 이상이어야 합니다: {horizon!r}")
    M = np.einsum("sa,sat->st", pi, P)  # 정책을 따를 때의 상태 전이 행렬 (S, S)
    dist = np.zeros(P.shape[0])
    dist[start] = 1.0
    reached = 0.0
    for _ in range(horizon):
        dist = dist @ M
        reached += dist[goal]
        dist = np.where(terminal, 0.0, dist)  # 끝난 에피소드는 더 움직이지 않는다
    return float(reached)
