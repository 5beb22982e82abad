"""미니배치(mini-batch) 반복자. 한 에포크는 데이터의 새 순열(permutation)을 한 번 훑는 것이다."""
import numpy as np

from .._data import batch_count, check_batch_size, check_dataset


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
        check_batch_size(batch_size, "DataLoader")
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
