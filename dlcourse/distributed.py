"""여러 프로세스의 데이터 병렬 학습: ``torch.distributed`` 의 DistributedDataParallel(DDP)과 DistributedSampler.

- :func:`launch` — 127.0.0.1의 빈 포트로 프로세스 그룹을 만들고 프로세스 ``world_size`` 개에서
  ``fn(rank, world_size, *args)`` 를 돌려, 결과를 rank 순서의 list로 돌려준다 (노트북과 검사가 쓴다).
- :func:`train_ddp` — 작업 함수: DDP + DistributedSampler로 MLP를 ``steps`` 걸음 학습한다.
- :func:`train_single` — 같은 전역 배치로 한 프로세스에서 학습한다 (비교 기준).
- 명령줄에서는 torchrun으로 띄운다 (여러 기계도 같은 코드)::

      torchrun --standalone --nproc-per-node=2 -m dlcourse.distributed --steps 95

백엔드는 CPU에서 gloo, GPU에서 NCCL이다. 이 모듈은 torch만 쓴다 (scratch·torch_impl 어느 쪽도 import하지 않는다).
작업 함수는 새로 뜬 프로세스가 이름으로 import해야 하므로(forkserver·spawn) 노트북 셀이 아니라 모듈에 있어야 한다.
"""
import argparse
import datetime
import os
import queue as queue_module
import socket
import statistics
import sys
import tempfile
import time
import traceback

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from ._parallel import check_world_size

DIGITS_SIZES = (64, 128, 10)


# --- 프로세스 띄우기 ----------------------------------------------------------------------------


def free_port():
    """127.0.0.1에서 지금 비어 있는 TCP 포트 번호 (운영체제가 고른다)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_log(log):
    sys.stdout.flush()
    sys.stderr.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def _worker(fn, rank, world_size, port, backend, args, kwargs, results, timeout):
    """spawn된 프로세스 하나의 일: 출력 잡기 → 프로세스 그룹 참여 → fn 실행 → 결과를 부모에게.

    이 프로세스의 stdout·stderr(gloo의 C++ 경고까지)는 임시 파일로 돌려, 부모(노트북)의 출력을 더럽히지 않는다.
    오류가 나면 그 기록을 오류 메시지에 붙여 보낸다.
    """
    log = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    torch.set_num_threads(1)  # 프로세스마다 한 코어: 프로세스끼리 코어를 두고 다투지 않게
    try:
        dist.init_process_group(backend, init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                                world_size=world_size, timeout=datetime.timedelta(seconds=timeout))
        try:
            value = fn(rank, world_size, *args, **kwargs)
        finally:
            dist.destroy_process_group()
        results.put((rank, True, value, _read_log(log)))
    except BaseException:  # noqa: BLE001  부모에게 알리고 끝낸다
        results.put((rank, False, traceback.format_exc(), _read_log(log)))


def _context():
    """새 프로세스를 만드는 방식. 리눅스·macOS는 forkserver: 깨끗한 서버 프로세스 하나가 torch와 이 모듈을 한 번만
    import해 두고, 작업 프로세스는 그 서버에서 fork되어 곧바로 시작한다 (spawn은 프로세스마다 torch를 새로 import해
    몇 초씩 걸린다). 노트북 커널 자신을 fork하지는 않는다. forkserver가 없는 Windows는 spawn."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, "torch._dynamo"])
        return ctx
    return mp.get_context("spawn")


def launch(fn, world_size, args=(), kwargs=None, *, backend="gloo", timeout=120.0):
    """프로세스 ``world_size`` 개를 spawn해 ``fn(rank, world_size, *args, **kwargs)`` 를 돌리고 결과 list를 rank 순서로 돌려준다.

    각 프로세스는 ``torch.set_num_threads(1)`` 로 돌고, ``init_process_group(backend)`` 로 127.0.0.1의 빈 포트에서 만난다.
    ``fn`` 과 인자는 pickle될 수 있어야 한다 (``fn`` 은 모듈의 함수). 어느 프로세스가 오류를 내면 RuntimeError,
    ``timeout`` 초 안에 모두 끝나지 않으면 TimeoutError. 어느 경우든 떠 있는 프로세스를 모두 끝내고 돌아온다.
    """
    check_world_size(world_size, "launch")
    ctx = _context()
    results = ctx.Queue()
    port = free_port()
    procs = [ctx.Process(target=_worker, args=(fn, rank, world_size, port, backend, args, kwargs or {}, results, timeout),
                         daemon=True) for rank in range(world_size)]
    deadline = time.monotonic() + timeout
    values = {}
    try:
        for p in procs:
            p.start()
        while len(values) < world_size:
            try:
                rank, ok, value, log = results.get(timeout=0.1)
            except queue_module.Empty:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"launch: {timeout}초 안에 프로세스 {world_size}개가 끝나지 않았습니다 "
                                       f"(결과가 온 rank: {sorted(values)}).") from None
                dead = {r: p.exitcode for r, p in enumerate(procs) if p.exitcode not in (None, 0) and r not in values}
                if dead:
                    raise RuntimeError(f"launch: 프로세스가 결과 없이 끝났습니다 (rank: 종료 코드 {dead}).") from None
                continue
            if not ok:
                raise RuntimeError(f"launch: rank {rank}에서 오류가 났습니다.\n{value}\n--- rank {rank}의 출력 ---\n{log}")
            values[rank] = value
        for p in procs:
            p.join(timeout=max(0.1, deadline - time.monotonic()))
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            if p.pid is not None:
                p.join(timeout=5)
                if p.is_alive():
                    p.kill()
                    p.join()
        results.close()
        results.join_thread()
    return [values[rank] for rank in range(world_size)]


# --- 모델, 데이터, 배치 순서 --------------------------------------------------------------------


def make_mlp(sizes, *, seed=0, dtype=torch.float64):
    """``nn.Linear`` 와 ``nn.ReLU`` 를 번갈아 쌓은 MLP. 매개변수 이름은 0.weight, 0.bias, 2.weight, …

    가중치는 ``torch.manual_seed(seed)`` 뒤의 ``nn.Linear`` 기본 초기화로 정해진다.
    """
    torch.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b, dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def numpy_state(model):
    """{이름: NumPy 사본} — 프로세스 사이로 보내고, scratch 모델의 ``load_state_dict`` 에도 그대로 넣는다."""
    return {name: t.detach().cpu().numpy().copy() for name, t in model.state_dict().items()}


def digits_problem(seed=0):
    """이 장의 학습 문제: 손글씨 숫자 (학습 1168장, 시험 359장)와 64-128-10 MLP의 첫 가중치 (float64).

    돌려주는 값: dict(x_train, y_train, x_test, y_test, state).
    """
    from .datasets import load_digits_split

    data = load_digits_split(generator=np.random.default_rng(seed))
    (x_train, y_train), _, (x_test, y_test) = data["train"], data["val"], data["test"]
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test,
            "state": numpy_state(make_mlp(DIGITS_SIZES, seed=seed))}


def epoch_permutation(n, seed, epoch):
    """``DistributedSampler(shuffle=True, seed=seed)`` 가 ``set_epoch(epoch)`` 뒤에 쓰는 순열 (n,) int64."""
    g = torch.Generator()
    g.manual_seed(seed + epoch)
    return torch.randperm(n, generator=g).numpy()


def global_batches(n, batch_size, *, steps, seed=0):
    """전역 배치 ``steps`` 개의 샘플 번호 list. 에포크마다 :func:`epoch_permutation` 을 차례로 자른다
    (마지막의 모자란 배치도 쓴다). DDP의 프로세스들이 한 걸음에 함께 보는 샘플과 같다."""
    batches, epoch = [], 0
    while len(batches) < steps:
        order = epoch_permutation(n, seed, epoch)
        batches += [order[i:i + batch_size] for i in range(0, n, batch_size)]
        epoch += 1
    return batches[:steps]


def _device_for(backend):
    if backend == "nccl":
        local_rank = int(os.environ.get("LOCAL_RANK", dist.get_rank() % torch.cuda.device_count()))
        return torch.device("cuda", local_rank)
    return torch.device("cpu")


# --- 학습: DDP와 한 프로세스 --------------------------------------------------------------------


def train_ddp(rank, world_size, state, x, y, *, batch_size, steps, lr=0.1, seed=0, bucket_cap_mb=25):
    """작업 함수: 프로세스 그룹이 준비된 프로세스에서 DDP로 ``steps`` 걸음 SGD 학습한다.

    state: 첫 가중치 {이름: 배열}, x: (N, D), y: (N,). 전역 배치 ``batch_size`` 를 프로세스마다
    ``batch_size // world_size`` 개씩 나눠 본다 (DistributedSampler가 나눈다). 기울기는 DDP가 버킷
    (``bucket_cap_mb`` MB)마다 올리듀스로 평균한다. GPU(NCCL)면 모델과 배치를 그 프로세스의 GPU에 올린다.
    돌려주는 값: dict(state=학습된 가중치 {이름: NumPy}, losses=이 프로세스 몫의 걸음별 손실 (steps,)).
    """
    if batch_size % world_size:
        raise ValueError(f"train_ddp: 전역 배치 {batch_size}가 프로세스 수 {world_size}로 나누어떨어지지 않습니다.")
    device = _device_for(dist.get_backend())
    dtype = torch.from_numpy(np.asarray(next(iter(state.values())))).dtype
    model = make_mlp([state["0.weight"].shape[1]] + [state[k].shape[0] for k in state if k.endswith("weight")],
                     dtype=dtype)
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    model.to(device)
    ddp = DDP(model, device_ids=[device.index] if device.type == "cuda" else None, bucket_cap_mb=bucket_cap_mb)
    dataset = TensorDataset(torch.tensor(x, dtype=dtype), torch.tensor(y))
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank, shuffle=True, seed=seed)
    loader = DataLoader(dataset, batch_size=batch_size // world_size, sampler=sampler,
                        pin_memory=device.type == "cuda")
    optimizer = torch.optim.SGD(ddp.parameters(), lr=lr)
    losses, epoch = [], 0
    while len(losses) < steps:
        sampler.set_epoch(epoch)  # 에포크마다 모든 프로세스가 같은 새 순열을 쓴다
        for xb, yb in loader:
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            optimizer.zero_grad()
            loss = F.cross_entropy(ddp(xb), yb)
            loss.backward()  # 역전파 도중에 DDP가 버킷마다 올리듀스를 시작한다
            optimizer.step()
            losses.append(loss.item())
            if len(losses) == steps:
                break
        epoch += 1
    return {"state": numpy_state(model), "losses": np.array(losses)}


def train_single(state, x, y, *, batch_size, steps, lr=0.1, seed=0, device="cpu"):
    """비교 기준: 한 프로세스가 :func:`global_batches` 의 전역 배치로 ``steps`` 걸음 SGD 학습한다.

    돌려주는 값: dict(state=학습된 가중치 {이름: NumPy}, losses=걸음별 손실 (steps,)).
    """
    dtype = torch.from_numpy(np.asarray(next(iter(state.values())))).dtype
    model = make_mlp([state["0.weight"].shape[1]] + [state[k].shape[0] for k in state if k.endswith("weight")],
                     dtype=dtype)
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    model.to(device)
    xt, yt = torch.tensor(x, dtype=dtype, device=device), torch.tensor(y, device=device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for idx in global_batches(len(x), batch_size, steps=steps, seed=seed):
        idx = torch.tensor(idx, device=device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xt[idx]), yt[idx])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {"state": numpy_state(model), "losses": np.array(losses)}


# --- 벤치마크용 작업 함수 -----------------------------------------------------------------------


def _timed_steps(step, steps, warmup, sync):
    for _ in range(warmup):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    sync()
    return (time.perf_counter() - start) / steps


def ddp_step_seconds(rank, world_size, sizes, configs, *, steps=20, warmup=3, rounds=3):
    """벤치마크 작업 함수: float32 MLP 학습 한 걸음의 시간(초)을 설정마다 잰다.

    configs: [dict(batch=프로세스당 배치, bucket_cap_mb=…, threads=…)]. 프로세스가 하나면 DDP 없이 잰다.
    프로세스마다 무작위 배치를 미리 만들어 두고(데이터 읽기는 재지 않는다), 라운드마다 모든 설정을 차례로
    ``steps`` 걸음씩 잰다. 설정마다 가장 빠른 라운드를 쓴다 (기계를 다른 일과 나눠 쓸 때 방해를 가장 덜 받은 값).
    모든 프로세스가 ``barrier`` 로 함께 시작하고 끝난다. 돌려주는 값: 설정마다의 초 list.
    """
    device = _device_for(dist.get_backend())
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    def barrier():
        sync()
        if world_size > 1:
            dist.barrier()

    def make_step(cfg):
        model = make_mlp(sizes, seed=0, dtype=torch.float32).to(device)
        net = model if world_size == 1 else DDP(model, device_ids=[device.index] if device.type == "cuda" else None,
                                                bucket_cap_mb=cfg.get("bucket_cap_mb", 25))
        g = torch.Generator().manual_seed(rank)
        x = torch.randn(cfg["batch"], sizes[0], generator=g).to(device)
        y = torch.randint(0, sizes[-1], (cfg["batch"],), generator=g).to(device)
        optimizer = torch.optim.SGD(net.parameters(), lr=1e-3)

        def step():
            optimizer.zero_grad()
            F.cross_entropy(net(x), y).backward()
            optimizer.step()
        return step

    step_fns = [make_step(cfg) for cfg in configs]
    times = [[] for _ in configs]
    for _ in range(rounds):
        for i, cfg in enumerate(configs):
            torch.set_num_threads(cfg.get("threads", 1))
            barrier()
            times[i].append(_timed_steps(step_fns[i], steps, warmup, barrier))
    torch.set_num_threads(1)
    return [min(t) for t in times]


def all_reduce_seconds(rank, world_size, numel, *, repeats=20):
    """벤치마크 작업 함수: float32 원소 ``numel`` 개의 ``dist.all_reduce`` 한 번의 시간(초) 중앙값."""
    device = _device_for(dist.get_backend())
    t = torch.ones(numel, device=device)
    times = []
    for _ in range(repeats + 3):
        dist.barrier()
        start = time.perf_counter()
        dist.all_reduce(t)
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times[3:])


# --- torchrun으로 띄우는 입구 -------------------------------------------------------------------


def main(argv=None):
    """``torchrun --nproc-per-node=P -m dlcourse.distributed`` 의 입구.

    torchrun이 프로세스마다 RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT를 넣어 주므로
    ``init_process_group`` 은 주소를 따로 받지 않는다. 손글씨 숫자 MLP를 DDP로 학습하고 rank 0이 결과를 알린다.
    """
    parser = argparse.ArgumentParser(description="손글씨 숫자 MLP를 DDP로 학습한다 (torchrun으로 띄운다).")
    parser.add_argument("--steps", type=int, default=95)
    parser.add_argument("--batch-size", type=int, default=64, help="전역 배치 (모든 프로세스의 합)")
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--out", default=None, help="rank 0이 학습된 가중치를 쓸 .npz 경로")
    args = parser.parse_args(argv)
    # NCCL은 프로세스마다 GPU 하나가 필요하다: 이 기계의 GPU가 로컬 프로세스 수보다 적으면 gloo(CPU)로
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", os.environ.get("WORLD_SIZE", "1")))
    backend = "nccl" if torch.cuda.is_available() and torch.cuda.device_count() >= local_world else "gloo"
    dist.init_process_group(backend)
    rank, world_size = dist.get_rank(), dist.get_world_size()
    torch.set_num_threads(1)
    try:
        problem = digits_problem()
        result = train_ddp(rank, world_size, problem["state"], problem["x_train"], problem["y_train"],
                           batch_size=args.batch_size, steps=args.steps, lr=args.lr)
        if rank == 0:
            model = make_mlp(DIGITS_SIZES)
            model.load_state_dict({k: torch.tensor(v) for k, v in result["state"].items()})
            with torch.no_grad():
                pred = model(torch.tensor(problem["x_test"])).argmax(dim=1).numpy()
            acc = float((pred == problem["y_test"]).mean())
            print(f"{backend}, 프로세스 {world_size}개, 전역 배치 {args.batch_size}, {args.steps}걸음: "
                  f"시험 정확도 {acc:.1%}", flush=True)
            if args.out:
                np.savez(args.out, **result["state"])
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
