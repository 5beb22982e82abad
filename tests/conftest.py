import numpy as np
import pytest
import torch

DEVICES = [
    "cpu",
    pytest.param("cuda", marks=[
        pytest.mark.cuda,
        pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA GPU가 없습니다"),
    ]),
]


@pytest.fixture(params=DEVICES)
def device(request):
    """torch 쌍둥이 검사를 CPU에서, GPU가 있으면 CUDA에서도 돌린다 (TF32는 끈다)."""
    if request.param == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    return torch.device(request.param)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def to_torch(a, device, requires_grad=False):
    """NumPy 배열의 사본을 같은 dtype의 텐서로 (from_numpy처럼 메모리를 나누지 않는다)."""
    return torch.tensor(a, device=device, requires_grad=requires_grad)


def to_numpy(t):
    return t.detach().cpu().numpy()
