"""작은 학습 반복문: 미니배치마다 순전파 → 손실 → 역전파 → 옵티마이저 한 걸음."""
import numpy as np

from .._checks import check_accuracy_shapes
from .._loop import EarlyStopping, run_fit  # noqa: F401  조기 종료는 백엔드와 무관하다 (한 곳에 있다)
from .._modes import eval_mode


def accuracy(output, target):
    """정확도: 로짓 (N, C)의 argmax가 정답 번호 (N,)와 같은 비율. 이진 로짓 (N,)·(N, 1)은 0을 문턱으로."""
    output, target = np.asarray(output), np.asarray(target)
    check_accuracy_shapes(output, target)
    if output.ndim == 2 and output.shape[1] > 1:
        pred = output.argmax(axis=1)
    else:
        pred = (output.reshape(target.shape) > 0).astype(target.dtype)
    return float((pred == target).mean())


def evaluate(model, loss_fn, loader, metric=None):
    """데이터 전체의 평균 손실(과 지표). 배치 크기로 가중 평균한다.

    평가하는 동안 model은 평가 모드다 (Dropout은 끄고, BatchNorm1d는 이동 평균 통계를 쓰며 갱신하지 않는다).
    끝나면 층마다 원래 모드로 되돌린다.
    """
    total, metric_total, n = 0.0, 0.0, 0
    with eval_mode(model):
        for xb, yb in loader:
            out = model.forward(xb)
            total += float(loss_fn.forward(out, yb)) * len(xb)
            if metric is not None:
                metric_total += metric(out, yb) * len(xb)
            n += len(xb)
    return total / n, (metric_total / n if metric is not None else None)


def train_step(model, loss_fn, optimizer, xb, yb):
    """미니배치 하나로 한 걸음: 순전파 → 손실 → 역전파 → 갱신. 역전파가 기울기를 덮어쓰므로 zero_grad가 필요 없다.
    입력 xb는 데이터라 그 기울기는 쓰지 않으므로 ``input_grad=False`` 로 첫 층의 행렬 곱 하나를 아낀다.
    모드는 바꾸지 않는다 (torch처럼 부르는 쪽이 정한다): 층은 처음에 학습 모드이고, fit은 시작할 때 ``model.train()`` 을 부른다.

    (손실, 출력)을 돌려준다.
    """
    out = model.forward(xb)
    loss = loss_fn.forward(out, yb)
    model.backward(loss_fn.backward(), input_grad=False)
    optimizer.step()
    return float(loss), out


def fit(model, loss_fn, optimizer, train_loader, epochs=1, *, val_loader=None, metric=None,
        early_stopping=None, progress=False):
    """``epochs`` 번 학습하고 기록(history)을 돌려준다.

    history: step_loss(걸음마다), train_loss·val_loss(에포크마다 평균), metric이 있으면 train_metric·val_metric.
    early_stopping은 val_loader가 있을 때 쓰며, 끝나면 가장 좋았던 가중치로 되돌린다.
    학습은 학습 모드로 한다 (시작할 때 ``model.train()``; 검증하는 동안만 평가 모드이고, 끝나면 학습 모드다).
    """
    model.train()
    return run_fit(train_step, evaluate, model, loss_fn, optimizer, train_loader, epochs, val_loader, metric,
                   early_stopping, progress)
