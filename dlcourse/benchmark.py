"""학습 한 걸음을 한 프로세스 안에서 같은 조건으로 잰다: scratch(NumPy), torch 쌍둥이, 그리고 plain PyTorch.

plain PyTorch는 사용자가 이 강좌 대신 고를 것이다: ``nn.Linear``/``nn.ReLU`` 의 ``nn.Sequential``,
``F.cross_entropy``, ``torch.optim.SGD``. 셋 다 같은 구조·같은 가중치·같은 배치·같은 dtype(float32)이고,
한 걸음마다 ``loss.item()`` (scratch는 ``float(loss)``)으로 손실을 꺼낸다.
benchmarks/bench_mlp.py 와 학습 장의 처리량 측정이 함께 쓴다.
"""
import datetime
import math
import os
import pathlib
import platform
import shlex
import statistics
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import scratch as S
from . import torch_impl as T
from .convert import copy_to_torch


def cpu_model():
    """결과 파일에 적을 CPU 이름 (/proc/cpuinfo의 model name, 없으면 platform이 아는 것)."""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_record(**extra):
    """결과 파일에 남길 기계와 실행 정보 (CPU, 버전, BLAS, git 커밋, 날짜, 명령줄). ``extra`` 를 덧붙인다.

    git은 읽기만 한다 (``--no-optional-locks``: 함께 일하는 사람의 git과 부딪치지 않게).
    ``dlcourse_uncommitted``: 결과를 만든 dlcourse 코드에 커밋하지 않은 변경이 있었나.
    """
    def git(*args):
        try:
            return subprocess.run(["git", "--no-optional-locks", *args], capture_output=True, text=True,
                                  cwd=pathlib.Path(__file__).parent).stdout.strip()
        except OSError:
            return ""
    commit = git("rev-parse", "--short", "HEAD") or None
    info = {
        "cpu": cpu_model(), "cores": os.cpu_count(), "platform": platform.platform(),
        "python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
        "blas": np.show_config(mode="dicts")["Build Dependencies"]["blas"].get("name"),
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"), "torch_threads": torch.get_num_threads(),
        "git_commit": commit,
        "dlcourse_uncommitted": bool(git("status", "--porcelain", "--", ":/dlcourse")) if commit else None,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": shlex.join(["python", *sys.argv]),
    }
    if torch.cuda.is_available():
        info["cuda_device"] = torch.cuda.get_device_name()
    info.update(extra)
    return info


def median_seconds(fn, *, repeats=20, warmup=3, sync=None):
    """``fn()`` 한 번의 시간(초) 중앙값. ``sync`` 는 CUDA처럼 비동기 장치를 기다리는 함수."""
    times = interleaved_times({"fn": fn}, rounds=1, block=repeats, warmup=warmup, settle=0, syncs={"fn": sync})
    return statistics.median(times["fn"])


def interleaved_times(fns, *, rounds=10, block=5, warmup=2, settle=0.2, syncs=None):
    """여러 함수를 덩어리로 번갈아 재어 {이름: [초, …]} 를 돌려준다 (함수마다 ``rounds × block`` 개).

    바퀴마다 순서를 한 칸씩 돌려 가며 함수마다 ``settle`` 초 쉬고, ``warmup`` 번 돌리고, ``block`` 번 잰다.
    번갈아 재므로 기계의 잡음(다른 프로세스, 클럭 변화)이 모든 함수에 고르게 닿는다.
    한 걸음씩이 아니라 덩어리로, 쉬었다가 재는 까닭: NumPy(OpenBLAS)와 torch(OpenMP)는 스레드 풀이 따로라서,
    방금 일한 쪽의 스레드가 잠들기 전까지 CPU를 돌며 기다려(spin) 다른 쪽을 2~3배 느리게 만든다.
    OpenBLAS 스레드는 일이 끝난 뒤 약 0.1초(2²⁸ 클럭) 돌다가 잠들므로 ``settle`` 은 그보다 길게 둔다.
    ``syncs`` 는 {이름: 비동기 장치를 기다리는 함수} (CUDA면 ``torch.cuda.synchronize``).
    """
    syncs = syncs or {}
    names, times = list(fns), {name: [] for name in fns}
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            fn, sync = fns[name], syncs.get(name) or (lambda: None)
            time.sleep(settle)
            for _ in range(warmup):
                fn()
            sync()
            for _ in range(block):
                start = time.perf_counter()
                fn()
                sync()
                times[name].append(time.perf_counter() - start)
    return times


def mlp_pair(sizes, *, seed=0, dtype=np.float32, device="cpu"):
    """같은 가중치의 scratch MLP와 torch_impl MLP (은닉층은 ReLU)."""
    rng = np.random.default_rng(seed)
    torch_dtype = {np.float32: torch.float32, np.float64: torch.float64}[dtype]
    s_layers, t_layers = [], []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        s_layers.append(S.Linear(a, b, generator=rng, init="kaiming_uniform", dtype=dtype))
        t_layers.append(T.Linear(a, b, generator=torch.Generator().manual_seed(0), dtype=torch_dtype))
        if i < len(sizes) - 2:
            s_layers += [S.ReLU()]
            t_layers += [T.ReLU()]
    s_model, t_model = S.Sequential(*s_layers), T.Sequential(*t_layers)
    copy_to_torch(s_model, t_model)
    return s_model, t_model.to(device)


@torch.no_grad()
def plain_mlp(t_model):
    """torch 쌍둥이와 같은 가중치·dtype·장치의 plain PyTorch ``nn.Sequential`` (``nn.Linear``, ``nn.ReLU``)."""
    layers = []
    for layer in t_model:
        if isinstance(layer, T.ReLU):
            layers.append(nn.ReLU())
        elif isinstance(layer, T.Linear):
            w = layer.weight
            linear = nn.Linear(layer.in_features, layer.out_features, bias=layer.bias is not None,
                               dtype=w.dtype, device=w.device)
            linear.weight.copy_(w)
            if layer.bias is not None:
                linear.bias.copy_(layer.bias)
            layers.append(linear)
        else:
            raise TypeError(f"plain_mlp: Linear와 ReLU만 옮길 수 있습니다 ({type(layer).__name__}).")
    return nn.Sequential(*layers)


def train_steps(s_model, t_model, x, y, *, lr=0.01, device="cpu"):
    """{'scratch', 'twin', 'plain'}: 학습 한 걸음 함수 셋. 모두 순전파 → 교차 엔트로피 → 역전파 → SGD 갱신,
    그리고 손실(float)을 돌려준다. plain은 ``t_model`` 의 가중치를 복사해 만든다 (``t_model`` 이 갱신되기 전에 부를 것).
    """
    p_model = plain_mlp(t_model)
    s_loss, s_opt = S.CrossEntropyLoss(), S.SGD(s_model.parameters(), lr=lr)
    t_loss, t_opt = T.CrossEntropyLoss(), T.SGD(t_model.parameters(), lr=lr)
    p_opt = torch.optim.SGD(p_model.parameters(), lr=lr)
    xt, yt = torch.tensor(x, device=device), torch.tensor(y, device=device)

    def scratch_step():
        return S.train_step(s_model, s_loss, s_opt, x, y)[0]

    def twin_step():
        return T.train_step(t_model, t_loss, t_opt, xt, yt)[0]

    def plain_step():  # 실무에서 쓰는 그대로
        p_opt.zero_grad()
        loss = F.cross_entropy(p_model(xt), yt)
        loss.backward()
        p_opt.step()
        return loss.item()

    return {"scratch": scratch_step, "twin": twin_step, "plain": plain_step}


def check_same_losses(steps, *, n=2, rtol=1e-4, atol=1e-5):
    """모든 걸음 함수를 ``n`` 번씩 돌려 걸음마다 손실이 같은지(float32 허용 오차) 확인한다.

    둘째 걸음의 손실이 같으면 기울기와 SGD 갱신까지 같다는 뜻이다. 다른 계산을 비교하는 벤치마크는 쓸모없다.
    """
    losses = {name: [step() for _ in range(n)] for name, step in steps.items()}
    ref_name, ref = next(iter(losses.items()))
    for name, values in losses.items():
        if not all(math.isclose(a, b, rel_tol=rtol, abs_tol=atol) for a, b in zip(values, ref)):
            raise AssertionError(f"손실이 다릅니다: {name} {values} ≠ {ref_name} {ref}")
    return losses


def step_functions(s_model, t_model, x, y, *, lr=0.01, device="cpu"):
    """(scratch 한 걸음, torch 쌍둥이 한 걸음) 함수 쌍. 둘 다 순전파 → 교차 엔트로피 → 역전파 → SGD 갱신."""
    steps = train_steps(s_model, t_model, x, y, lr=lr, device=device)
    return steps["scratch"], steps["twin"]


def random_batch(batch, in_features, classes, *, seed=0, dtype=np.float32):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(batch, in_features)).astype(dtype), rng.integers(0, classes, size=batch)
