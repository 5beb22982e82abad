"""학습 반복문의 PyTorch 쌍둥이: 역전파는 loss.backward()가 맡는다."""
import torch

from .._checks import check_accuracy_shapes
from .._loop import EarlyStopping, run_fit  # noqa: F401  조기 종료는 백엔드와 무관하다 (한 곳에 있다)
from .._modes import eval_mode


def accuracy(output, target):
    """정확도: 로짓 (N, C)의 argmax가 정답 번호와 같은 비율. 이진 로짓은 0을 문턱으로."""
    check_accuracy_shapes(output, target)
    if output.ndim == 2 and output.shape[1] > 1:
        pred = output.argmax(dim=1)
    else:
        pred = (output.reshape(target.shape) > 0).to(target.dtype)
    return (pred == target).double().mean().item()


@torch.no_grad()
def evaluate(model, loss_fn, loader, metric=None):
    """데이터 전체의 평균 손실(과 지표). 배치 크기로 가중 평균한다.

    평가하는 동안 model은 평가 모드다 (``model.eval()``); 끝나면 층마다 원래 모드로 되돌린다.
    """
    total, metric_total, n = 0.0, 0.0, 0
    with eval_mode(model):
        for xb, yb in loader:
            out = model(xb)
            total += loss_fn(out, yb).item() * len(xb)
            if metric is not None:
                metric_total += metric(out, yb) * len(xb)
            n += len(xb)
    return total / n, (metric_total / n if metric is not None else None)


def train_step(model, loss_fn, optimizer, xb, yb):
    """미니배치 하나로 한 걸음: 기울기 비우기 → 순전파 → 손실 → loss.backward() → 갱신. (손실, 출력).

    모드는 바꾸지 않는다 (부르는 쪽이 정한다): fit은 시작할 때 ``model.train()`` 을 부른다.
    """
    optimizer.zero_grad()
    out = model(xb)
    loss = loss_fn(out, yb)
    loss.backward()
    optimizer.step()
    return loss.item(), out.detach()


def fit(model, loss_fn, optimizer, train_loader, epochs=1, *, val_loader=None, metric=None,
        early_stopping=None, progress=False):
    """``epochs`` 번 학습하고 기록(history)을 돌려준다 (scratch.fit과 같은 기록).

    학습은 학습 모드로 한다 (시작할 때 ``model.train()``; 검증하는 동안만 평가 모드다).
    """
    model.train()
    return run_fit(train_step, evaluate, model, loss_fn, optimizer, train_loader, epochs, val_loader, metric,
                   early_stopping, progress)
