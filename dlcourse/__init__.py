"""딥러닝의 모든 것 — 강의 노트북이 쓰는 작은 패키지.

- :mod:`dlcourse.scratch`: NumPy로 처음부터, 순전파와 역전파를 직접 쓴다.
- :mod:`dlcourse.torch_impl`: 같은 이름의 PyTorch 쌍둥이, 기울기는 autograd.
"""
from ._plots import setup_plots
from ._table import print_table

__all__ = ["device", "print_table", "setup_plots"]


def device():
    """CUDA GPU가 있으면 ``torch.device("cuda")``, 없으면 ``torch.device("cpu")``."""
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
