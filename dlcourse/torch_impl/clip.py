"""기울기 클리핑의 PyTorch 쌍둥이: 같은 식을 텐서 연산으로 (torch.nn.utils.clip_grad_norm_과 비교해 검사한다)."""
import math

import torch

from .._optim import check_clip_args


def _p_norm(x, p):
    """텐서 x를 한 벡터로 본 p-노름 (0차원 텐서, p = inf면 가장 큰 |x|). 가장 큰 |x|로 나눠서 재므로 제곱이 넘치지 않는다."""
    a = x.abs().flatten()
    m = a.amax() if a.numel() else a.new_zeros(())
    if p == math.inf:
        return m
    # 모두 0이거나 inf·NaN이 있으면 나누지 않는다 (그때는 답이 0, inf, NaN). if 대신 where: GPU 동기화가 없다
    scale = torch.where((m > 0) & torch.isfinite(m), m, torch.ones_like(m))
    return scale * ((a / scale) ** p).sum() ** (1 / p)


@torch.no_grad()
def clip_grad_norm_(parameters, max_norm, norm_type=2.0):
    """모든 기울기를 한 벡터로 본 p-노름이 max_norm을 넘으면 같은 비율로 제자리에서 줄인다.

    parameters: 텐서들 (``model.parameters()``) 또는 텐서 하나. 기울기가 None인 매개변수는 건너뛴다.
    ‖g‖ = (Σᵢ ‖gᵢ‖ₚᵖ)^(1/p) (p = inf면 가장 큰 |g|),  c = min(max_norm / (‖g‖ + 1e-6), 1),  gᵢ ← c · gᵢ.
    돌려주는 값: 자르기 전의 전체 노름 (0차원 텐서, 첫 기울기의 장치). c를 텐서로 두어 ``if`` 가 없으므로
    GPU에서 CPU로 값을 읽어 오는 동기화가 없다.
    """
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    max_norm, norm_type = check_clip_args(max_norm, norm_type, "clip_grad_norm_")
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:
        return torch.tensor(0.0)
    device = grads[0].device
    norms = torch.stack([_p_norm(g, norm_type).to(device) for g in grads])  # 매개변수마다의 노름
    total = _p_norm(norms, norm_type)  # 노름들의 노름 = 이어 붙인 벡터의 노름
    clip_coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)
    for g in grads:
        g.mul_(clip_coef.to(g.device))
    return total
