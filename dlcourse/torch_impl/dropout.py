"""드롭아웃의 PyTorch 쌍둥이: 마스크를 NumPy 생성기로 뽑아 scratch와 똑같은 마스크를 쓴다."""
import torch
from torch import nn

from .._regularization import check_dropout_p, check_numpy_generator
from ._tensor import as_float_tensor


class Dropout(nn.Module):
    """학습 모드: u ~ U[0, 1), keep = (u ≥ p), y = x · keep / (1 − p).  평가 모드: y = x (난수를 뽑지 않는다).

    x: 어떤 모양이든 → y: 같은 모양. p = 1이면 출력은 모두 0. 기울기는 autograd가 구한다: dx = dout · keep / (1 − p).

    generator는 scratch와 같은 ``np.random.Generator`` 다: 같은 시드면 scratch.Dropout과 같은 마스크를 뽑아
    두 백엔드가 똑같이 학습한다. 그 대가로 u를 CPU에서 NumPy로 뽑아 x의 장치·dtype으로 옮긴다
    (걸음마다 x 크기의 불리언 마스크를 CPU → GPU로 복사한다). ``torch.nn.Dropout`` 은 torch의 난수 생성기로
    장치에서 바로 뽑으므로 이 복사가 없다 (대신 scratch와 같은 마스크를 얻을 수 없다).
    ``mask`` 는 마지막 학습 모드 순전파의 keep (x의 장치에 있는 불리언 텐서), 평가 모드 순전파 뒤에는 None.
    """

    def __init__(self, p=0.5, *, generator):
        super().__init__()
        self.p = check_dropout_p(p, "Dropout")
        check_numpy_generator(generator, "Dropout")
        self.generator = generator
        self.mask = None

    def extra_repr(self):
        return f"p={self.p}"

    def forward(self, x):
        x = as_float_tensor(x, "Dropout")
        if not self.training:
            self.mask = None
            return x
        u = self.generator.random(tuple(x.shape))  # CPU에서 NumPy 난수 (float64)
        self.mask = torch.from_numpy(u >= self.p).to(x.device)
        factor = 0.0 if self.p == 1 else 1.0 / (1.0 - self.p)
        return x * (self.mask.to(x.dtype) * factor)
