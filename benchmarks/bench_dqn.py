"""CartPole-v1의 DQN: 우리 에이전트(scratch·torch 쌍둥이)와 stable-baselines3의 DQN을 같은 걸음 예산·같은 시드로 한 번에 잰다.

    python benchmarks/bench_dqn.py             # 모두 재고 benchmarks/results/dqn.json 에 쓴다 (2코어 약 35분)
    python benchmarks/bench_dqn.py --quick     # 시드 하나, 5만 걸음만 (--out을 주지 않으면 파일을 쓰지 않는다)
    pip install -e ".[bench]"                  # stable-baselines3 (없으면 그 줄만 건너뛰고 그렇게 적는다)

무엇을 재나 (시드 0…4, 예산 5만·10만 걸음, 예산마다 처음부터 새로 학습):

- ``scratch``: :class:`dlcourse.scratch.DQNAgent` (NumPy, float32) + 학습 고리 :func:`dlcourse.rl.dqn.train_dqn`,
  설정은 :data:`dlcourse.rl.dqn.CARTPOLE` (장과 같은 것). 이 설정의 ε과 학습률 일정은 걸음 수로 정해져 있어
  (처음 1만 걸음 동안 ε, 처음 5만 걸음 동안 학습률) 전체 예산과 상관없다. 그래서 같은 시드의 10만 걸음 학습은 처음
  5만 걸음이 5만 걸음 학습과 똑같다: 10만 걸음을 한 번 학습하며 5만 걸음째에 멈춰 평가한 것이 5만 걸음 예산의 결과다
  (평가는 학습과 다른 환경에서 하므로 학습을 바꾸지 않는다). 5만 걸음의 시간은 그 지점까지의 학습 시간이다.
- ``torch``: 같은 설정의 :class:`dlcourse.torch_impl.DQNAgent` (CPU, float32).
- ``sb3``: stable-baselines3의 DQN, rl-baselines3-zoo에 적힌 CartPole-v1 설정 그대로 (SB3_CARTPOLE).
  SB3의 ε 일정은 전체 걸음의 비율(exploration_fraction)이라 예산마다 처음부터 새로 학습한다.
- 5만 걸음에서 scratch만으로 한 가지씩 뺀 설정 (ablation): Double DQN 대신 보통 DQN, 학습률 고정, n = 1, 목표 신경망을
  500걸음마다 통째로 복사 — 무엇이 안정성을 만드는지 잰다. 보통 DQN 줄은 과대 추정을 Double DQN과 같은 시드로 비교한다.

평가: 학습이 끝난 신경망의 탐욕 정책으로 20 에피소드 (평가 환경의 시드 1000 + 시드), 보상 합의 평균.
475 이상이면 "풀었다"로 센다 (CartPole-v1의 기준). 시간은 학습만 (평가 제외), 작업자 프로세스 안의 벽시계.
작업자 둘이 2코어를 나눠 쓰고 (프로세스마다 스레드 하나), 실행 순서는 섞어서 어느 쪽도 조용한 때만 쓰지 않게 한다.
이것은 검사가 아니라 측정이다: 결과 파일은 DQN 장의 표와 그림이 읽는다.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # 작은 행렬뿐: 스레드는 도움이 안 되고 두 작업자가 서로 방해한다

import argparse  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict, replace  # noqa: E402
from multiprocessing import Pool  # noqa: E402

import gymnasium as gym  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

import dlcourse.scratch as S  # noqa: E402
import dlcourse.torch_impl as T  # noqa: E402
from dlcourse.benchmark import machine_record  # noqa: E402
from dlcourse.rl import run_episodes  # noqa: E402
from dlcourse.rl.dqn import CARTPOLE, CARTPOLE_AGENT, evaluate_agent, train_dqn  # noqa: E402

RESULTS = pathlib.Path(__file__).parent / "results" / "dqn.json"
SEEDS = (0, 1, 2, 3, 4)
BUDGETS = (50_000, 100_000)
EVAL_EPISODES = 20
SOLVED = 475

# rl-baselines3-zoo의 hyperparams/dqn.yml, CartPole-v1 (n_timesteps만 예산으로 바꾼다)
SB3_CARTPOLE = dict(learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000, gamma=0.99,
                    target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16,
                    exploration_final_eps=0.04, policy_kwargs=dict(net_arch=[256, 256]))

# 한 가지씩 바꾼 설정 (5만 걸음, scratch): 이름 → (설정에 바꿀 것, 에이전트에 바꿀 것)
ABLATIONS = {
    "vanilla_dqn": ({}, {"double": False}),
    "constant_lr": ({"lr_end": CARTPOLE.lr}, {}),
    "one_step": ({"n_step": 1}, {}),
    "hard_target_500": ({"target_update": 500, "tau": 1.0}, {}),
}


def run_ours(backend, seed, budget, config_changes, agent_changes, checkpoints):
    """우리 에이전트 한 번 학습. 예산마다 (checkpoints의 걸음에서) 20 에피소드 평가한 행 목록을 돌려준다."""
    config = replace(CARTPOLE, total_steps=budget, eval_every=5_000, eval_episodes=5, **config_changes)
    agent_kw = {**CARTPOLE_AGENT, **agent_changes}
    if backend == "scratch":
        agent = S.DQNAgent(4, 2, generator=np.random.default_rng(seed), dtype=np.float32, **agent_kw)
    else:
        agent = T.DQNAgent(4, 2, generator=torch.Generator().manual_seed(seed), dtype=torch.float32, **agent_kw)
    at = {}

    def evaluate_at_checkpoint(step, agent):   # 학습의 난수와 환경은 건드리지 않는다 (평가 환경은 따로)
        if step in checkpoints:
            at[step] = evaluate_agent(gym.make("CartPole-v1"), agent, EVAL_EPISODES, seed=1000 + seed).tolist()

    run = train_dqn(gym.make("CartPole-v1"), agent, config, seed=seed, eval_env=gym.make("CartPole-v1"),
                    callback=evaluate_at_checkpoint)
    curve = {"eval_steps": run.eval_steps.tolist(), "eval_returns": run.eval_returns.tolist(),
             "eval_q0": run.eval_q0.tolist(), "eval_g0": run.eval_g0.tolist(), "eval_seconds": run.eval_seconds.tolist(),
             "episode_steps": run.episode_steps.tolist(), "episode_returns": run.episode_returns.tolist()}
    rows = []
    for step in checkpoints:
        seconds = run.seconds if step == budget else float(run.eval_seconds[list(run.eval_steps).index(step)])
        rows.append({"budget": step, "returns": at[step], "seconds": seconds, "trained_steps": budget,
                     "curve": curve if step == budget else None})
    return rows


def run_sb3(seed, budget):
    from stable_baselines3 import DQN
    model = DQN("MlpPolicy", gym.make("CartPole-v1"), seed=seed, device="cpu", verbose=0, **SB3_CARTPOLE)
    start = time.perf_counter()
    model.learn(total_timesteps=budget)
    seconds = time.perf_counter() - start
    policy = lambda obs: int(model.predict(obs, deterministic=True)[0])  # noqa: E731  (탐욕 정책)
    returns = run_episodes(gym.make("CartPole-v1"), policy, EVAL_EPISODES, seed=1000 + seed).returns.tolist()
    return [{"budget": budget, "returns": returns, "seconds": seconds, "trained_steps": budget}]


def job(spec):
    """작업자에서 한 실행. spec = (agent, seed, budget, ablation 이름 또는 None). 예산마다 한 행씩 돌려준다."""
    torch.set_num_threads(1)
    agent, seed, budget, ablation = spec
    if agent == "sb3":
        rows = run_sb3(seed, budget)
    else:
        config_changes, agent_changes = ABLATIONS[ablation] if ablation else ({}, {})
        checkpoints = tuple(b for b in BUDGETS if b <= budget)
        rows = run_ours(agent, seed, budget, config_changes, agent_changes, checkpoints)
    for row in rows:
        row.update(agent=agent, seed=seed, ablation=ablation, mean_return=float(np.mean(row["returns"])))
        print(f"{agent:8s} {ablation or '':16s} seed {seed} {row['budget']:>6d}걸음: 평균 {row['mean_return']:6.1f}, "
              f"{row['seconds']:6.1f}초", flush=True)
    return rows


def summary(rows):
    """(agent, ablation, budget)마다: 푼 시드 수, 평균 보상, 시간 중앙값."""
    groups = {}
    for r in rows:
        groups.setdefault((r["agent"], r["ablation"], r["budget"]), []).append(r)
    out = []
    for (agent, ablation, budget), rs in sorted(groups.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1] or "")):
        means = [r["mean_return"] for r in sorted(rs, key=lambda r: r["seed"])]
        out.append({"agent": agent, "ablation": ablation, "budget": budget, "seeds": sorted(r["seed"] for r in rs),
                    "mean_returns": means, "solved": sum(m >= SOLVED for m in means),
                    "median_seconds": float(np.median([r["seconds"] for r in rs]))})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="시드 0, 5만 걸음, ablation 없이 (빠른 확인)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=pathlib.Path, default=None)
    args = parser.parse_args()
    seeds, budgets = ((0,), (50_000,)) if args.quick else (SEEDS, BUDGETS)
    try:
        import stable_baselines3
        sb3_version = stable_baselines3.__version__
    except ImportError:
        sb3_version = None
        print("stable-baselines3가 없어 그 줄은 건너뜁니다: pip install -e '.[bench]'")
    # 우리 에이전트: 일정이 전체 걸음 수와 상관없으므로 가장 긴 예산으로 한 번 학습하고 5만 걸음째에도 평가한다
    specs = [(a, s, max(budgets), None) for s in seeds for a in ("scratch", "torch")]
    specs += [("sb3", s, b, None) for b in budgets for s in seeds if sb3_version]   # SB3의 일정은 예산의 비율: 예산마다 새로
    if not args.quick:
        specs += [("scratch", s, min(budgets), name) for name in ABLATIONS for s in seeds]
    random.Random(0).shuffle(specs)              # 섞어서: 어떤 에이전트도 기계가 조용한 때만 쓰지 않게
    specs.sort(key=lambda spec: -spec[2])       # 긴 것부터 (두 작업자가 끝까지 고르게 바쁘도록), 같은 예산 안에서는 섞인 순서
    machine = machine_record(stable_baselines3=sb3_version, workers=args.workers)   # 시작할 때의 커밋과 코드 상태
    start = time.perf_counter()
    with Pool(args.workers, maxtasksperchild=1) as pool:
        rows = [row for rows in pool.map(job, specs, chunksize=1) for row in rows]
    table = summary(rows)
    for line in table:
        print(f"{line['agent']:8s} {line['ablation'] or '':16s} {line['budget']:>6d}걸음: 풀린 시드 {line['solved']}/{len(line['seeds'])}, "
              f"평균 보상 {[round(m, 1) for m in line['mean_returns']]}, 학습 시간 중앙값 {line['median_seconds']:.1f}초")
    out = args.out or (None if args.quick else RESULTS)
    if out:
        result = {"machine": machine,
                  "config": asdict(CARTPOLE), "agent": CARTPOLE_AGENT, "sb3_config": SB3_CARTPOLE,
                  "ablations": {k: {"config": v[0], "agent": v[1]} for k, v in ABLATIONS.items()},
                  "eval_episodes": EVAL_EPISODES, "solved_threshold": SOLVED,
                  "total_seconds": time.perf_counter() - start, "summary": table, "runs": rows}
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print(f"→ {out}")


if __name__ == "__main__":
    main()
