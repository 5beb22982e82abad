"""드롭아웃(dropout): 학습할 때 뉴런을 확률 p로 무작위로 끈다 (역 드롭아웃, inverted dropout)."""

from .._regularization import check_dropout_p, check_numpy_generator
from ._array import as_float_array
from .layer import Layer


class Dropout(Layer):
    """학습 모드: u ~ U[0, 1) 를 원소마다 뽑아 keep = (u ≥ p), y = x · keep / (1 − p).  평가 모드: y = x.

    x: (N, D) (어떤 모양이든 된다) → y: x와 같은 모양.
    남긴 값을 1/(1 − p) 배 해 두므로 출력의 기댓값이 x와 같다: 평가 때는 아무것도 하지 않으면 된다.
    p = 1이면 출력은 모두 0이다 (torch와 같다; 1/(1 − p)로 나누지 않는다).
    난수는 넘겨받은 NumPy 생성기로만 뽑는다. 평가 모드에서는 뽑지 않는다 (생성기가 나아가지 않는다).

    ``mask`` 는 마지막 학습 모드 순전파의 keep (불리언, x와 같은 모양)이다. 평가 모드 순전파 뒤에는 None.
    역전파: dx = dout · keep / (1 − p) — 순전파와 같은 마스크, 같은 배율.
    """

    def __init__(self, p=0.5, *, generator):
        super().__init__()
        self.p = check_dropout_p(p, "Dropout")
        check_numpy_generator(generator, "Dropout")
        self.generator = generator
        self.mask = None
        self._scale = None  # keep / (1 − p) (x의 dtype): 역전파가 곱한다. 평가 모드 순전파 뒤에는 None

    def __repr__(self):
        return f"Dropout(p={self.p})"

    def forward(self, x):
        x = as_float_array(x, "Dropout")
        if not self.training:
            self.mask, self._scale = None, None
            y = x.copy()  # 항등 함수지만 호출한 쪽의 배열을 그대로 돌려주지 않는다
        else:
            self.mask = self.generator.random(x.shape) >= self.p  # u ~ U[0, 1): P(keep) = 1 − p
            factor = 0.0 if self.p == 1 else 1.0 / (1.0 - self.p)
            self._scale = self.mask.astype(x.dtype) * x.dtype.type(factor)
            y = x * self._scale
        self._remember_output(y)
        return y

    def backward(self, dout, input_grad=True):
        """dx = dout · keep / (1 − p) (평가 모드였다면 dx = dout). 매개변수가 없다."""
        dout = self._check_dout(dout)
        if not input_grad:
            return None
        return dout.copy() if self._scale is None else dout * self._scale
