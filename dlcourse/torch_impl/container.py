"""층을 차례로 잇는 컨테이너의 PyTorch 쌍둥이."""
from torch import nn

from .._checks import check_distinct_layers


class Sequential(nn.Module):
    """Sequential(층1, 층2, …): 순전파는 층을 차례로 지난다 (역전파는 autograd가 거꾸로 지난다)."""

    def __init__(self, *layers):
        super().__init__()
        for i, layer in enumerate(layers):
            if not isinstance(layer, nn.Module):
                raise TypeError(f"Sequential: {i}번째 인자가 nn.Module이 아닙니다 ({type(layer).__name__}).")
        check_distinct_layers(layers, "Sequential")
        # 이름을 "0", "1", … 로 붙여 매개변수 이름이 scratch(0.weight …)와 같게 한다.
        for i, layer in enumerate(layers):
            self.add_module(str(i), layer)

    def __getitem__(self, i):
        return list(self.children())[i]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self.children())

    def forward(self, x):
        for layer in self.children():
            x = layer(x)
        return x
