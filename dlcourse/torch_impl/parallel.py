"""데이터 병렬화를 한 프로세스 안에서 흉내 내는 PyTorch 쌍둥이: 조각마다 loss.backward(), 평균은 링 올리듀스.

진짜 여러 프로세스의 학습은 :mod:`dlcourse.distributed` (torch.distributed의 DDP)가 한다.
"""
import torch

from .._parallel import check_world_size, ring_all_reduce, shard_indices


@torch.no_grad()
def all_reduce(buffers, op="mean"):
    """프로세스마다 하나인 1차원 텐서 (n,) P개를 링 올리듀스로 제자리에서 평균한다 (op='sum'이면 합).

    돌려주는 값: 프로세스마다 보낸 원소 수 (길이 P의 list).
    """
    for i, b in enumerate(buffers):
        if not isinstance(b, torch.Tensor) or not b.is_floating_point():
            raise TypeError(f"all_reduce: buffers[{i}]는 실수 torch 텐서여야 합니다 ({type(b).__name__}).")
    return ring_all_reduce(list(buffers), op)


def _flat_grad(model):
    """모델의 기울기를 매개변수 순서대로 이어 붙인 1차원 사본 (매개변수 수,). 기울기가 없는 매개변수는 0."""
    return torch.cat([(p.grad if p.grad is not None else torch.zeros_like(p)).reshape(-1)
                      for p in model.parameters()]).detach().clone()


def shard_gradients(model, loss_fn, x, y, world_size):
    """배치 x: (B, D), y: (B,)를 ``world_size`` 조각으로 나눠 (조각 r은 r, r+P, …번째) 조각마다
    기울기 비우기 → 순전파 → 손실 → ``loss.backward()``.

    돌려주는 값: (조각별 손실 list, 조각별 평평한 기울기 list — 각각 (매개변수 수,) 사본).
    """
    check_world_size(world_size, "shard_gradients")
    losses, grads = [], []
    for rank in range(world_size):
        idx = torch.tensor(shard_indices(len(x), rank, world_size), device=x.device)
        model.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        losses.append(loss.item())
        grads.append(_flat_grad(model))
    return losses, grads


def data_parallel_step(model, loss_fn, optimizer, x, y, world_size):
    """데이터 병렬 학습 한 걸음: 조각별 기울기 → ``all_reduce`` 로 평균 → 평균 기울기로 ``optimizer.step()``.

    돌려주는 값: 조각 손실의 평균 (float).
    """
    losses, grads = shard_gradients(model, loss_fn, x, y, world_size)
    all_reduce(grads)
    mean, offset = grads[0], 0
    for p in model.parameters():
        p.grad = mean[offset:offset + p.numel()].view_as(p).clone()
        offset += p.numel()
    optimizer.step()
    return sum(losses) / len(losses)
