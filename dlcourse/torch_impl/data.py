"""미니배치 반복자의 PyTorch 쌍둥이: 텐서 묶음을 배치로 잘라 준다."""
import numpy as np
import torch

from .._data import batch_count, check_batch_size, check_dataset


class DataLoader:
    """(x, y) 텐서를 batch_size개씩 잘라 준다.

    shuffle=True면 에포크마다 generator로 새 순열을 뽑는다. generator는 ``torch.Generator`` 이거나,
    scratch와 똑같은 배치 순서가 필요하면 같은 시드의 ``np.random.Generator`` 여도 된다.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, *, generator=None):
        self.n = check_dataset(dataset, "DataLoader")
        check_batch_size(batch_size, "DataLoader")
        if shuffle and not isinstance(generator, (torch.Generator, np.random.Generator)):
            raise TypeError("DataLoader: shuffle=True에는 generator(torch.Generator 또는 np.random.Generator)가 필요합니다.")
        self.dataset, self.batch_size = dataset, batch_size
        self.shuffle, self.drop_last, self.generator = shuffle, drop_last, generator

    def __len__(self):
        return batch_count(self.n, self.batch_size, self.drop_last)

    def _order(self):
        if not self.shuffle:
            return torch.arange(self.n)
        if isinstance(self.generator, np.random.Generator):
            return torch.as_tensor(self.generator.permutation(self.n))
        return torch.randperm(self.n, generator=self.generator)

    def __iter__(self):
        order = self._order().to(self.dataset[0].device)
        for k in range(len(self)):
            idx = order[k * self.batch_size:(k + 1) * self.batch_size]
            yield tuple(a[idx] for a in self.dataset)
