"""Dropout과 BatchNorm1d의 인자·입력 검사: 숫자와 모양만 보므로 두 백엔드가 함께 쓴다.

NumPy 배열과 torch 텐서 모두 ``.shape`` · ``.ndim`` · ``.dtype`` 을 가지므로 한 곳에 둔다.
"""
import numbers

import numpy as np


def check_dropout_p(p, where):
    """버릴 확률 p는 [0, 1]의 실수 (torch.nn.Dropout과 같은 범위). 수가 아니면 TypeError, 범위 밖이면 ValueError."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"{where}: p는 실수여야 하는데 {type(p).__name__}을(를) 받았습니다.")
    if not 0 <= p <= 1:
        raise ValueError(f"{where}: p는 0 이상 1 이하여야 하는데 {p}을(를) 받았습니다.")
    return float(p)


def check_numpy_generator(generator, where):
    """두 백엔드 모두 NumPy 생성기로 마스크를 뽑는다: 같은 시드면 scratch와 torch 쌍둥이가 같은 마스크를 얻는다."""
    if not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"{where}: generator는 np.random.default_rng(시드)로 만든 NumPy 생성기여야 하는데 "
            f"{type(generator).__name__}을(를) 받았습니다 (torch_impl에서도 NumPy 생성기를 씁니다)."
        )


def check_batchnorm_args(num_features, eps, momentum, where):
    """num_features ≥ 1 (정수), eps > 0, momentum은 None(누적 평균) 또는 [0, 1]."""
    if isinstance(num_features, bool) or not isinstance(num_features, numbers.Integral) or num_features < 1:
        raise ValueError(f"{where}: num_features는 1 이상의 정수여야 하는데 {num_features!r}을(를) 받았습니다.")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"{where}: eps는 양수여야 합니다 (0으로 나누지 않게): {eps!r}")
    if momentum is not None and (isinstance(momentum, bool) or not isinstance(momentum, numbers.Real)
                                 or not 0 <= momentum <= 1):
        raise ValueError(f"{where}: momentum은 None(누적 평균) 또는 0 이상 1 이하의 실수여야 합니다: {momentum!r}")


def check_batchnorm_input(x, num_features, use_batch_stats, dtype, where):
    """x는 (N, C=num_features). 배치 통계를 쓸 때는 N ≥ 2 (표본 하나의 분산은 0이라 정규화가 뜻이 없다).

    dtype은 층의 매개변수·버퍼의 dtype (없으면 None: 검사하지 않는다). 다르면 TypeError.
    """
    if x.ndim != 2 or x.shape[1] != num_features:
        raise ValueError(
            f"{where}: 입력 x는 (N, {num_features}) 모양이어야 하는데 shape {tuple(x.shape)}을 받았습니다 "
            "(이 구현은 (N, C) 입력만 받습니다)."
        )
    if use_batch_stats and x.shape[0] < 2:
        raise ValueError(
            f"{where}: 배치 통계에는 채널마다 값이 2개 이상 필요한데 shape {tuple(x.shape)}을 받았습니다 "
            "(Expected more than 1 value per channel when training). 배치를 키우거나 eval()로 바꾸세요."
        )
    if dtype is not None and x.dtype != dtype:
        raise TypeError(f"{where}: 입력 dtype {x.dtype}이(가) 층의 dtype {dtype}과(와) 다릅니다.")
