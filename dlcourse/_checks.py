"""두 백엔드가 함께 쓰는 입력 검사.

NumPy 배열과 torch 텐서 모두 ``.shape`` 와 ``.ndim`` 을 가지므로, 모양 검사는 한 곳에 둔다.
잘못된 입력은 어떤 모양(shape)이 왜 틀렸는지 이름을 붙여 알린다.
"""


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
