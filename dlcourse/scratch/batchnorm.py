"""배치 정규화(batch normalization): 미니배치의 평균과 분산으로 특성마다 정규화한 뒤 γ배 하고 β를 더한다."""
import numpy as np

from .._regularization import check_batchnorm_args, check_batchnorm_input
from ._array import as_float_array
from .layer import Layer


class BatchNorm1d(Layer):
    """x: (N, C) → y: (N, C).  y = γ · x̂ + β,  x̂ = (x − μ) / √(σ² + eps)  (C = num_features, 특성마다 따로).

    - 학습 모드: μ, σ²는 이 배치의 평균과 **편향** 분산 (1/N). 이동 평균(버퍼)도 갱신한다 (torch의 규칙):
      running_mean ← (1 − m)·running_mean + m·μ,  running_var ← (1 − m)·running_var + m·σ²·N/(N − 1)
      (이동 분산에는 **불편** 분산을 쓴다). momentum=None이면 m = 1/num_batches_tracked, 곧 누적 평균이다.
    - 평가 모드: μ, σ² 대신 running_mean, running_var를 쓴다 (track_running_stats=False면 평가 때도 배치 통계).
    - affine=True면 매개변수 weight(γ, 1로 시작)와 bias(β, 0으로 시작), 모양 (C,).
    - track_running_stats=True면 버퍼 running_mean (0), running_var (1), num_batches_tracked (0, int64).
    - dtype: None이면 float64 (Linear와 같다). 입력의 dtype이 층과 다르면 TypeError.
    - 입력은 (N, C)만 받는다. 배치 통계를 쓸 때 N < 2면 ValueError (torch: N = 1이면 오류).
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, *, dtype=None):
        super().__init__()
        check_batchnorm_args(num_features, eps, momentum, "BatchNorm1d")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = np.dtype(np.float64 if dtype is None else dtype)
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"BatchNorm1d: dtype은 실수형이어야 하는데 {dtype}을(를) 받았습니다.")
        if affine:
            self.weight = self.add_param("weight", np.ones(num_features, dtype=dtype))
            self.bias = self.add_param("bias", np.zeros(num_features, dtype=dtype))
        else:
            self.weight = self.bias = None
        if track_running_stats:
            self.running_mean = self.add_buffer("running_mean", np.zeros(num_features, dtype=dtype))
            self.running_var = self.add_buffer("running_var", np.ones(num_features, dtype=dtype))
            self.num_batches_tracked = self.add_buffer("num_batches_tracked", np.zeros((), dtype=np.int64))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None
        self._dtype = dtype if (affine or track_running_stats) else None  # 배열이 하나도 없으면 입력 dtype을 따른다
        self._where = repr(self)

    def __repr__(self):
        return (f"BatchNorm1d({self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, track_running_stats={self.track_running_stats})")

    def forward(self, x):
        x = as_float_array(x, self._where)
        use_batch = self.training or not self.track_running_stats
        check_batchnorm_input(x, self.num_features, use_batch, self._dtype, self._where)
        if use_batch:
            mean = x.mean(axis=0)
            xc = x - mean
            var = np.mean(xc * xc, axis=0)  # 편향 분산 (1/N): 정규화에 쓴다
            if self.training and self.track_running_stats:
                self._update_running_stats(mean, var, len(x))
        else:
            xc = x - self.running_mean
            var = self.running_var
        self._std = np.sqrt(var + self.eps)  # (C,) 새 배열: 역전파가 쓴다
        self._xhat = xc / self._std          # (N, C) 제 배열: 호출한 쪽이 x를 고쳐도 역전파는 그대로
        self._batch_stats = use_batch
        y = self._xhat * self.weight + self.bias if self.affine else self._xhat.copy()
        self._remember_output(y)
        return y

    def _update_running_stats(self, mean, var, n):
        """이동 평균을 제자리에서 갱신한다. 분산은 불편 추정 σ²·N/(N − 1)로 (torch와 같다)."""
        self.num_batches_tracked += 1
        m = 1.0 / int(self.num_batches_tracked) if self.momentum is None else self.momentum
        self.running_mean[...] = (1 - m) * self.running_mean + m * mean
        self.running_var[...] = (1 - m) * self.running_var + m * (var * (n / (n - 1)))

    def backward(self, dout, input_grad=True):
        """dβ = Σₙ dout,  dγ = Σₙ dout · x̂,  dx̂ = dout · γ  (합은 배치 축 N에 대해, 특성마다).

        배치 통계를 썼다면 μ와 σ²도 x의 함수이므로 x에서 출력까지 세 길(직접, μ를 거쳐, σ²를 거쳐)을 모두 더한다:
            dx = (1/σ) · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂)),   σ = √(σ²_B + eps)
        (mean은 배치 축 평균, = (1/(Nσ))·(N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂))). 첫째 항은 직접 가는 길, 둘째 항은 μ를 거친 길
        (∂μ/∂xᵢ = 1/N), 셋째 항은 σ²를 거친 길이다 (∂σ²/∂xᵢ = 2(xᵢ − μ)/N). σ²가 μ를 거쳐 받는 몫은
        ∂σ²/∂μ = −2·Σ(x − μ)/N = 0 이라 사라진다.
        평가 모드에서 이동 평균 통계를 썼다면 μ, σ는 상수다: dx = dx̂ / σ.
        """
        dout = self._check_dout(dout)
        xhat = self._xhat
        if self.affine:
            np.sum(dout, axis=0, out=self._grads["bias"])
            np.sum(dout * xhat, axis=0, out=self._grads["weight"])
        if not input_grad:
            return None
        dxhat = dout * self.weight if self.affine else dout
        if not self._batch_stats:
            return dxhat / self._std
        return (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / self._std
