"""데이터 병렬화: 조각 기울기의 평균 = 전체 배치 기울기 (scratch·torch), 링 올리듀스,
그리고 진짜 torch.distributed: gloo 프로세스 2개의 DDP 학습 = 한 프로세스 학습 = scratch 흉내 (float64).

프로세스를 띄우는 검사는 모두 시간 제한(launch의 timeout)이 있어, 프로세스 그룹이 멈춰도 검사가 멈추지 않는다.
"""
import os
import sys
import time
import warnings

import numpy as np
import pytest
import torch
from torch.utils.data import DistributedSampler

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse import distributed as D
from dlcourse._parallel import shard_indices

BACKENDS = ["scratch", "torch"]
SIZES = (8, 16, 4)


def scratch_mlp(state):
    """state(torch 모양)를 실은 scratch MLP 8-16-4 (float64)."""
    rng = np.random.default_rng(0)
    model = S.Sequential(S.Linear(8, 16, generator=rng), S.ReLU(), S.Linear(16, 4, generator=rng))
    model.load_state_dict(state)
    return model


def torch_mlp(state):
    """같은 state를 실은 torch_impl 쌍둥이 MLP."""
    g = torch.Generator()
    model = T.Sequential(T.Linear(8, 16, generator=g, dtype=torch.float64), T.ReLU(),
                         T.Linear(16, 4, generator=g, dtype=torch.float64))
    model.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    return model


@pytest.fixture
def problem():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(96, 8))
    y = rng.integers(0, 4, size=96)
    return x, y, D.numpy_state(D.make_mlp(SIZES, seed=2))


def setup(backend, state, lr=0.1):
    if backend == "scratch":
        model = scratch_mlp(state)
        return model, S.CrossEntropyLoss(), S.SGD(model.parameters(), lr=lr), (lambda a: a), S
    model = torch_mlp(state)
    return model, T.CrossEntropyLoss(), T.SGD(model.parameters(), lr=lr), torch.tensor, T


# --- 한 프로세스 안의 흉내 ---------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3, 8, 10])
@pytest.mark.parametrize("world_size", [1, 2, 3, 4])
def test_shard_indices_follow_distributed_sampler(n, world_size):
    for rank in range(world_size):
        sampler = DistributedSampler(list(range(n)), num_replicas=world_size, rank=rank, shuffle=False)
        assert shard_indices(n, rank, world_size) == list(sampler)


def test_epoch_permutation_is_the_samplers_shuffle():
    perm = D.epoch_permutation(12, seed=3, epoch=1)
    for rank in range(3):
        sampler = DistributedSampler(list(range(12)), num_replicas=3, rank=rank, shuffle=True, seed=3)
        sampler.set_epoch(1)
        assert list(sampler) == perm[rank::3].tolist()
    batches = D.global_batches(12, 5, steps=4, seed=3)
    assert [len(b) for b in batches] == [5, 5, 2, 5]
    assert np.array_equal(np.concatenate(batches[:3]), D.epoch_permutation(12, seed=3, epoch=0))
    assert np.array_equal(batches[3], perm[:5])  # 둘째 에포크는 새 순열


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("world_size", [1, 2, 3, 5])
@pytest.mark.parametrize("n", [1, 7, 12])
def test_ring_all_reduce_sums_in_place(backend, world_size, n):
    rng = np.random.default_rng(world_size * 100 + n)
    arrays = [rng.normal(size=n) for _ in range(world_size)]
    expected = np.sum(arrays, axis=0)
    buffers = [a.copy() for a in arrays] if backend == "scratch" else [torch.tensor(a) for a in arrays]
    mod = S if backend == "scratch" else T
    sent = mod.all_reduce(buffers, op="sum")
    for b in buffers:
        np.testing.assert_allclose(np.asarray(b), expected, rtol=1e-13, atol=1e-13)
    assert all(s <= 2 * n for s in sent)
    if n % world_size == 0:
        assert sent == [2 * (world_size - 1) * n // world_size] * world_size
    mod.all_reduce(buffers)  # 기본은 평균: 모두 같은 값이면 그대로
    for b in buffers:
        np.testing.assert_allclose(np.asarray(b), expected, rtol=1e-13, atol=1e-13)


def test_all_reduce_rejects_foreign_buffers():
    with pytest.raises(TypeError):
        S.all_reduce([torch.zeros(3)])
    with pytest.raises(TypeError):
        T.all_reduce([np.zeros(3)])
    with pytest.raises(ValueError):
        S.all_reduce([np.zeros(3), np.zeros(4)])
    with pytest.raises(ValueError):
        S.all_reduce([np.zeros(3)], op="max")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("world_size", [1, 2, 3, 4])
def test_average_of_shard_gradients_is_the_full_batch_gradient(problem, backend, world_size):
    x, y, state = problem
    model, loss_fn, _, conv, mod = setup(backend, state)
    xb, yb = conv(x[:24]), conv(y[:24])
    (full_loss,), (full,) = mod.shard_gradients(model, loss_fn, xb, yb, 1)
    losses, grads = mod.shard_gradients(model, loss_fn, xb, yb, world_size)
    assert len(grads) == world_size and all(g.shape == full.shape for g in grads)
    if world_size > 1:  # 조각 하나의 기울기는 전체와 다르다
        assert not np.allclose(np.asarray(grads[0]), np.asarray(full), rtol=1e-3)
    np.testing.assert_allclose(np.mean([np.asarray(g) for g in grads], axis=0), np.asarray(full), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.mean(losses), full_loss, rtol=1e-13)
    mod.all_reduce(grads)
    for g in grads:
        np.testing.assert_allclose(np.asarray(g), np.asarray(full), rtol=1e-12, atol=1e-15)


def test_data_parallel_step_twins_agree_and_equal_one_process(problem):
    x, y, state = problem
    batches = D.global_batches(len(x), 24, steps=10, seed=0)
    finals = {}
    for backend in BACKENDS:
        for world_size in (1, 3):
            model, loss_fn, opt, conv, mod = setup(backend, state)
            for idx in batches:
                mod.data_parallel_step(model, loss_fn, opt, conv(x[idx]), conv(y[idx]), world_size)
            sd = model.state_dict()
            finals[backend, world_size] = {k: np.asarray(v.detach() if torch.is_tensor(v) else v) for k, v in sd.items()}
    ref = finals["scratch", 1]
    for key, sd in finals.items():
        for name in ref:
            np.testing.assert_allclose(sd[name], ref[name], rtol=1e-10, atol=1e-13, err_msg=f"{key} {name}")


# --- 진짜 여러 프로세스: torch.distributed (gloo) -------------------------------------------------


def _hang(rank, world_size, pid_dir):
    with open(os.path.join(pid_dir, f"{rank}.pid"), "w") as f:
        f.write(str(os.getpid()))
    time.sleep(600)


def _fail(rank, world_size):
    print("rank의 표준 출력", flush=True)
    warnings.warn("작업 프로세스의 경고")
    if rank == 1:
        raise ValueError("일부러 낸 오류")
    return rank


def _noop(rank, world_size):
    return (rank, world_size, torch.get_num_threads(), torch.distributed.get_backend())


@pytest.fixture(scope="module")
def warm_launcher():
    """프로세스 서버를 미리 띄운다 (첫 launch만 torch를 import하느라 몇 초 걸린다)."""
    assert D.launch(_noop, 2, timeout=120) == [(0, 2, 1, "gloo"), (1, 2, 1, "gloo")]


def test_ddp_two_gloo_processes_equal_single_process_and_scratch(problem, warm_launcher):
    x, y, state = problem
    kw = dict(batch_size=32, steps=8, lr=0.1, seed=5)  # 에포크 경계 둘을 지난다 (96 / 32 = 3걸음씩)
    ranks = D.launch(D.train_ddp, 2, args=(state, x, y), kwargs=kw, timeout=60)
    single = D.train_single(state, x, y, **kw)
    model, loss_fn, opt, _, _ = setup("scratch", state)
    for idx in D.global_batches(len(x), 32, steps=8, seed=5):
        S.data_parallel_step(model, loss_fn, opt, x[idx], y[idx], 2)
    simulated = model.state_dict()
    for name in state:
        assert np.array_equal(ranks[0]["state"][name], ranks[1]["state"][name]), f"복제본이 갈라졌습니다: {name}"
        assert not np.allclose(ranks[0]["state"][name], state[name]), f"학습되지 않았습니다: {name}"
        np.testing.assert_allclose(ranks[0]["state"][name], single["state"][name], rtol=1e-12, atol=1e-14, err_msg=name)
        np.testing.assert_allclose(simulated[name], single["state"][name], rtol=1e-12, atol=1e-14, err_msg=name)
    np.testing.assert_allclose((ranks[0]["losses"] + ranks[1]["losses"]) / 2, single["losses"], rtol=1e-12)


def test_launch_reports_a_failing_rank_with_its_captured_output(warm_launcher):
    with pytest.raises(RuntimeError) as err:
        D.launch(_fail, 2, timeout=60)
    message = str(err.value)
    assert "rank 1" in message and "일부러 낸 오류" in message
    assert "rank의 표준 출력" in message and "작업 프로세스의 경고" in message


def _gone(pid, wait=5.0):
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(") ")[1].startswith("Z"):  # 좀비: 이미 끝났고 거둘 일만 남았다
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc로 프로세스를 확인한다")
def test_launch_times_out_and_kills_hung_processes(tmp_path, warm_launcher):
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        D.launch(_hang, 2, args=(str(tmp_path),), timeout=4)
    assert time.monotonic() - start < 15
    pids = [int(p.read_text()) for p in sorted(tmp_path.glob("*.pid"))]
    assert len(pids) == 2
    assert all(_gone(pid) for pid in pids), "시간 제한 뒤에도 작업 프로세스가 살아 있습니다"


# --- CUDA: NCCL ---------------------------------------------------------------------------------


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA GPU가 없습니다")
def test_ddp_nccl_on_gpus_equals_single_gpu(problem):
    x, y, state = problem
    world_size = min(2, torch.cuda.device_count())
    kw = dict(batch_size=32, steps=8, lr=0.1, seed=5)
    ranks = D.launch(D.train_ddp, world_size, args=(state, x, y), kwargs=kw, backend="nccl", timeout=120)
    single = D.train_single(state, x, y, device="cuda", **kw)
    for name in state:
        np.testing.assert_allclose(ranks[0]["state"][name], single["state"][name], rtol=1e-10, atol=1e-13, err_msg=name)
