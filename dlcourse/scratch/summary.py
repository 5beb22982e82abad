"""모델을 층별로 순전파하며 모양(shape)과 비용을 기록한다."""
from .container import Sequential
from .linear import Linear


def trace_shapes(model, x):
    """Sequential ``model`` 에 ``x`` 를 흘려 층마다 한 줄씩 돌려준다.

    줄: layer(층 이름), input·output(shape), params(매개변수 수), macs(곱셈-덧셈 수: Linear는 N·in·out).
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"trace_shapes: Sequential이 필요합니다 ({type(model).__name__}).")
    rows = []
    for i, layer in enumerate(model):
        y = layer.forward(x)
        macs = x.shape[0] * layer.in_features * layer.out_features if isinstance(layer, Linear) else 0
        rows.append({"layer": f"{i}: {layer!r}", "input": tuple(x.shape), "output": tuple(y.shape),
                     "params": sum(p.size for p in layer.params), "macs": macs})
        x = y
    return rows
