"""완전연결 층(fully connected layer), 곧 아핀 층(affine layer): y = x W + b."""
import numpy as np

from .._checks import check_linear_input
from .._init import init_weight
from . import init as init_mod
from ._array import as_float_array
from .layer import Layer

class Linear(Layer):
    """y = x W + b.  x: (N, in_features) → y: (N, out_features).

    weight: (in_features, out_features), bias: (out_features,).
    torch의 weight는 (out_features, in_features)라서 가중치를 옮길 때 전치한다.
    init: 'xavier_uniform'(기본), 'xavier_normal', 'kaiming_uniform', 'kaiming_normal' (ReLU용).
    편향은 0에서 시작한다. 난수는 넘겨받은 generator로만 뽑는다.
    """

    def __init__(self, in_features, out_features, bias=True, *, generator, init="xavier_uniform", dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        dtype = np.float64 if dtype is None else dtype
        self.weight = self.add_param("weight", np.empty((in_features, out_features), dtype=dtype))
        init_weight(init, self.weight, generator, functions=init_mod)
        self.bias = self.add_param("bias", np.zeros(out_features, dtype=dtype)) if bias else None
        self._where = repr(self)  # 오류 메시지에 쓰는 이름 (걸음마다 새로 만들지 않는다)

    def __repr__(self):
        return f"Linear(in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None})"

    def forward(self, x):
        x = as_float_array(x, self._where)
        check_linear_input(x, self.weight, self._where, weight_layout="(in, out)")
        self._x = x.copy()  # 제 사본: 호출한 쪽이 x를 고쳐도 dW가 바뀌지 않는다
        y = x @ self.weight
        if self.bias is not None:
            y += self.bias  # 새 배열 y에 제자리로 더한다 (x는 건드리지 않는다)
        self._remember_output(y)
        return y

    def backward(self, dout, input_grad=True):
        """dW = xᵀ·dout, db = Σ_N dout, dx = dout·Wᵀ (input_grad=False면 dx는 건너뛰고 None)."""
        self._check_dout(dout)
        np.matmul(self._x.T, dout, out=self._grads["weight"])  # 버퍼에 바로 쓴다 (복사 없음)
        if self.bias is not None:
            np.sum(dout, axis=0, out=self._grads["bias"])
        return dout @ self.weight.T if input_grad else None

    def _to_torch_layout(self, name, value):
        return value.T if name == "weight" else value

    _from_torch_layout = _to_torch_layout
