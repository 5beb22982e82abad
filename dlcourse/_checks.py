"""두 백엔드가 함께 쓰는 입력 검사.

NumPy 배열과 torch 텐서 모두 ``.shape`` 와 ``.ndim`` 을 가지므로, 모양 검사는 한 곳에 둔다.
잘못된 입력은 어떤 모양(shape)이 왜 틀렸는지 이름을 붙여 알린다.
"""
import math


def check_ndim(x, ndims, name, where):
    """``x.ndim`` 이 ``ndims`` 중 하나인지 확인한다. 아니면 ValueError."""
    if x.ndim not in ndims:
        want = " 또는 ".join(f"{d}차원" for d in ndims)
        raise ValueError(
            f"{where}: {name}은(는) {want}이어야 하는데 shape {tuple(x.shape)} ({x.ndim}차원)을 받았습니다."
        )


def check_last_dim(x, size, name, where):
    """마지막 축의 크기가 ``size`` 인지 확인한다 (예: 특성 수)."""
    if x.shape[-1] != size:
        raise ValueError(
            f"{where}: {name}의 마지막 축은 {size}여야 하는데 shape {tuple(x.shape)}을 받았습니다."
        )


def check_same_batch(x, y, where, x_name="x", y_name="y"):
    """두 배열의 첫 축(배치 크기 N)이 같은지 확인한다."""
    if x.shape[:1] != y.shape[:1]:
        raise ValueError(
            f"{where}: 배치 크기가 다릅니다: {x_name} shape {tuple(x.shape)}, {y_name} shape {tuple(y.shape)}."
        )


def check_same_shape(a, b, where, a_name, b_name):
    """두 배열의 모양이 똑같은지 확인한다 (예: 순전파 출력과 상류 기울기)."""
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(
            f"{where}: {a_name} shape {tuple(a.shape)}와(과) {b_name} shape {tuple(b.shape)}이 같아야 합니다."
        )


def check_linear_input(x, weight, where, weight_layout):
    """완전연결 층의 입력 검사: x는 (N, in), dtype은 weight와 같아야 한다."""
    in_features = weight.shape[0] if weight_layout == "(in, out)" else weight.shape[1]
    if x.ndim != 2 or x.shape[1] != in_features:
        raise ValueError(
            f"{where}: 입력 x는 (N, {in_features}) 모양이어야 하는데 shape {tuple(x.shape)}을 받았습니다 "
            f"(weight shape {tuple(weight.shape)}, {weight_layout})."
        )
    if x.dtype != weight.dtype:
        raise TypeError(f"{where}: 입력 dtype {x.dtype}이(가) weight dtype {weight.dtype}과(와) 다릅니다.")


def check_reduction(reduction, where):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"{where}: reduction은 'mean' 또는 'sum'이어야 합니다: {reduction!r}")


def check_no_nan(x, where, name="input"):
    """NaN이 섞이면 손실도 기울기도 NaN이 되어 조용히 학습이 망가진다: 일찍 알린다."""
    if bool((x != x).any()):
        raise ValueError(f"{where}: {name}에 NaN이 있습니다 (shape {tuple(x.shape)}).")


def check_probabilities(p, where):
    """이진 교차 엔트로피의 입력은 확률 [0, 1]이어야 한다 (로짓이면 ..._with_logits를 쓴다)."""
    if math.prod(p.shape) > 0:
        lo, hi = float(p.min().item()), float(p.max().item())
        if lo < 0 or hi > 1:
            raise ValueError(
                f"{where}: input은 0과 1 사이의 확률이어야 하는데 범위 [{lo:.4g}, {hi:.4g}]를 받았습니다. "
                "로짓(logit)이라면 binary_cross_entropy_with_logits를 쓰세요."
            )


def check_class_target(logits, target, is_index, where):
    """교차 엔트로피의 정답 규칙: 정수 클래스 번호 (N,) 또는 확률/원-핫 (N, C)."""
    if logits.ndim != 2:
        raise ValueError(f"{where}: input(로짓)은 (N, C) 모양이어야 하는데 shape {tuple(logits.shape)}을 받았습니다.")
    n, c = logits.shape
    if is_index:
        if tuple(target.shape) != (n,):
            raise ValueError(
                f"{where}: 정수 정답은 클래스 번호 (N,) = ({n},) 모양이어야 하는데 shape {tuple(target.shape)}을 받았습니다."
            )
        if n and (int(target.min()) < 0 or int(target.max()) >= c):
            raise ValueError(
                f"{where}: 클래스 번호는 0 이상 {c - 1} 이하여야 하는데 [{int(target.min())}, {int(target.max())}] 범위를 받았습니다."
            )
    elif tuple(target.shape) != (n, c):
        raise ValueError(
            f"{where}: target shape {tuple(target.shape)}이 어느 규칙에도 맞지 않습니다: "
            f"정수 클래스 번호 ({n},) 또는 확률·원-핫 ({n}, {c})이어야 합니다 (input shape {tuple(logits.shape)})."
        )
