"""층을 차례로 잇는 컨테이너."""
from .._checks import check_distinct_layers
from .layer import Layer


class Sequential(Layer):
    """Sequential(층1, 층2, …): 순전파는 앞에서 뒤로, 역전파는 뒤에서 앞으로 층을 지난다."""

    def __init__(self, *layers):
        super().__init__()
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential: {i}번째 인자가 scratch 층이 아닙니다 ({type(layer).__name__}).")
        check_distinct_layers(layers, "Sequential")
        self.layers = list(layers)

    def children(self):
        return self.layers

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        inner = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({inner}\n)"

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        self._remember_output(x)
        return x

    def backward(self, dout, input_grad=True):
        """뒤 층부터 거꾸로. input_grad=False면 첫 층은 입력 기울기를 구하지 않는다 (None을 돌려준다)."""
        dout = self._check_dout(dout)
        for i, layer in enumerate(reversed(self.layers)):
            dout = layer.backward(dout, input_grad=input_grad or i < len(self.layers) - 1)
        return dout
