"""torch_impl 백엔드의 입력 검사: 유한한 실수 텐서만 받는다."""
import torch

from .._checks import check_finite


def as_float_tensor(x, where, name="x"):
    """``x`` 가 실수 torch 텐서인지 확인하고 그대로 돌려준다. 아니면 TypeError, NaN·inf는 ValueError."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(
            f"{where}: {name}은(는) torch.Tensor여야 하는데 {type(x).__name__}을 받았습니다. "
            "NumPy 배열에는 dlcourse.scratch를 쓰거나 torch.as_tensor로 바꾸세요."
        )
    if not x.is_floating_point():
        raise TypeError(
            f"{where}: {name}은(는) 실수(float) 텐서여야 하는데 dtype {x.dtype}을 받았습니다. "
            "예: x.double()"
        )
    check_finite(x, where, name)
    return x
