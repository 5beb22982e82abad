"""NumPy 구현과 PyTorch 구현의 학습 한 걸음을 한 프로세스 안에서 같은 조건으로 잰다.

같은 구조·같은 가중치·같은 배치·같은 dtype(float32)으로, 워밍업 뒤 여러 번 재어 중앙값을 쓴다.
benchmarks/bench_mlp.py 와 학습 장의 처리량 측정이 함께 쓴다.
"""
import statistics
import time

import numpy as np
import torch

from . import scratch as S
from . import torch_impl as T
from .convert import copy_to_torch


def median_seconds(fn, *, repeats=20, warmup=3, sync=None):
    """``fn()`` 한 번의 시간(초) 중앙값. ``sync`` 는 CUDA처럼 비동기 장치를 기다리는 함수."""
    for _ in range(warmup):
        fn()
    if sync:
        sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        if sync:
            sync()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


def step_functions(s_model, t_model, x, y, *, lr=0.01, device="cpu"):
    """(scratch 한 걸음, torch 한 걸음) 함수 쌍. 둘 다 순전파 → 교차 엔트로피 → 역전파 → SGD 갱신."""
    s_loss, s_opt = S.CrossEntropyLoss(), S.SGD(s_model.parameters(), lr=lr)
    t_loss, t_opt = T.CrossEntropyLoss(), T.SGD(t_model.parameters(), lr=lr)
    xt, yt = torch.tensor(x, device=device), torch.tensor(y, device=device)

    def scratch_step():
        S.train_step(s_model, s_loss, s_opt, x, y)

    def torch_step():
        T.train_step(t_model, t_loss, t_opt, xt, yt)

    return scratch_step, torch_step


def random_batch(batch, in_features, classes, *, seed=0, dtype=np.float32):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(batch, in_features)).astype(dtype), rng.integers(0, classes, size=batch)
