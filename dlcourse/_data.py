"""두 백엔드의 DataLoader가 함께 쓰는 계산: 데이터 묶음 검사와 에포크당 반복 수."""
import math


def check_dataset(dataset, where):
    """(x, y, …) 배열 묶음의 첫 축(샘플 수 N)이 모두 같은지 확인하고 N을 돌려준다."""
    if not isinstance(dataset, (tuple, list)) or not dataset:
        raise TypeError(f"{where}: dataset은 (x, y) 같은 배열 튜플이어야 합니다 ({type(dataset).__name__}).")
    sizes = [len(a) for a in dataset]
    if len(set(sizes)) != 1:
        shapes = [tuple(a.shape) for a in dataset]
        raise ValueError(f"{where}: 배열들의 샘플 수(첫 축)가 다릅니다: {shapes}")
    return sizes[0]


def check_batch_size(batch_size, where):
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"{where}: batch_size는 1 이상의 정수여야 합니다: {batch_size!r}")


def batch_count(n, batch_size, drop_last):
    """에포크당 반복 수: ceil(N / B), drop_last면 floor(N / B)."""
    return n // batch_size if drop_last else math.ceil(n / batch_size)
