"""두 백엔드가 함께 쓰는 에포크 반복문. 백엔드마다 다른 것은 ``train_step`` 과 ``evaluate`` 뿐이다."""
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
