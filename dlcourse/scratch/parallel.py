"""데이터 병렬화(data parallelism)를 한 프로세스 안에서 흉내 낸다 (NumPy).

진짜 데이터 병렬 학습은 프로세스 P개가 같은 모델의 복제본을 하나씩 갖고, 전역 배치를 P조각으로 나눠
조각마다 기울기를 구한 뒤 올리듀스(all-reduce)로 평균해 모두 같은 걸음을 간다.
여기서는 그 일을 한 프로세스가 조각 순서대로 한다. 복제본은 늘 같으므로 모델 하나로 모두를 대신한다.
"""
import numpy as np

from .._parallel import check_world_size, ring_all_reduce, shard_indices


def all_reduce(buffers, op="mean"):
    """프로세스마다 하나인 1차원 배열 (n,) P개를 링 올리듀스로 제자리에서 평균한다 (op='sum'이면 합).

    ``torch.distributed.all_reduce`` 가 프로세스 P개에서 하는 일을 차례로 흉내 낸다.
    돌려주는 값: 프로세스마다 보낸 원소 수 (길이 P의 list).
    """
    for i, b in enumerate(buffers):
        if not isinstance(b, np.ndarray) or not np.issubdtype(b.dtype, np.floating):
            raise TypeError(f"all_reduce: buffers[{i}]는 실수 NumPy 배열이어야 합니다 ({type(b).__name__}).")
    return ring_all_reduce(list(buffers), op)


def _flat_grad(model):
    """모델의 기울기를 매개변수 순서대로 이어 붙인 1차원 사본 (매개변수 수,)."""
    return np.concatenate([g.ravel() for g in model.grads])


def shard_gradients(model, loss_fn, x, y, world_size):
    """배치 x: (B, D), y: (B,)를 ``world_size`` 조각으로 나눠 (``DistributedSampler`` 규칙: 조각 r은 r, r+P, …번째)
    조각마다 순전파 → 손실 → 역전파를 한다.

    돌려주는 값: (조각별 손실 list, 조각별 평평한 기울기 list — 각각 (매개변수 수,) 사본).
    world_size=1이면 전체 배치의 손실과 기울기다.
    """
    check_world_size(world_size, "shard_gradients")
    losses, grads = [], []
    for rank in range(world_size):
        idx = shard_indices(len(x), rank, world_size)
        loss = loss_fn.forward(model.forward(x[idx]), y[idx])
        model.backward(loss_fn.backward())
        losses.append(float(loss))
        grads.append(_flat_grad(model))
    return losses, grads


def data_parallel_step(model, loss_fn, optimizer, x, y, world_size):
    """데이터 병렬 학습 한 걸음: 조각별 기울기 → ``all_reduce`` 로 평균 → 평균 기울기로 ``optimizer.step()``.

    x: (B, D), y: (B,)는 이번 걸음의 전역 배치. B가 world_size로 나누어떨어지면 전체 배치 한 걸음과 같다.
    돌려주는 값: 조각 손실의 평균 (float).
    """
    losses, grads = shard_gradients(model, loss_fn, x, y, world_size)
    all_reduce(grads)
    mean = grads[0]  # 올리듀스 뒤에는 모든 조각이 같은 평균을 갖는다
    offset = 0
    for g in model.grads:
        g[...] = mean[offset:offset + g.size].reshape(g.shape)
        offset += g.size
    optimizer.step()
    return float(np.mean(losses))
