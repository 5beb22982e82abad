"""완전연결 층의 PyTorch 쌍둥이: y = x Wᵀ + b (torch의 weight는 (out, in))."""
import torch
from torch import nn

from .._checks import check_linear_input
from .._init import init_weight  # 이름 → 함수 고르기는 백엔드와 무관하다
from . import init as init_mod
from ._tensor import as_float_tensor


class Linear(nn.Module):
    """y = x Wᵀ + b.  x: (N, in_features) → y: (N, out_features).

    weight: (out_features, in_features) — ``torch.nn.Linear`` 와 같은 모양, bias: (out_features,).
    """

    def __init__(self, in_features, out_features, bias=True, *, generator, init="xavier_uniform", dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight = nn.Parameter(torch.empty(out_features, in_features, dtype=dtype))
        init_weight(init, self.weight, generator, functions=init_mod)
        self.bias = nn.Parameter(torch.zeros(out_features, dtype=dtype)) if bias else None
        self._where = f"Linear({self.extra_repr()})"  # 오류 메시지에 쓰는 이름 (걸음마다 새로 만들지 않는다)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"

    def forward(self, x):
        x = as_float_tensor(x, self._where)
        check_linear_input(x, self.weight, self._where, weight_layout="(out, in)")
        if self.bias is None:
            return x @ self.weight.T
        return torch.addmm(self.bias, x, self.weight.T)  # b + x Wᵀ 를 연산 하나로 (torch.nn.Linear와 같은 커널)
