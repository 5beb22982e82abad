"""미니배치(mini-batch) 반복자. 한 에포크는 데이터의 새 순열(permutation)을 한 번 훑는 것이다."""
import math

import numpy as np


def check_dataset(dataset, where):
    """(x, y, …) 배열 묶음의 첫 축(샘플 수 N)이 모두 같은지 확인하고 N을 돌려준다."""
    if not isinstance(dataset, (tuple, list)) or not dataset:
        raise TypeError(f"{where}: dataset은 (x, y) 같은 배열 튜플이어야 합니다 ({type(dataset).__name__}).")
    sizes = [len(a) for a in dataset]
    if len(set(sizes)) != 1:
        shapes = [tuple(a.shape) for a in dataset]
        raise ValueError(f"{where}: 배열들의 샘플 수(첫 축)가 다릅니다: {shapes}")
    return sizes[0]


def batch_count(n, batch_size, drop_last):
    """에포크당 반복 수: ceil(N / B), drop_last면 floor(N / B)."""
    return n // batch_size if drop_last else math.ceil(n / batch_size)


def epoch_order(n, shuffle, generator, where):
    """이번 에포크의 샘플 순서. shuffle이면 생성기에서 새 순열을 뽑는다 (NumPy 생성기)."""
    if not shuffle:
        return np.arange(n)
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"{where}: shuffle=True에는 generator=np.random.default_rng(시드)가 필요합니다.")
    return generator.permutation(n)


class DataLoader:
    """(x, y) 배열을 batch_size개씩 잘라 준다.

    shuffle=True면 에포크마다 generator로 새 순열을 뽑는다 (같은 시드 → 같은 순서).
    drop_last=True면 마지막의 모자란 배치를 버린다. ``len(loader)`` 는 에포크당 반복 수.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, *, generator=None):
        self.n = check_dataset(dataset, "DataLoader")
        if batch_size < 1:
            raise ValueError(f"DataLoader: batch_size는 1 이상이어야 합니다: {batch_size}")
        self.dataset, self.batch_size = dataset, batch_size
        self.shuffle, self.drop_last, self.generator = shuffle, drop_last, generator
        epoch_order(0, shuffle, generator, "DataLoader")  # 생성기를 미리 검사한다

    def __len__(self):
        return batch_count(self.n, self.batch_size, self.drop_last)

    def __iter__(self):
        order = epoch_order(self.n, self.shuffle, self.generator, "DataLoader")
        for k in range(len(self)):
            idx = order[k * self.batch_size:(k + 1) * self.batch_size]
            yield tuple(a[idx] for a in self.dataset)
