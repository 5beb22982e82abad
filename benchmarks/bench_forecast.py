"""Part 2 신경망 예측기의 정확도: RNN·LSTM·GRU·MLP를 세 평가 규약에서 시드 5개로 재고, 기준 모델과 한 표에 놓는다.

    python benchmarks/bench_forecast.py            # 모두 재고 benchmarks/results/forecast.json 에 쓴다 (2코어 약 4분)
    python benchmarks/bench_forecast.py --quick    # 시드 하나 (--out을 주지 않으면 파일을 쓰지 않는다)
    python benchmarks/bench_forecast.py --tune     # 설정 고르기: 시험 구간이 아니라 그 앞의 검증 구간에서 잰다

평가 규약은 dlcourse.timeseries의 것 그대로다 (sunspots_h1, sunspots_h10, co2_h12). 예측기는 모두
``dlcourse.scratch.NeuralForecaster`` (NumPy로 직접 만든 순전파·역전파)로 학습하고, 시험 구간 앞의 데이터로 한 번만
학습한다 (refit 없음: 이슈의 "trained once on data before 1969"). 학습 처방:

- 학습 구간 전체에서 맞춘 StandardScaler로 표준화 → 길이 L의 창 (level_free면 창마다 마지막 값을 입력·목표에서 빼
  수준을 없앤다: CO₂는 모든 모델, 흑점은 MLP);
- 목표가 학습 구간의 마지막 30개 값에 드는 창이 검증 (조기 종료용), 그 앞이 학습;
- MSE, Adam (흑점의 MLP는 가중치 감쇠 0.1), 배치 32 (에포크마다 시드의 생성기로 섞는다), 기울기 노름 자르기 1.0,
  검증 손실로 조기 종료 (최대 300 에포크) 뒤 가장 좋았던 가중치. 모델·과제마다 다른 것은 SETTINGS에 있다
  (학습률, 인내, 그리고 MLP의 수준 빼기·가중치 감쇠).

과제 셋 (과제마다 모델을 하나씩 학습한다):

- sunspots_one_step: 20년 창 → 다음 해. 같은 모델로 h1 (한 걸음)과 h10 (재귀 recursive, 예측을 창에 이어 붙여 10번)을 잰다.
- sunspots_direct: 20년 창 → 다음 10년을 한 번에 (직접 direct). h10만 잰다.
- co2_direct: 수준을 뺀 36달 창 → 다음 12달을 한 번에. co2_h12를 잰다.

시드 s의 모델은 ``np.random.default_rng(s)`` 하나로 초기 가중치와 배치 순서를 뽑는다 (모델·과제마다 새로):
장(chapter)이 같은 시드로 같은 숫자를 다시 낼 수 있다 (float64라 다른 CPU 계산 경로에서도 MAE가 소수 10자리 넘게 같다).
첫 시드의 순환 모델 (과제 셋 × RNN·LSTM·GRU)은 학습한 가중치를 torch 쌍둥이 (torch_impl.SequenceRegressor)에 옮겨
같은 규약에서 두 구현의 예측이 같은지 확인한다 (float64, rtol 1e-10, 실패하면 멈춘다).
이것은 검사가 아니라 측정이다: 결과 파일은 장의 비교 표가 읽는다.

--tune: 같은 처방을 "검증 규약"에서 잰다. 검증 규약은 평가 규약을 시험 구간 길이만큼 앞으로 옮긴 것이다
(흑점: 1929~1968년이 가짜 시험 구간, 그 앞에서 학습; CO₂: 1982-01~1991-12). 진짜 시험 구간(1969년 뒤, 1992년 뒤)은
전혀 보지 않는다. TUNING_GRID의 후보 가운데 검증 MAE (시드 0~2 평균)가 가장 작은 것을 SETTINGS에 적는다
(결과: benchmarks/results/forecast_tuning.json, 2코어에서 약 16분).
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # 작은 행렬뿐이라 스레드가 도움이 안 되고, 바쁜 2코어 기계에서는 오히려 느려진다

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

import dlcourse.scratch as S  # noqa: E402
import dlcourse.torch_impl as T  # noqa: E402
from dlcourse import timeseries as ts  # noqa: E402
from dlcourse.benchmark import machine_record  # noqa: E402
from dlcourse.convert import copy_to_torch  # noqa: E402

RESULTS = pathlib.Path(__file__).parent / "results" / "forecast.json"
MODELS = ("rnn", "lstm", "gru", "mlp")
SEEDS = (0, 1, 2, 3, 4)
PROTOCOLS = {"sunspots_h1": ts.sunspots_h1, "sunspots_h10": ts.sunspots_h10, "co2_h12": ts.co2_h12}

# 과제: 창 길이, 예측 방식, 재는 규약
TASKS = {
    "sunspots_one_step": dict(data="sunspots", input_length=20, strategy="recursive", horizon=1, level_free=False,
                              protocols=("sunspots_h1", "sunspots_h10")),
    "sunspots_direct": dict(data="sunspots", input_length=20, strategy="direct", horizon=10, level_free=False,
                            protocols=("sunspots_h10",)),
    "co2_direct": dict(data="co2", input_length=36, strategy="direct", horizon=12, level_free=True,
                       protocols=("co2_h12",)),
}
HIDDEN = {"rnn": 32, "lstm": 32, "gru": 32, "mlp": 64}   # 순환 층의 은닉 크기, MLP 은닉층의 노드 수
COMMON = dict(val_points=30, batch_size=32, max_epochs=300, max_norm=1.0)

# 모델·과제마다의 설정 (NeuralForecaster의 인자, 과제의 기본값보다 앞선다): ``--tune`` 이 고른 그대로다
# (benchmarks/results/forecast_tuning.json). 후보 (TUNING_GRID) 가운데 검증 규약 — 시험 구간을 그 길이만큼 앞으로
# 옮긴 것 — 에서 과제의 첫 규약 (한 걸음 모델은 h1)의 시드 0~2 평균 MAE가 가장 작았던 것. 시험 구간은 보지 않는다.
# 흑점의 MLP는 수준 빼기 (level_free)와 가중치 감쇠 0.1이 있어야 과적합하지 않았다 (검증 h1 20.8 → 13.0).
SETTINGS = {
    "sunspots_one_step": {"rnn": dict(lr=1e-3, patience=20), "lstm": dict(lr=1e-2, patience=20),
                          "gru": dict(lr=1e-3, patience=20),
                          "mlp": dict(lr=1e-3, patience=30, level_free=True, weight_decay=0.1)},
    "sunspots_direct": {"rnn": dict(lr=1e-2, patience=20), "lstm": dict(lr=1e-2, patience=20),
                        "gru": dict(lr=1e-2, patience=20),
                        "mlp": dict(lr=1e-3, patience=30, level_free=True, weight_decay=0.1)},
    "co2_direct": {"rnn": dict(lr=3e-3, patience=50), "lstm": dict(lr=1e-2, patience=20),
                   "gru": dict(lr=1e-3, patience=20),
                   "mlp": dict(lr=3e-3, patience=30, level_free=True, weight_decay=0.0)},
}

# --tune의 후보 (모델마다). MLP는 창의 수준 빼기와 가중치 감쇠도 후보다 (흑점에서는 이 둘이 없으면 과적합한다).
RECURRENT_GRID = dict(lr=(1e-3, 3e-3, 1e-2), patience=(20, 50))
MLP_GRID = dict(lr=(1e-3, 3e-3), patience=(30,), level_free=(False, True), weight_decay=(0.0, 0.01, 0.1))
TUNING_GRID = {"rnn": RECURRENT_GRID, "lstm": RECURRENT_GRID, "gru": RECURRENT_GRID, "mlp": MLP_GRID}

# 이슈 11이 같은 규약으로 잰 기준 (MAE): 목표와 비교에 쓴다
PEERS = {
    "sunspots_h1": {"naive": 22.75, "seasonal_naive": 25.73, "ar_ols_aic": 14.18, "autoarima": 16.32,
                    "autoets": 17.91, "deepar": "13.96–14.94"},
    "sunspots_h10": {"ar_ols_aic": 14.55, "autoarima": 20.11, "deepar": "17.7–20.8"},
    "co2_h12": {"seasonal_naive": 1.530, "autoarima": 0.449, "autoets": 0.450, "autotheta": 0.428, "prophet": 0.906,
                "deepar": "0.75–0.84"},
}
TARGETS = {
    "sunspots_h1": "RNN/LSTM/GRU 가운데 가장 좋은 것의 시드 평균 MAE ≤ 13.2",
    "sunspots_h10": "모든 모델 (좋은 쪽 방식)이 계절 순진 25.73과 AutoARIMA 20.11보다 낮다",
    "co2_h12": "가장 좋은 신경망의 시드 평균 MAE ≤ 0.42",
}


def backtest(protocol):
    """검증 규약: 평가 규약을 시험 구간 길이만큼 앞으로 옮긴다. 진짜 시험 구간의 값은 아예 들어 있지 않다."""
    shift = len(protocol.values) - protocol.test_start
    end = protocol.test_start
    return ts.Protocol(protocol.name + " (검증)", protocol.values[:end], protocol.time[:end], end - shift,
                       protocol.origins - shift, protocol.horizon, protocol.mase_lag, protocol.period)


def build_model(kind, input_length, output_size, rng):
    """새 모델: SequenceRegressor(cell, 1, 32, k) 또는 창 (N, L)을 받는 MLP L → 64 (ReLU) → k."""
    if kind == "mlp":
        return S.Sequential(S.Linear(input_length, HIDDEN["mlp"], generator=rng, init="kaiming_uniform"), S.ReLU(),
                            S.Linear(HIDDEN["mlp"], output_size, generator=rng))
    return S.SequenceRegressor(kind, 1, HIDDEN[kind], output_size, generator=rng)


def make_forecaster(kind, task, seed, settings):
    """과제 하나의 NeuralForecaster (아직 학습하지 않은 것). 시드 하나의 생성기로 가중치와 배치 순서를 뽑는다.

    settings (SETTINGS[과제][모델])는 NeuralForecaster의 인자이고, 과제의 기본값 (level_free 등)보다 앞선다.
    """
    spec = TASKS[task]
    rng = np.random.default_rng(seed)
    options = dict(strategy=spec["strategy"], horizon=spec["horizon"], level_free=spec["level_free"])
    options |= COMMON | settings
    return S.NeuralForecaster(lambda: build_model(kind, spec["input_length"], spec["horizon"], rng),
                              spec["input_length"], generator=rng, **options)


def run_task(kind, task, seed, settings, protocols):
    """한 모델을 한 과제에서 한 번 학습하고, 그 모델로 과제의 규약들을 잰다. {규약: Evaluation}, 예측기, 학습 초."""
    forecaster = make_forecaster(kind, task, seed, settings)
    names = TASKS[task]["protocols"]
    start = time.process_time()
    forecaster.fit(protocols[names[0]].train)           # 과제의 규약들은 학습 구간이 같다
    seconds = time.process_time() - start               # 이 프로세스의 CPU 초 (바쁜 기계에서도 덜 흔들린다)
    for name in names[1:]:
        assert np.array_equal(protocols[name].train, protocols[names[0]].train)
    # forecast 메서드만 넘기면 evaluate는 다시 학습하지 않는다
    evals = {name: ts.evaluate(forecaster.forecast, protocols[name]) for name in names}
    return evals, forecaster, seconds


def check_twin(forecaster, kind, task, protocol):
    """학습한 scratch 모델의 가중치를 torch 쌍둥이에 옮겨, 같은 규약에서 같은 예측(float64, rtol 1e-10)인지 확인한다.

    쌍둥이는 학습하지 않는다: WindowForecaster의 train_fn이 옮긴 가중치의 예측 함수를 그대로 돌려준다
    (척도 맞추기와 창 만들기는 같은 학습 구간에서 결정적으로 다시 한다). 가장 큰 절대 차이를 돌려준다.
    """
    spec = TASKS[task]
    twin = T.SequenceRegressor(kind, 1, HIDDEN[kind], spec["horizon"], generator=torch.Generator().manual_seed(0),
                               dtype=torch.float64)
    copy_to_torch(forecaster.model_, twin)

    @torch.no_grad()
    def twin_predict(x):                                  # 창 (M, L) float64 → (M, k)
        return twin(torch.tensor(x)).numpy()

    f = forecaster  # 같은 창 길이·방식·척도·수준 처리
    twin_forecaster = ts.WindowForecaster(lambda x, y: twin_predict, f.input_length, strategy=f.strategy,
                                          horizon=f.horizon, scale=f.scale, level_free=f.level_free)
    s_eval = ts.evaluate(forecaster.forecast, protocol)
    t_eval = ts.evaluate(twin_forecaster, protocol)
    np.testing.assert_allclose(t_eval.forecasts, s_eval.forecasts, rtol=1e-10, atol=1e-10)
    return float(np.max(np.abs(t_eval.forecasts - s_eval.forecasts)))


def baselines(protocols):
    """기준 모델 셋 (학습 구간으로 한 번 맞춘다): 순진, 계절 순진, AR(p) (OLS, AIC로 p ≤ 20)."""
    rows = {}
    for name, p in protocols.items():
        ar = ts.ARForecaster()
        rows[name] = {
            "naive": ts.evaluate(ts.NaiveForecaster(), p).mae,
            "seasonal_naive": ts.evaluate(ts.SeasonalNaiveForecaster(p.period), p).mae,
            "ar_ols_aic": ts.evaluate(ar, p).mae,
        }
        rows[name]["ar_order"] = ar.p_
    return rows


def summary(values):
    a = np.asarray(values, dtype=np.float64)
    return {"mean": round(float(a.mean()), 4), "min": round(float(a.min()), 4), "max": round(float(a.max()), 4)}


def run_grid(models, tasks, seeds, protocols, log):
    """모델 × 과제 × 설정 후보 (TUNING_GRID) × 시드를 검증 규약에서 잰다. 줄마다 {model, task, settings, mae}."""
    rows = []
    for kind, task in itertools.product(models, tasks):
        grid = TUNING_GRID[kind]
        for combo in itertools.product(*grid.values()):
            settings = dict(zip(grid, combo))
            maes, epochs, cpu = {}, [], 0.0
            for seed in seeds:
                evals, forecaster, seconds = run_task(kind, task, seed, settings, protocols)
                for name, ev in evals.items():
                    maes.setdefault(name, []).append(round(ev.mae, 4))
                epochs.append(forecaster.history_["best_epoch"])
                cpu += seconds
            rows.append({"model": kind, "task": task, "settings": settings, "mae": maes, "best_epoch": epochs})
            cells = "  ".join(f"{n} {np.mean(v):7.3f} ({min(v):.3f}–{max(v):.3f})" for n, v in maes.items())
            log(f"{kind:<5} {task:<18} {settings}  {cells}  가장 좋은 에포크 {epochs}, CPU {cpu:.0f}초")
    return rows


def pick_settings(rows):
    """(모델, 과제)마다 과제의 첫 규약 (한 걸음 모델은 h1)에서 시드 평균 MAE가 가장 작은 설정."""
    best = {}
    for row in rows:
        first = TASKS[row["task"]]["protocols"][0]
        score = float(np.mean(row["mae"][first]))
        key = (row["model"], row["task"])
        if key not in best or score < best[key][0]:
            best[key] = (score, row["settings"])
    return {key: settings for key, (score, settings) in best.items()}


def machine():
    """결과 파일에 남길 기계와 실행 정보 (dlcourse.benchmark.machine_record)."""
    return machine_record()


def evaluate_all(seeds, models, protocols, log):
    """모든 시드 × 과제 × 모델을 학습하고 잰다. 첫 시드의 순환 모델은 torch 쌍둥이와 예측이 같은지 확인한다."""
    rows, twin_checks, forecasts = {}, {}, {}
    for seed in seeds:
        for task, spec in TASKS.items():
            for kind in models:
                evals, forecaster, seconds = run_task(kind, task, seed, SETTINGS[task][kind], protocols)
                for name, ev in evals.items():
                    row = rows.setdefault((kind, task, name), {
                        "model": kind, "task": task, "protocol": name, "strategy": spec["strategy"],
                        "mae": [], "rmse": [], "mase": [], "best_epoch": [], "train_cpu_seconds": []})
                    row["mae"].append(round(ev.mae, 4))
                    row["rmse"].append(round(ev.rmse, 4))
                    row["mase"].append(round(ev.mase, 4))
                    row["best_epoch"].append(forecaster.history_["best_epoch"])
                    row["train_cpu_seconds"].append(round(seconds, 2))
                    if seed == seeds[0]:
                        forecasts[f"{kind}/{task}/{name}"] = np.round(ev.forecasts, 4).tolist()
                if seed == seeds[0] and kind != "mlp":
                    diff = check_twin(forecaster, kind, task, protocols[spec["protocols"][0]])
                    twin_checks[f"{kind}/{task}"] = diff
                cells = ", ".join(f"{n} {ev.mae:.3f}" for n, ev in evals.items())
                log(f"시드 {seed} {kind:<4} {task:<18} {cells}  (에포크 {forecaster.history_['best_epoch']}, "
                    f"CPU {seconds:.1f}초)")
    out = []
    for row in rows.values():
        row |= {f"mae_{k}": v for k, v in summary(row["mae"]).items()}
        row |= {"rmse_mean": summary(row["rmse"])["mean"], "mase_mean": summary(row["mase"])["mean"]}
        out.append(row)
    return out, twin_checks, forecasts


def best_strategy_rows(rows, protocol):
    """규약 하나에서 모델마다 시드 평균 MAE가 더 낮은 방식의 줄 (h10은 재귀와 직접 가운데)."""
    best = {}
    for row in rows:
        if row["protocol"] == protocol and (row["model"] not in best
                                            or row["mae_mean"] < best[row["model"]]["mae_mean"]):
            best[row["model"]] = row
    return best


def check_targets(rows, base):
    """이슈 11의 목표: 규약마다 (충족 여부, 값)."""
    h1 = best_strategy_rows(rows, "sunspots_h1")
    h10 = best_strategy_rows(rows, "sunspots_h10")
    co2 = best_strategy_rows(rows, "co2_h12")
    best_rnn_h1 = min((h1[m] for m in ("rnn", "lstm", "gru") if m in h1), key=lambda r: r["mae_mean"])
    best_co2 = min(co2.values(), key=lambda r: r["mae_mean"])
    worst_h10 = max(h10.values(), key=lambda r: r["mae_mean"])
    return {
        "sunspots_h1": {"target": TARGETS["sunspots_h1"], "model": best_rnn_h1["model"],
                        "value": best_rnn_h1["mae_mean"], "met": best_rnn_h1["mae_mean"] <= 13.2},
        "sunspots_h10": {"target": TARGETS["sunspots_h10"], "model": worst_h10["model"],
                         "strategy": worst_h10["strategy"], "value": worst_h10["mae_mean"],
                         "met": worst_h10["mae_mean"] < min(base["sunspots_h10"]["seasonal_naive"],
                                                           PEERS["sunspots_h10"]["autoarima"])},
        "co2_h12": {"target": TARGETS["co2_h12"], "model": best_co2["model"], "value": best_co2["mae_mean"],
                    "met": best_co2["mae_mean"] <= 0.42},
    }


def print_table(rows, base, targets):
    for protocol in PROTOCOLS:
        print(f"\n## {protocol} — MAE, 시드 {len(rows[0]['mae'])}개의 평균 [최소–최대]")
        for row in sorted((r for r in rows if r["protocol"] == protocol), key=lambda r: r["mae_mean"]):
            print(f"  {row['model']:<5} {row['strategy']:<10} {row['mae_mean']:8.3f}  "
                  f"[{row['mae_min']:.3f}–{row['mae_max']:.3f}]  MASE {row['mase_mean']:.3f}")
        for name, value in base[protocol].items():
            if name != "ar_order":
                order = f"  (p = {base[protocol]['ar_order']})" if name.startswith("ar") else ""
                print(f"  {name:<16} {value:8.3f}{order}")
        print("  이슈의 기준: " + ", ".join(f"{k} {v}" for k, v in PEERS[protocol].items()))
        t = targets[protocol]
        print(f"  목표: {t['target']} → {t['model']} {t['value']:.3f}: {'달성' if t['met'] else '미달'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="시드 하나 (결과 파일은 --out을 줄 때만)")
    parser.add_argument("--tune", action="store_true", help="검증 규약에서 TUNING_GRID를 잰다 (시험 구간을 보지 않는다)")
    parser.add_argument("--models", default=",".join(MODELS), help="쉼표로 구분한 모델 (기본: 모두)")
    parser.add_argument("--tasks", default=",".join(TASKS), help="쉼표로 구분한 과제 (--tune에서만)")
    parser.add_argument("--seeds", type=int, default=None, help="시드 수 (기본: 5, --quick 1, --tune 3)")
    parser.add_argument("--out", type=pathlib.Path, default=None, help=f"결과 JSON 경로 (기본: {RESULTS})")
    args = parser.parse_args()
    models = tuple(args.models.split(","))
    wall, cpu = time.perf_counter(), time.process_time()

    def log(line):
        print(f"{line}  [{time.perf_counter() - wall:.0f}초]", flush=True)

    if args.tune:
        seeds = tuple(range(args.seeds or 3))
        protocols = {name: backtest(make()) for name, make in PROTOCOLS.items()}
        print(f"# 검증 규약 (시험 구간을 앞으로 옮긴 것): {list(protocols.values())}")
        rows = run_grid(models, args.tasks.split(","), seeds, protocols, log)
        chosen = pick_settings(rows)
        print("\n# 고른 설정 (SETTINGS에 적는다):")
        for (kind, task), settings in chosen.items():
            print(f"  {task:<18} {kind:<5} {settings}")
        if args.out:
            result = {"machine": machine(), "seeds": list(seeds), "grid": TUNING_GRID,
                      "protocols": {n: repr(p) for n, p in protocols.items()}, "rows": rows,
                      "chosen": [{"model": k, "task": t, "settings": v} for (k, t), v in chosen.items()],
                      "seconds": round(time.perf_counter() - wall, 1)}
            args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
            print(f"결과: {args.out}")
        return

    seeds = tuple(range(args.seeds or (1 if args.quick else len(SEEDS))))
    out = args.out or (None if args.quick else RESULTS)
    info = machine()
    print(f"# {info['cpu']}, 코어 {info['cores']}, numpy {info['numpy']} ({info['blas']}, 스레드 {info['blas_threads']}), "
          f"torch {info['torch']}; 시드 {list(seeds)}, 모델 {list(models)}")
    torch.set_num_threads(1)
    protocols = {name: make() for name, make in PROTOCOLS.items()}
    base = baselines(protocols)
    rows, twin_checks, forecasts = evaluate_all(seeds, models, protocols, log)
    targets = check_targets(rows, base)
    print_table(rows, base, targets)
    print(f"\nscratch ↔ torch 쌍둥이 (시드 {seeds[0]}, 같은 가중치): 예측의 가장 큰 차이 {max(twin_checks.values()):.1e}")
    seconds = {"wall": round(time.perf_counter() - wall, 1), "cpu": round(time.process_time() - cpu, 1)}
    print(f"걸린 시간: {seconds['wall']:.0f}초 (이 프로세스의 CPU {seconds['cpu']:.0f}초)")
    if out:
        result = {"machine": info, "seeds": list(seeds), "models": list(models),
                  "settings": {"tasks": TASKS, "hidden": HIDDEN, "common": COMMON, "training": SETTINGS,
                               "scaler": "StandardScaler, 학습 구간 (시험 구간 앞 전체)에서 맞춘다",
                               "optimizer": "Adam (betas 0.9, 0.999)", "loss": "MSE (표준화한 단위)",
                               "refit": False, "backend": "dlcourse.scratch (float64)"},
                  "baselines": base, "peers": PEERS, "targets": targets, "rows": rows,
                  "twin_check_max_abs_diff": twin_checks, "forecasts_first_seed": forecasts, "seconds": seconds}
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print(f"결과: {out}")


if __name__ == "__main__":
    main()
