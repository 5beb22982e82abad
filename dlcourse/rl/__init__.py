"""강화학습(reinforcement learning) 도구: 백엔드와 무관한 알고리즘 코드. 모듈 맨 위에서는 NumPy만 import한다.

CleanRL처럼 알고리즘마다 위에서 아래로 읽히는 파일 하나:

- :mod:`~dlcourse.rl.mdp`: 표로 쓴 MDP, 정책 평가, 가치 반복 (벨만 방정식을 정확히 푼다)
- :mod:`~dlcourse.rl.q_learning`: 표 Q-러닝과 SARSA (ε-탐욕)
- :mod:`~dlcourse.rl.evaluate`: 정책을 씨앗을 고정한 환경에서 n 에피소드 돌리는 평가
- :mod:`~dlcourse.rl.replay`: 경험 재생 버퍼
- :mod:`~dlcourse.rl.schedule`: ε 일정 (곧게 줄이기)
- :mod:`~dlcourse.rl.targets`: DQN과 Double DQN의 TD 목표
- :mod:`~dlcourse.rl.dqn`: DQN의 학습 고리 (탐험, 재생, n걸음 목표, 학습률·목표 신경망 일정, 평가)

신경망과 그 역전파는 두 백엔드(:mod:`dlcourse.scratch`, :mod:`dlcourse.torch_impl`)에서 온다.
환경은 gymnasium의 것을 넘겨받는다 (이 패키지는 gymnasium을 import하지 않는다).
"""
from .dqn import CARTPOLE, CARTPOLE_AGENT, DQNConfig, DQNRun, evaluate_agent, greedy_episodes, n_step_transition, train_dqn
from .evaluate import Episodes, run_episodes, success_rate
from .mdp import (BellmanSolution, TabularMDP, greedy_policy, policy_evaluation, q_from_v, success_probability,
                  tabular_mdp, value_iteration)
from .q_learning import TDResult, epsilon_greedy, q_learning, sarsa
from .replay import Batch, ReplayBuffer
from .schedule import linear_schedule
from .targets import double_dqn_target, td_target

__all__ = [
    "TabularMDP", "BellmanSolution", "tabular_mdp", "q_from_v", "policy_evaluation", "value_iteration",
    "greedy_policy", "success_probability",
    "Episodes", "run_episodes", "success_rate",
    "TDResult", "epsilon_greedy", "q_learning", "sarsa",
    "Batch", "ReplayBuffer", "linear_schedule", "td_target", "double_dqn_target",
    "DQNConfig", "DQNRun", "CARTPOLE", "CARTPOLE_AGENT", "train_dqn", "evaluate_agent", "greedy_episodes", "n_step_transition",
]
