"""두 백엔드가 함께 쓰는 에포크 반복문과 조기 종료. 백엔드마다 다른 것은 ``train_step`` 과 ``evaluate`` 뿐이다."""
import copy

from ._progress import progress_bar


def run_fit(train_step, evaluate, model, loss_fn, optimizer, train_loader, epochs, val_loader, metric,
            early_stopping, progress):
    history = {"step_loss": [], "train_loss": [], "val_loss": [], "train_metric": [], "val_metric": []}
    bar = progress_bar(epochs * len(train_loader), progress)
    for epoch in range(epochs):
        seen, total, metric_total = 0, 0.0, 0.0
        for xb, yb in train_loader:
            loss, out = train_step(model, loss_fn, optimizer, xb, yb)
            history["step_loss"].append(loss)
            total += loss * len(xb)
            if metric is not None:
                metric_total += metric(out, yb) * len(xb)  # 이 걸음 직전 가중치의 출력으로 잰다
            seen += len(xb)
            bar.update(1)
        history["train_loss"].append(total / seen)
        if metric is not None:
            history["train_metric"].append(metric_total / seen)
        if val_loader is not None:
            val_loss, val_metric = evaluate(model, loss_fn, val_loader, metric)
            history["val_loss"].append(val_loss)
            if metric is not None:
                history["val_metric"].append(val_metric)
            bar.set_postfix(val_loss=f"{val_loss:.4f}", refresh=False)
            if early_stopping is not None and early_stopping.update(model, val_loss, epoch):
                break
    bar.close()
    if early_stopping is not None:
        early_stopping.restore(model)
    return history


class EarlyStopping:
    """조기 종료(early stopping): 검증 손실이 ``patience`` 에포크 동안 ``min_delta`` 보다 더 좋아지지 않으면 멈춘다.

    가장 좋았던 가중치를 ``state_dict`` 사본으로 기억했다가 ``restore_best`` 면 끝날 때 되돌린다.
    ``state_dict`` / ``load_state_dict`` 만 쓰므로 백엔드와 무관하다: 두 백엔드가 이 클래스 하나를 함께 쓴다.
    """

    def __init__(self, patience=5, min_delta=0.0, restore_best=True):
        if patience < 1:
            raise ValueError(f"EarlyStopping: patience는 1 이상이어야 합니다: {patience}")
        self.patience, self.min_delta, self.restore_best = patience, min_delta, restore_best
        self.best_loss, self.best_epoch, self.best_state, self.bad_epochs = float("inf"), None, None, 0

    def update(self, model, val_loss, epoch):
        """에포크 끝에 부른다. 멈춰야 하면 True."""
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch, self.bad_epochs = val_loss, epoch, 0
            self.best_state = copy.deepcopy(model.state_dict())
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience

    def restore(self, model):
        if self.restore_best and self.best_state is not None:
            model.load_state_dict(self.best_state)
