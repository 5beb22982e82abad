"""NumPy로 만든 아주 작은 역방향 자동 미분(reverse-mode automatic differentiation) 엔진.

``Tensor`` 는 배열 값 ``data`` 와 기울기 ``grad`` 를 갖고, 자신을 만든 연산과 부모를 기억한다.
``backward()`` 는 계산 그래프를 위상 정렬(topological sort)한 뒤 출력에서 입력 쪽으로 거꾸로 가며
연산마다 국소 기울기(local gradient)를 곱해 더한다 (연쇄 법칙). micrograd의 생각을 배열로 넓혔다.
PyTorch의 쌍둥이는 ``torch.autograd`` 그 자체다.
"""
import numpy as np

__all__ = ["Tensor"]


def _unbroadcast(grad, shape):
    """브로드캐스트로 늘어난 축의 기울기를 더해 원래 모양으로 되돌린다."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _check_matmul(a_shape, b_shape):
    """행렬 곱 ``A @ B`` 가 되는 모양인지 확인하고, 안 되면 두 모양을 밝혀 알린다."""
    where = f"Tensor.__matmul__: {a_shape} @ {b_shape}"
    if not a_shape or not b_shape:
        raise ValueError(f"{where}: 스칼라(0차원)는 행렬 곱을 할 수 없습니다. 원소별 곱은 * 를 쓰세요.")
    inner = b_shape[-2] if len(b_shape) > 1 else b_shape[0]
    if a_shape[-1] != inner:
        raise ValueError(f"{where}: 왼쪽의 마지막 축({a_shape[-1]})과 오른쪽의 "
                         f"{'뒤에서 두 번째' if len(b_shape) > 1 else '첫'} 축({inner})이 같아야 합니다.")
    try:
        np.broadcast_shapes(a_shape[:-2], b_shape[:-2])
    except ValueError:
        raise ValueError(f"{where}: 배치 축 {a_shape[:-2]}와 {b_shape[:-2]}를 브로드캐스트할 수 없습니다.") from None


class Tensor:
    """자동 미분이 되는 배열. 예: ``(x @ w + b).relu().sum().backward()`` 뒤 ``w.grad``."""

    def __init__(self, data, requires_grad=False, _parents=(), _op=""):
        data = np.asarray(data)
        self.data = data if np.issubdtype(data.dtype, np.floating) else data.astype(np.float64)
        self.requires_grad = requires_grad or any(p.requires_grad for p in _parents)
        self.grad = None
        self._parents = _parents
        self._op = _op
        self._backward = lambda: None

    def __repr__(self):
        return f"Tensor({self.data!r}, op={self._op!r})" if self._op else f"Tensor({self.data!r})"

    @property
    def shape(self):
        return self.data.shape

    def _accumulate(self, grad):
        if self.requires_grad:
            self.grad = grad if self.grad is None else self.grad + grad

    @staticmethod
    def _wrap(x):
        return x if isinstance(x, Tensor) else Tensor(x)

    # --- 연산: 순전파 값과, 출력 기울기 g를 부모에게 나눠 주는 규칙 --------------------------
    def __add__(self, other):
        other = self._wrap(other)
        out = Tensor(self.data + other.data, _parents=(self, other), _op="add")

        def backward():
            self._accumulate(_unbroadcast(out.grad, self.shape))
            other._accumulate(_unbroadcast(out.grad, other.shape))
        out._backward = backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = Tensor(self.data * other.data, _parents=(self, other), _op="mul")

        def backward():
            self._accumulate(_unbroadcast(out.grad * other.data, self.shape))
            other._accumulate(_unbroadcast(out.grad * self.data, other.shape))
        out._backward = backward
        return out

    def __matmul__(self, other):
        other = self._wrap(other)
        _check_matmul(self.shape, other.shape)
        out = Tensor(self.data @ other.data, _parents=(self, other), _op="matmul")

        def backward():  # (…, N, D) @ (…, D, M): dA = g Bᵀ, dB = Aᵀ g (ᵀ: 마지막 두 축을 맞바꾸기)
            # 1차원 피연산자는 행렬 (1, D)·(D, 1)로 보고, 곱에서 빠진 축을 g에도 되살린다
            a = self.data[None, :] if self.data.ndim == 1 else self.data
            b = other.data[:, None] if other.data.ndim == 1 else other.data
            g = out.grad[..., None] if other.data.ndim == 1 else out.grad
            g = g[..., None, :] if self.data.ndim == 1 else g
            # 브로드캐스트된 배치 축은 더해서 없애고, 원래 모양으로 되돌린다
            self._accumulate(_unbroadcast(g @ b.swapaxes(-1, -2), a.shape).reshape(self.shape))
            other._accumulate(_unbroadcast(a.swapaxes(-1, -2) @ g, b.shape).reshape(other.shape))
        out._backward = backward
        return out

    def __pow__(self, exponent):
        if not isinstance(exponent, (int, float)):
            raise TypeError(f"Tensor.__pow__: 지수는 파이썬 수여야 합니다 ({type(exponent).__name__}).")
        out = Tensor(self.data**exponent, _parents=(self,), _op="pow")

        def backward():
            self._accumulate(out.grad * exponent * self.data ** (exponent - 1))
        out._backward = backward
        return out

    def sum(self, axis=None, keepdims=False):
        out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), _parents=(self,), _op="sum")

        def backward():  # 더해진 모든 원소에 같은 기울기가 간다
            g = out.grad if keepdims or axis is None else np.expand_dims(out.grad, axis)
            self._accumulate(np.broadcast_to(g, self.shape).copy())
        out._backward = backward
        return out

    def exp(self):
        out = Tensor(np.exp(self.data), _parents=(self,), _op="exp")

        def backward():
            self._accumulate(out.grad * out.data)
        out._backward = backward
        return out

    def log(self):
        out = Tensor(np.log(self.data), _parents=(self,), _op="log")

        def backward():
            self._accumulate(out.grad / self.data)
        out._backward = backward
        return out

    def relu(self):
        out = Tensor(np.where(self.data > 0, self.data, 0), _parents=(self,), _op="relu")

        def backward():
            self._accumulate(out.grad * (self.data > 0))
        out._backward = backward
        return out

    def tanh(self):
        out = Tensor(np.tanh(self.data), _parents=(self,), _op="tanh")

        def backward():
            self._accumulate(out.grad * (1 - out.data**2))
        out._backward = backward
        return out

    # --- 다른 연산으로 만든 편의 연산 -----------------------------------------------------
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-self._wrap(other))

    def __truediv__(self, other):
        return self * self._wrap(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    def mean(self, axis=None, keepdims=False):
        count = self.data.size if axis is None else self.data.shape[axis]
        return self.sum(axis=axis, keepdims=keepdims) / count

    def detach(self):
        """같은 값, 그래프와는 끊긴 텐서 (기울기가 흐르지 않는 상수)."""
        return Tensor(self.data.copy())

    # --- 역전파 -----------------------------------------------------------------------
    def backward(self, grad=None):
        """이 텐서에서 시작해 그래프의 모든 조상에게 기울기를 채운다. 스칼라면 grad=1."""
        if grad is None:
            if self.data.size != 1:
                raise ValueError(f"Tensor.backward: 스칼라가 아닌 출력 shape {self.shape}에는 grad를 주어야 합니다.")
            grad = np.ones_like(self.data)
        order, visited, stack = [], set(), [(self, False)]
        while stack:  # 재귀 대신 스택으로 깊이 우선 위상 정렬: 부모가 자식보다 앞에 온다
            node, parents_done = stack.pop()
            if parents_done:  # 부모들이 모두 order에 들어갔으니 이제 자신의 차례
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))  # 위에 쌓인 부모들을 다 처리한 뒤 다시 꺼내진다
                stack.extend((parent, False) for parent in node._parents)
        for node in order:  # 중간 노드의 기울기는 이번 역전파에서 새로 모은다
            if node._parents:
                node.grad = None
        self.grad = np.asarray(grad, dtype=self.data.dtype)
        for node in reversed(order):
            if node._parents and node.grad is not None:
                node._backward()
