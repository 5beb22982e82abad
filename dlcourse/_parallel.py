"""데이터 병렬화의 백엔드와 무관한 계산: 배치를 프로세스 몫으로 나누기와 링 올리듀스(ring all-reduce).

NumPy 배열에도 torch 텐서에도 그대로 돈다: 자르기, 제자리 더하기·복사·나누기만 쓴다.
두 백엔드의 ``parallel`` 모듈과 :mod:`dlcourse.distributed` 가 함께 쓴다.
"""
import math


def check_world_size(world_size, where):
    if isinstance(world_size, bool) or not isinstance(world_size, int) or world_size < 1:
        raise ValueError(f"{where}: world_size는 1 이상의 정수여야 합니다: {world_size!r}")


def shard_indices(n, rank, world_size):
    """프로세스 ``rank`` 가 맡는 샘플 번호 (길이 ⌈N/P⌉의 list). ``DistributedSampler(shuffle=False)`` 와 같은 규칙.

    N이 P(= world_size)로 나누어떨어지지 않으면 앞의 샘플을 되풀이해 P의 배수로 채운 뒤,
    rank, rank+P, rank+2P, … 번째를 고른다. 그래서 나누어떨어질 때만 모든 샘플이 정확히 한 번씩 쓰인다.
    """
    check_world_size(world_size, "shard_indices")
    if not 0 <= rank < world_size:
        raise ValueError(f"shard_indices: rank는 0 이상 {world_size} 미만이어야 합니다: {rank}")
    if n < 1:
        raise ValueError(f"shard_indices: 샘플 수 n은 1 이상이어야 합니다: {n}")
    total = math.ceil(n / world_size) * world_size
    order = list(range(n))
    order += (order * math.ceil((total - n) / n))[:total - n]
    return order[rank:total:world_size]


def ring_all_reduce(buffers, op="mean"):
    """프로세스 P개의 1차원 버퍼 (n,)를 링 올리듀스로 **제자리에서** 합친다 (op='mean'이면 평균, 'sum'이면 합).

    버퍼를 P조각으로 나누고 프로세스를 고리로 잇는다 (r → r+1).
    1) 리듀스-스캐터: P−1걸음 동안 조각 하나씩을 오른쪽 이웃에게 보내고, 받은 쪽은 제 조각에 더한다.
       끝나면 프로세스 r이 조각 r+1의 완전한 합을 갖는다.
    2) 올-개더: 다시 P−1걸음 동안 완성된 조각을 오른쪽으로 돌려, 모두가 모든 조각의 합을 갖는다.
    한 걸음 안에서 프로세스마다 보내는 조각과 받는 조각은 서로 다르므로, 차례로 흉내 내도 동시에 한 것과 같다.
    돌려주는 값: 프로세스마다 보낸 원소 수 (길이 P의 list). 합은 2(P−1)/P · n 남짓으로 P가 커져도 2n을 넘지 않는다.
    """
    if op not in ("mean", "sum"):
        raise ValueError(f"all_reduce: op은 'mean'이나 'sum'이어야 합니다: {op!r}")
    p = len(buffers)
    if p < 1:
        raise ValueError("all_reduce: 버퍼가 하나도 없습니다.")
    shape = tuple(buffers[0].shape)
    if len(shape) != 1 or any(tuple(b.shape) != shape for b in buffers):
        raise ValueError(f"all_reduce: 버퍼는 모두 같은 모양의 1차원이어야 합니다: {[tuple(b.shape) for b in buffers]}")
    n = shape[0]
    bounds = [k * n // p for k in range(p + 1)]

    def part(k):
        k %= p
        return slice(bounds[k], bounds[k + 1])

    sent = [0] * p
    for s in range(p - 1):  # 리듀스-스캐터: r이 조각 (r − s)를 r+1에게 보내 더한다
        for r in range(p):
            k = part(r - s)
            buffers[(r + 1) % p][k] += buffers[r][k]
            sent[r] += k.stop - k.start
    for s in range(p - 1):  # 올-개더: r이 완성된 조각 (r + 1 − s)를 r+1에게 보내 덮어쓴다
        for r in range(p):
            k = part(r + 1 - s)
            buffers[(r + 1) % p][k] = buffers[r][k]
            sent[r] += k.stop - k.start
    if op == "mean":
        for b in buffers:
            b /= p
    return sent
