"""GPU와 분산 학습 장의 측정: 최고 성능, MLP 학습 한 걸음의 처리량, 프로세스 수에 따른 DDP 처리량, 올리듀스 시간.

    python benchmarks/bench_distributed.py            # 모두 재고 benchmarks/results/bench_distributed.json 에 쓴다
    python benchmarks/bench_distributed.py --quick    # 반복을 줄여 빠르게 (--out을 주지 않으면 파일을 쓰지 않는다)

- peak: 큰 행렬 곱(float32, 1024·2048)의 GFLOP/s, 가장 큰 값이 이 기계가 실제로 내는 최고 성능. GPU가 있으면 TF32, bf16도.
- mlp_step: MLP 784-1024-1024-10 (float32) SGD 학습 한 걸음, 배치 64…4096. GFLOP/s = 6·B·(매개변수 수) / 시간.
  GPU가 있으면 같은 걸음을 GPU에서 float32와 torch.autocast(bf16)로도 잰다 (torch.cuda.synchronize 뒤에 시간을 읽는다).
  autograd는 첫 층의 입력 기울기를 계산하지 않으므로 실제 연산은 6NP보다 2·B·784·1024 적다 (장이 둘 다 보인다).
- transfer (GPU만): 배치 (4096, 784)를 CPU에서 GPU로 옮기는 속도, 보통 메모리 대 고정(pinned) 메모리.
- ddp_cpu: gloo 프로세스 1·2·4개 (프로세스마다 스레드 1개)의 DDP 처리량. 강한 확장(전역 배치 256 고정),
  약한 확장(프로세스당 배치 128 고정), 버킷 크기(bucket_cap_mb), 그리고 한 프로세스 스레드 2개의 비교 줄.
- all_reduce: 모델의 기울기 크기(float32)를 gloo 프로세스 2개가 올리듀스하는 시간.
이것은 검사가 아니라 측정이다: 결과는 기계마다 다르다. 장은 이 파일의 결과를 읽어 표와 그림을 그린다.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import shlex
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

from dlcourse import distributed as D
from dlcourse.benchmark import cpu_model

SIZES = (784, 1024, 1024, 10)
BATCHES = [64, 128, 256, 512, 1024, 2048, 4096]
RESULTS = pathlib.Path(__file__).parent / "results" / "bench_distributed.json"


def theoretical_peak():
    """CPU 명세로 계산한 float32 최고 성능 (GFLOP/s) = 코어 × 클럭(GHz) × 사이클당 FLOP, 그리고 그 근거.

    사이클당 FLOP은 SIMD 폭 × 2(곱셈-덧셈) × FMA 장치 2개로 가정한다: AVX-512 64, AVX2+FMA 32, AVX 16, 그 밖 8.
    가정이므로 결과 파일에 근거를 함께 적는다. 알 수 없으면 None.
    """
    try:
        info = pathlib.Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    flags = next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), [])
    mhz = [float(line.split(":", 1)[1]) for line in info.splitlines() if line.startswith("cpu MHz")]
    if not mhz:
        return None
    per_cycle = 64 if "avx512f" in flags else 32 if {"avx2", "fma"} <= set(flags) else 16 if "avx" in flags else 8
    ghz = max(mhz) / 1e3
    return {"gflops": round(os.cpu_count() * ghz * per_cycle, 1), "cores": os.cpu_count(), "ghz": round(ghz, 3),
            "flops_per_cycle": per_cycle, "assumption": "SIMD 폭 × 2(FMA) × FMA 장치 2개, /proc/cpuinfo의 cpu MHz"}


def machine():
    """결과 파일에 남길 기계와 실행 정보."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=pathlib.Path(__file__).parent).stdout.strip() or None
    except OSError:
        commit = None
    info = {
        "cpu": cpu_model(), "cores": os.cpu_count(), "theoretical_peak": theoretical_peak(),
        "platform": platform.platform(),
        "python": platform.python_version(), "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
        "gloo": torch.distributed.is_gloo_available(), "nccl": torch.distributed.is_nccl_available(),
        "cuda_device": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
        "load_average_1min": round(os.getloadavg()[0], 2),  # 다른 일이 기계를 함께 쓰고 있었는지
        "git_commit": commit, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": shlex.join(["python", *sys.argv]),
    }
    return info


def param_count(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def best_times(fns, repeats, sync=lambda: None, warmup=2, rounds=5):
    """{이름: 초}: 라운드마다 모든 함수를 차례로 ``repeats`` 번씩 재어 중앙값을 내고, 함수마다 가장 빠른 라운드를 쓴다.
    함수들을 번갈아 재므로 기계를 함께 쓰는 다른 일의 방해가 고르게 닿고, 가장 빠른 라운드가 기계의 능력에 가깝다."""
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            for _ in range(warmup):
                fn()
            sync()
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                fn()
                sync()
                times.append(time.perf_counter() - start)
            best[name] = min(best[name], statistics.median(times))
    return best


def peak_rows(device, repeats):
    """행렬 곱의 GFLOP/s (2·m·k·n / 시간): 정사각 1024·2048과 MLP의 은닉층 모양. 장이 쓰는 최고 성능은 그중 가장 큰 값.
    CPU는 기본 스레드 수와 스레드 1개, GPU는 float32(TF32 끔)·TF32·bf16."""
    shapes = [(1024, 1024, 1024), (2048, 2048, 2048), (2048, 1024, 1024)]
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    default_threads = torch.get_num_threads()
    if device == "cpu":
        variants = [("float32", torch.float32, None, default_threads), ("float32", torch.float32, None, 1)]
    else:
        variants = [("float32", torch.float32, None, None), ("tf32", torch.float32, "tf32", None),
                    ("bfloat16", torch.bfloat16, None, None)]
    fns, meta = {}, {}
    for name, dtype, mode, threads in variants:
        for m, k, n in shapes:
            a = torch.randn(m, k, device=device).to(dtype)
            b = torch.randn(k, n, device=device).to(dtype)

            def matmul(a=a, b=b, mode=mode, threads=threads):
                torch.backends.cuda.matmul.allow_tf32 = mode == "tf32"
                if threads:
                    torch.set_num_threads(threads)
                return a @ b

            key = (name, threads, m, k, n)
            fns[key], meta[key] = matmul, 2 * m * k * n
    seconds = best_times(fns, repeats, sync)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.set_num_threads(default_threads)
    return [{"device": device, "dtype": name, "threads": threads, "shape": [m, k, n], "ms": round(sec * 1e3, 3),
             "gflops": round(meta[name, threads, m, k, n] / sec / 1e9, 1)}
            for (name, threads, m, k, n), sec in seconds.items()]


def mlp_rows(device, repeats, autocast=False):
    """MLP 학습 한 걸음: 순전파 → 교차 엔트로피 → 역전파 → SGD. 배치 크기들을 번갈아 잰다."""
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    model = D.make_mlp(SIZES, dtype=torch.float32).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    params = param_count(SIZES)

    def make_step(batch):
        x = torch.randn(batch, SIZES[0], device=device)
        y = torch.randint(0, SIZES[-1], (batch,), device=device)

        def step():
            optimizer.zero_grad()
            with torch.autocast(device, dtype=torch.bfloat16, enabled=autocast):
                loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        return step

    seconds = best_times({batch: make_step(batch) for batch in BATCHES}, repeats, sync)
    return [{"device": device, "precision": "autocast-bf16" if autocast else "float32", "batch": batch,
             "ms": round(sec * 1e3, 4), "samples_per_s": round(batch / sec),
             "gflops": round(6 * batch * params / sec / 1e9, 2)} for batch, sec in seconds.items()]


def transfer_rows(repeats):
    """CPU → GPU 복사 속도 (GB/s): 보통(pageable) 메모리와 고정(pinned) 메모리."""
    rows = []
    host = torch.randn(4096, SIZES[0])
    for name, src in [("pageable", host), ("pinned", host.pin_memory())]:
        sec = best_times({"copy": lambda: src.to("cuda", non_blocking=True)}, repeats, torch.cuda.synchronize)["copy"]
        rows.append({"memory": name, "mb": round(host.numel() * 4 / 1e6, 2), "ms": round(sec * 1e3, 4),
                     "gb_per_s": round(host.numel() * 4 / sec / 1e9, 2)})
    return rows


def ddp_rows(steps, rounds):
    """프로세스 1·2·4개의 DDP 처리량 (프로세스마다 스레드 1개, gloo)."""
    rows = []
    plans = {
        1: [dict(kind="strong", batch=256), dict(kind="weak", batch=128),
            dict(kind="strong", batch=256, threads=2)],
        2: [dict(kind="strong", batch=128), dict(kind="weak", batch=128),
            dict(kind="bucket", batch=128, bucket_cap_mb=0.25), dict(kind="bucket", batch=128, bucket_cap_mb=100)],
        4: [dict(kind="strong", batch=64), dict(kind="weak", batch=128)],
    }
    for world_size, configs in plans.items():
        per_rank = D.launch(D.ddp_step_seconds, world_size, args=(SIZES, configs),
                            kwargs=dict(steps=steps, rounds=rounds), timeout=900)
        for i, cfg in enumerate(configs):
            sec = max(r[i] for r in per_rank)
            global_batch = cfg["batch"] * world_size
            rows.append({"processes": world_size, "kind": cfg["kind"], "threads_per_process": cfg.get("threads", 1),
                         "batch_per_process": cfg["batch"], "global_batch": global_batch,
                         "bucket_cap_mb": cfg.get("bucket_cap_mb", 25) if world_size > 1 else None,
                         "ms_per_step": round(sec * 1e3, 3), "samples_per_s": round(global_batch / sec)})
            print(rows[-1], flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="반복 수를 줄인다 (결과 파일은 --out을 줄 때만)")
    parser.add_argument("--out", type=pathlib.Path, default=None, help=f"결과 JSON 경로 (기본: {RESULTS})")
    args = parser.parse_args()
    repeats, steps, rounds = (5, 5, 1) if args.quick else (10, 20, 5)
    out = args.out or (None if args.quick else RESULTS)
    info = machine()
    print(f"# {info['cpu']}, 코어 {info['cores']}, torch {info['torch']}, GPU {info['cuda_device']}", flush=True)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    result = {"machine": info, "network": "-".join(map(str, SIZES)), "params": param_count(SIZES),
              "flops_per_step_formula": "6 * batch * params", "peak": [], "mlp_step": []}
    for device in devices:
        result["peak"] += peak_rows(device, repeats)
        result["mlp_step"] += mlp_rows(device, repeats)
        if device == "cuda":
            result["mlp_step"] += mlp_rows(device, repeats, autocast=True)
    for row in result["peak"] + result["mlp_step"]:
        print(row, flush=True)
    if torch.cuda.is_available():
        result["transfer"] = transfer_rows(repeats)
        print(result["transfer"], flush=True)
    result["ddp_cpu"] = ddp_rows(steps, rounds)
    numel = param_count(SIZES)
    sec = D.launch(D.all_reduce_seconds, 2, args=(numel,), kwargs=dict(repeats=repeats), timeout=300)
    result["all_reduce"] = {"processes": 2, "backend": "gloo", "numel": numel, "mb": round(numel * 4 / 1e6, 2),
                            "ms": round(max(sec) * 1e3, 3)}
    print(result["all_reduce"], flush=True)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print(f"\n결과: {out}")


if __name__ == "__main__":
    main()
