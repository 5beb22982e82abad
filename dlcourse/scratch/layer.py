"""scratch 층(layer)의 공통 약속.

- ``forward(x)`` 는 ``backward`` 에 필요한 것만 캐시하고 출력을 돌려준다.
- ``backward(dout)`` 은 입력에 대한 기울기를 돌려주고, 매개변수의 기울기는 ``grads`` 에 제자리로 쓴다.
- 어느 쪽도 받은 배열을 고치지 않는다. 층은 호출한 쪽과 배열을 나눠 갖지 않는다: ``forward`` 가 돌려준 출력이나
  넘겨받은 입력을 호출한 쪽이 나중에 고쳐도 ``backward`` 의 답은 바뀌지 않는다 (필요한 것은 제 사본으로 캐시한다).
- ``backward(dout)`` 의 dout은 출력과 모양도 dtype도 같아야 한다 (float32 층에 float64 기울기가 조용히 섞이지 않게).
- ``backward(dout, input_grad=False)`` 는 매개변수의 기울기만 쓰고 입력 기울기는 구하지 않는다(None을 돌려준다).
  입력이 데이터라 그 기울기를 아무도 쓰지 않을 때(첫 층) 행렬 곱 하나를 아낀다: torch가 ``requires_grad=False`` 인
  입력의 기울기를 구하지 않는 것과 같다.
- ``params`` 와 ``grads`` 는 같은 순서, 같은 모양의 배열 목록이다 (밑바닥부터 시작하는 딥러닝 2의 방식).
  ``params[i] -= lr * grads[i]`` 처럼 제자리에서 고치면 층의 가중치가 바로 바뀐다.
- 매개변수 이름은 torch를 따른다 (``weight``, ``bias``, 하위 층은 ``0.weight`` …).
  ``state_dict`` / ``load_state_dict`` 는 torch의 모양으로 주고받아 쌍둥이끼리 가중치를 옮길 수 있다.
- 버퍼(buffer)는 학습하지 않는 상태다 (예: BatchNorm1d의 ``running_mean``). ``add_buffer`` 로 등록하면
  ``params`` / ``grads`` / ``parameters()`` 에는 없고 (옵티마이저가 건드리지 않는다) ``state_dict`` 에는 torch와 같은
  이름·순서로 들어간다: 층마다 제 매개변수, 제 버퍼, 그다음 하위 층 (``1.running_mean`` …).
- 모드: ``training`` 은 처음에 True다. ``train(mode)`` 는 하위 층까지 모드를 바꾸고 ``eval()`` 은 ``train(False)`` 다
  (``torch.nn.Module`` 과 같다). Dropout·BatchNorm1d처럼 두 모드에서 계산이 다른 층만 이 값을 읽는다.
"""
from typing import NamedTuple

import numpy as np

from .._checks import check_same_shape


class Parameter(NamedTuple):
    """옵티마이저가 보는 매개변수 하나: 값 ``data`` 와 기울기 ``grad`` (둘 다 층이 가진 배열 그 자체).

    torch의 매개변수처럼 ``p.data`` 와 ``p.grad`` 로 읽으므로, 두 백엔드의 옵티마이저가 같은 모양이 된다.
    """

    name: str
    data: np.ndarray
    grad: np.ndarray


class Layer:
    """모든 scratch 층의 바탕 클래스."""

    def __init__(self):
        self.training = True
        self._params = {}
        self._grads = {}
        self._buffers = {}
        self._out_like = None  # 마지막 forward 출력의 (shape, dtype): backward가 dout을 검사할 때 쓴다

    def __call__(self, x):
        return self.forward(x)

    def __repr__(self):
        return f"{type(self).__name__}()"

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout, input_grad=True):
        raise NotImplementedError

    # --- 매개변수 -------------------------------------------------------------------
    def add_param(self, name, value):
        """매개변수를 등록하고 같은 모양·dtype의 기울기 버퍼(0)를 한 번 만든다."""
        self._params[name] = value
        self._grads[name] = np.zeros_like(value)
        return value

    def add_buffer(self, name, value):
        """버퍼(학습하지 않는 상태)를 등록한다: 기울기가 없고 옵티마이저가 보지 않지만 ``state_dict`` 에는 들어간다.

        ``torch.nn.Module.register_buffer`` 의 쌍둥이다. 값은 제자리에서 고쳐 쓴다 (``load_state_dict`` 도 제자리 복사).
        """
        if name in self._params or name in self._buffers:
            raise ValueError(f"{type(self).__name__}.add_buffer: 이름 {name!r}이(가) 이미 있습니다.")
        self._buffers[name] = value
        return value

    def children(self):
        """하위 층 목록 (Sequential 같은 컨테이너만 비어 있지 않다)."""
        return []

    def modules(self):
        """자기 자신과 모든 하위 층을 앞에서부터 (``torch.nn.Module.modules`` 처럼)."""
        yield self
        for child in self.children():
            yield from child.modules()

    def named_parameters(self, prefix=""):
        """(이름, 배열) 쌍을 torch와 같은 이름으로: ``weight``, ``0.weight`` …"""
        for name, value in self._params.items():
            yield prefix + name, value
        for i, child in enumerate(self.children()):
            yield from child.named_parameters(f"{prefix}{i}.")

    def named_buffers(self, prefix=""):
        """(이름, 배열) 쌍의 버퍼: ``running_mean``, ``1.running_var`` …"""
        for name, value in self._buffers.items():
            yield prefix + name, value
        for i, child in enumerate(self.children()):
            yield from child.named_buffers(f"{prefix}{i}.")

    def buffers(self):
        return [b for _, b in self.named_buffers()]

    def named_grads(self, prefix=""):
        for name, value in self._grads.items():
            yield prefix + name, value
        for i, child in enumerate(self.children()):
            yield from child.named_grads(f"{prefix}{i}.")

    @property
    def params(self):
        return [p for _, p in self.named_parameters()]

    @property
    def grads(self):
        return [g for _, g in self.named_grads()]

    def parameters(self):
        """[Parameter(이름, 값, 기울기), …] — 옵티마이저에 넘긴다: ``SGD(model.parameters(), lr=0.1)``."""
        return [Parameter(n, p, g) for (n, p), (_, g) in zip(self.named_parameters(), self.named_grads())]

    # --- 모드 --------------------------------------------------------------------------
    def train(self, mode=True):
        """학습 모드(mode=True) 또는 평가 모드(False)로 바꾼다. 하위 층도 함께 바뀐다. 자기 자신을 돌려준다."""
        if not isinstance(mode, bool):
            raise ValueError(f"{type(self).__name__}.train: mode는 True/False여야 하는데 {mode!r}을(를) 받았습니다.")
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self):
        """평가 모드: ``train(False)`` 와 같다. Dropout은 아무것도 버리지 않고(항등 함수), BatchNorm1d는 이동 평균 통계를 쓴다."""
        return self.train(False)

    # --- torch와 가중치 주고받기 ----------------------------------------------------------
    def _to_torch_layout(self, name, value):
        """scratch 배열을 torch 쌍둥이의 모양으로 (기본은 그대로; Linear는 weight를 전치)."""
        return value

    def _from_torch_layout(self, name, value):
        return value

    def _entries(self, prefix=""):
        """state_dict의 항목 (전체 이름, 층, 이름, 저장소) — torch와 같은 순서: 제 매개변수, 제 버퍼, 하위 층."""
        for store in (self._params, self._buffers):
            for name in store:
                yield prefix + name, self, name, store
        for i, child in enumerate(self.children()):
            yield from child._entries(f"{prefix}{i}.")

    def state_dict(self):
        """{이름: torch 모양의 사본} — 매개변수와 버퍼. 값을 ``torch.tensor`` 로 바꾸면 torch 쌍둥이나 ``torch.nn`` 층의
        ``load_state_dict`` (strict=True)에 그대로 들어간다 (:func:`dlcourse.convert.copy_to_torch` 가 그렇게 한다)."""
        return {full: owner._to_torch_layout(name, store[name]).copy() for full, owner, name, store in self._entries()}

    def load_state_dict(self, state):
        """torch 모양의 {이름: 배열}을 받아 제자리에 복사한다. 이름이나 모양이 다르면 ValueError.

        정수 버퍼(``num_batches_tracked``)에 실수 값이 오면 TypeError: 조용히 잘라 넣지 않는다.
        모두 검사한 다음에 복사하므로, 오류가 나면 아무것도 바뀌지 않는다.
        """
        owners = {full: (owner, name, store) for full, owner, name, store in self._entries()}
        if set(owners) != set(state):
            raise ValueError(
                f"{type(self).__name__}.load_state_dict: 매개변수·버퍼 이름이 다릅니다. "
                f"없는 것 {sorted(set(owners) - set(state))}, 남는 것 {sorted(set(state) - set(owners))}"
            )
        pairs = []
        for full, (owner, name, store) in owners.items():
            value = owner._from_torch_layout(name, np.asarray(state[full]))
            target = store[name]
            kind = "매개변수" if store is owner._params else "버퍼"
            check_same_shape(value, target, f"load_state_dict[{full!r}]", "받은 값(변환 후)", kind)
            if np.issubdtype(target.dtype, np.integer) and not np.issubdtype(value.dtype, np.integer):
                raise TypeError(
                    f"load_state_dict[{full!r}]: 정수 {kind}({target.dtype})에 dtype {value.dtype} 값을 넣을 수 없습니다."
                )
            pairs.append((target, value))
        for target, value in pairs:
            target[...] = value

    def _remember_output(self, out):
        """forward 끝에 부른다: backward가 dout을 검사하도록 출력의 모양과 dtype만 기억한다 (배열은 잡지 않는다)."""
        self._out_like = (tuple(np.shape(out)), np.asarray(out).dtype)

    def _keep_output(self, y):
        """출력 y를 역전파용으로 ``self._y`` 에 캐시하고, 호출한 쪽에는 사본을 준다 (호출한 쪽이 고쳐도 캐시는 그대로)."""
        self._y = y
        self._remember_output(y)
        return y.copy()

    def _check_dout(self, dout):
        """``backward`` 전에: forward를 먼저 불렀는지, 상류 기울기의 모양·dtype이 출력과 같은지.

        스칼라 출력(손실)에는 파이썬 수 ``1.0`` 도 받는다. 검사한 dout을 배열로 돌려준다.
        값(NaN·inf)은 검사하지 않는다: 유한성은 데이터가 들어오는 곳(순전파의 입력과 정답)에서 검사하고,
        역전파는 그 값들로 계산한 기울기만 흘리므로 층마다 다시 보면 시간만 든다.
        """
        name = type(self).__name__
        if self._out_like is None:
            raise RuntimeError(f"{name}.backward: forward를 먼저 호출해야 합니다.")
        shape, dtype = self._out_like
        if type(dout) in (int, float) and shape == ():
            dout = np.asarray(dout, dtype=dtype)
        dout = np.asarray(dout)
        if dout.shape != shape:
            raise ValueError(f"{name}.backward: dout shape {dout.shape}와(과) forward 출력 shape {shape}이 같아야 합니다.")
        if dout.dtype != dtype:
            raise TypeError(f"{name}.backward: dout dtype {dout.dtype}이(가) forward 출력 dtype {dtype}과(와) 다릅니다.")
        return dout
