"""scratch 백엔드의 입력 변환: 유한한 실수 NumPy 배열만 받는다."""
import numpy as np

from .._checks import check_finite


def as_float_array(x, where, name="x"):
    """``x`` 를 실수 NumPy 배열로 돌려준다. 정수·불리언·torch 텐서는 TypeError, NaN·inf는 ValueError."""
    if type(x).__module__.startswith("torch"):
        raise TypeError(
            f"{where}: {name}은(는) NumPy 배열이어야 하는데 {type(x).__name__}을 받았습니다. "
            "torch 텐서에는 dlcourse.torch_impl을 쓰세요."
        )
    arr = np.asarray(x)
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(
            f"{where}: {name}은(는) 실수(float) 배열이어야 하는데 dtype {arr.dtype}을 받았습니다. "
            "예: x.astype(np.float64)"
        )
    check_finite(arr, where, name)
    return arr
