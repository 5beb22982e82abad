"""배치 정규화의 PyTorch 쌍둥이: 평균·분산·제곱근을 텐서 연산으로 (F.batch_norm을 부르지 않는다)."""
import torch
from torch import nn

from .._regularization import check_batchnorm_args, check_batchnorm_input
from ._tensor import as_float_tensor


class BatchNorm1d(nn.Module):
    """x: (N, C) → y: (N, C).  y = γ · (x − μ) / √(σ² + eps) + β  (특성마다 따로, 기울기는 autograd).

    학습 모드: μ, σ²는 배치 평균과 편향 분산. 이동 평균은 불편 분산 σ²·N/(N − 1)로 갱신한다
    (momentum=None이면 누적 평균: m = 1/num_batches_tracked). 평가 모드: running_mean, running_var
    (track_running_stats=False면 배치 통계). 매개변수·버퍼의 이름과 모양은 ``torch.nn.BatchNorm1d`` 와 같아
    state_dict를 서로 주고받을 수 있다. dtype이 None이면 torch의 기본 dtype (Linear와 같다).
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, *, dtype=None):
        super().__init__()
        check_batchnorm_args(num_features, eps, momentum, "BatchNorm1d")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = torch.get_default_dtype() if dtype is None else dtype
        if not dtype.is_floating_point:
            raise TypeError(f"BatchNorm1d: dtype은 실수형이어야 하는데 {dtype}을(를) 받았습니다.")
        if affine:
            self.weight = nn.Parameter(torch.ones(num_features, dtype=dtype))
            self.bias = nn.Parameter(torch.zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", torch.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", torch.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self._where = f"BatchNorm1d({self.extra_repr()})"

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, track_running_stats={self.track_running_stats}")

    def forward(self, x):
        x = as_float_tensor(x, self._where)
        use_batch = self.training or not self.track_running_stats
        like = self.weight if self.affine else self.running_mean  # 층의 dtype (.double() 뒤에도 맞게 텐서에서 읽는다)
        check_batchnorm_input(x, self.num_features, use_batch, None if like is None else like.dtype, self._where)
        if use_batch:
            mean = x.mean(dim=0)
            var = x.var(dim=0, correction=0)  # 편향 분산 (1/N)
            if self.training and self.track_running_stats:
                self._update_running_stats(mean.detach(), var.detach(), x.shape[0])
        else:
            mean, var = self.running_mean, self.running_var
        xhat = (x - mean) / torch.sqrt(var + self.eps)
        return xhat * self.weight + self.bias if self.affine else xhat

    @torch.no_grad()
    def _update_running_stats(self, mean, var, n):
        """이동 평균을 제자리에서 갱신한다 (불편 분산). GPU에서도 값을 CPU로 읽지 않는다."""
        self.num_batches_tracked += 1
        m = 1.0 / self.num_batches_tracked.to(mean.dtype) if self.momentum is None else self.momentum
        self.running_mean.copy_((1 - m) * self.running_mean + m * mean)
        self.running_var.copy_((1 - m) * self.running_var + m * (var * (n / (n - 1))))
