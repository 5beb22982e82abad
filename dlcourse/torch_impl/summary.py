"""모델을 층별로 순전파하며 모양과 비용을 기록한다 (PyTorch 쌍둥이)."""
import torch

from .container import Sequential
from .linear import Linear


@torch.no_grad()
def trace_shapes(model, x):
    """Sequential ``model`` 에 ``x`` 를 흘려 층마다 (layer, input, output, params, macs) 한 줄씩."""
    if not isinstance(model, Sequential):
        raise TypeError(f"trace_shapes: Sequential이 필요합니다 ({type(model).__name__}).")
    rows = []
    for i, layer in enumerate(model):
        y = layer(x)
        macs = x.shape[0] * layer.in_features * layer.out_features if isinstance(layer, Linear) else 0
        rows.append({"layer": f"{i}: {layer!r}", "input": tuple(x.shape), "output": tuple(y.shape),
                     "params": sum(p.numel() for p in layer.parameters()), "macs": macs})
        x = y
    return rows
