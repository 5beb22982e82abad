"""두 백엔드가 함께 쓰는 입력 검사.

NumPy 배열과 torch 텐서 모두 ``.shape`` 와 ``.ndim`` 을 가지므로, 모양 검사는 한 곳에 둔다.
잘못된 입력은 어떤 모양(shape)이 왜 틀렸는지 이름을 붙여 알린다.
"""
import math

import numpy as np


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


def _is_torch(x):
    """torch 텐서인가. torch를 import하지 않고 알아낸다 (scratch는 torch 없이 돈다)."""
    return type(x).__module__.startswith("torch")


def _on_device(x):
    """CPU가 아닌 장치(CUDA 등)의 torch 텐서인가."""
    return _is_torch(x) and x.device.type != "cpu"


def require(ok, message):
    """값 검사: ``ok`` (불리언 0차원 배열/텐서)가 거짓이면 ValueError(message).

    GPU 텐서에서 ``bool(ok)`` 는 GPU가 끝나기를 기다리는 동기화(GPU→CPU 복사)를 부른다. 학습 걸음마다 그러면 느려지므로
    GPU에서는 ``torch._assert_async`` 로 장치 안에서 검사한다 (틀리면 다음 동기화 때 오류가 난다).
    """
    if _on_device(ok):
        import torch

        torch._assert_async(ok, message)
    elif not bool(ok):
        raise ValueError(message)


def check_finite(x, where, name="input"):
    """NaN이나 ±inf가 섞이면 손실도 기울기도 조용히 망가진다: 모든 공개 함수가 입력에서 일찍 알린다.

    torch의 빠른 길: 합이 유한하면 모든 원소가 유한하다 (NaN이나 inf가 하나라도 있으면 합도 NaN이나 inf다).
    합이 유한하지 않을 때만 원소별로 센다 (아주 큰 유한한 값들의 합이 넘친 것일 수도 있으므로).
    학습 걸음마다 층마다 부르므로, torch CPU에서 느린 불리언 연산 여럿(isfinite)보다 합 한 번이 훨씬 싸다.
    GPU에서는 값을 CPU로 읽지 않는다: 0·(유한) = 0, 0·inf = 0·NaN = NaN 이므로 (0·x)의 합이 0인지 장치에서 검사한다.
    """
    message = f"{where}: {name}에 NaN 또는 inf가 {{}}개 있습니다 (shape {tuple(x.shape)})."
    if _is_torch(x):
        x = x.detach()
        if _on_device(x):
            require((x * 0).sum() == 0, message.format("하나 이상"))
        elif not math.isfinite(x.sum().item()) and (bad := int((~x.isfinite()).sum())):
            raise ValueError(message.format(bad))
        return
    finite = np.isfinite(x)  # NumPy에서는 원소별 검사가 합보다 빠르다 (벡터화된 ufunc 하나)
    if not finite.all():
        raise ValueError(message.format(int((~finite).sum())))


def check_probabilities(p, where):
    """이진 교차 엔트로피의 입력은 확률 [0, 1]이어야 한다 (로짓이면 ..._with_logits를 쓴다)."""
    if math.prod(p.shape) == 0:
        return
    hint = "로짓(logit)이라면 binary_cross_entropy_with_logits를 쓰세요."
    if _on_device(p):
        require(((p >= 0) & (p <= 1)).all(), f"{where}: input은 0과 1 사이의 확률이어야 합니다. {hint}")
        return
    p = p.detach() if _is_torch(p) else p
    lo, hi = float(p.min()), float(p.max())
    if lo < 0 or hi > 1:
        raise ValueError(f"{where}: input은 0과 1 사이의 확률이어야 하는데 범위 [{lo:.4g}, {hi:.4g}]를 받았습니다. {hint}")


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
        if n and _on_device(target):
            require(((target >= 0) & (target < c)).all(), f"{where}: 클래스 번호는 0 이상 {c - 1} 이하여야 합니다.")
        elif n:
            lo, hi = (target.aminmax() if _is_torch(target) else (target.min(), target.max()))
            lo, hi = int(lo), int(hi)
            if lo < 0 or hi >= c:
                raise ValueError(f"{where}: 클래스 번호는 0 이상 {c - 1} 이하여야 하는데 [{lo}, {hi}] 범위를 받았습니다.")
    elif tuple(target.shape) != (n, c):
        raise ValueError(
            f"{where}: target shape {tuple(target.shape)}이 어느 규칙에도 맞지 않습니다: "
            f"정수 클래스 번호 ({n},) 또는 확률·원-핫 ({n}, {c})이어야 합니다 (input shape {tuple(logits.shape)})."
        )


def check_accuracy_shapes(output, target, where="accuracy"):
    """정확도의 모양 규칙. 다중 분류: 로짓 (N, C), 정답 번호 (N,). 이진: 로짓 (N,) 또는 (N, 1), 정답 (N,) 또는 같은 모양.

    (N, C) 와 (N, 1) 을 비교하면 브로드캐스트로 N×N 비교가 되어 틀린 숫자가 조용히 나온다: 그 전에 막는다.
    """
    if output.ndim == 2 and output.shape[1] > 1:
        if tuple(target.shape) != (output.shape[0],):
            raise ValueError(
                f"{where}: 로짓 shape {tuple(output.shape)} (N, C)에는 정답 번호 ({output.shape[0]},)가 필요한데 "
                f"target shape {tuple(target.shape)}을 받았습니다."
            )
        return
    n = output.shape[0] if output.ndim else None
    ok_output = output.ndim == 1 or (output.ndim == 2 and output.shape[1] == 1)
    if not ok_output or tuple(target.shape) not in {(n,), tuple(output.shape)}:
        raise ValueError(
            f"{where}: 이진 로짓은 (N,) 또는 (N, 1), 정답은 (N,) 또는 로짓과 같은 모양이어야 하는데 "
            f"output shape {tuple(output.shape)}, target shape {tuple(target.shape)}을 받았습니다."
        )


def check_distinct_layers(layers, where):
    """같은 층 객체가 두 번 들어 있으면 ValueError.

    scratch 층은 forward에서 캐시를 덮어쓰므로 두 번째 호출이 첫 번째의 캐시를 지워 기울기가 틀린다.
    torch 쪽도 ``children()`` 이 중복을 한 번만 돌려주어 그 층이 한 번만 적용된다. 그래서 둘 다 막는다:
    같은 층을 두 번 쓰려면 가중치를 나눠 갖는 두 층이 아니라, 층을 두 개 만든다.
    """
    seen = {}
    for i, layer in enumerate(layers):
        if id(layer) in seen:
            raise ValueError(
                f"{where}: {seen[id(layer)]}번째와 {i}번째 인자가 같은 층 객체({layer!r})입니다. "
                "층 하나를 두 번 쓰면 캐시와 기울기가 꼬입니다: 층을 따로 만드세요."
            )
        seen[id(layer)] = i
