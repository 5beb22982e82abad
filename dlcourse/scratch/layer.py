"""scratch 층(layer)의 공통 약속.

- ``forward(x)`` 는 ``backward`` 에 필요한 것만 캐시하고 출력을 돌려준다.
- ``backward(dout)`` 은 입력에 대한 기울기를 돌려주고, 매개변수 기울기는 ``grads`` 에 제자리로 쓴다.
- 어느 쪽도 받은 배열을 고치지 않는다.
- ``params`` 와 ``grads`` 는 같은 순서, 같은 모양의 배열 목록이다 (밑바닥부터 시작하는 딥러닝 2의 방식).
"""
from .._checks import check_same_shape


class Layer:
    """모든 scratch 층의 바탕 클래스."""

    def __init__(self):
        self.params = []
        self.grads = []
        self._out = None

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def _check_dout(self, dout):
        """``backward`` 전에: ``forward`` 를 먼저 불렀는지, 상류 기울기의 모양이 출력과 같은지."""
        name = type(self).__name__
        if self._out is None:
            raise RuntimeError(f"{name}.backward: forward를 먼저 호출해야 합니다.")
        check_same_shape(dout, self._out, f"{name}.backward", "dout", "forward 출력")
