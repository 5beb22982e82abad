"""노트북이 쓰는 데이터: 모두 이 자리에서 만들거나 패키지에 들어 있다 (내려받기 없음)."""
import numpy as np

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
XOR_Y = np.array([0, 1, 1, 0], dtype=np.float64)


def make_circles(n, *, noise=0.1, factor=0.5, generator):
    """두 동심원: 안쪽 원은 1, 바깥 원은 0. x: (n, 2) float64, y: (n,) int64 (반씩)."""
    n_out = n // 2
    angles = generator.uniform(0, 2 * np.pi, size=n)
    radius = np.where(np.arange(n) < n_out, 1.0, factor)
    x = np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])
    x += generator.normal(0, noise, size=x.shape)
    y = (np.arange(n) >= n_out).astype(np.int64)
    order = generator.permutation(n)
    return x[order], y[order]


def make_spirals(n, *, classes=2, turns=1.5, noise=0.2, generator):
    """소용돌이 팔 ``classes`` 개가 서로 감긴 데이터. x: (n, 2), y: (n,) int64."""
    per = n // classes
    xs, ys = [], []
    for c in range(classes):
        r = np.linspace(0.2, 1.0, per)
        theta = 2 * np.pi * turns * r + 2 * np.pi * c / classes + generator.normal(0, noise / 2, size=per)
        xs.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
        ys.append(np.full(per, c))
    x, y = np.concatenate(xs), np.concatenate(ys).astype(np.int64)
    order = generator.permutation(len(y))
    return x[order], y[order]


def load_digits_split(*, generator, val_fraction=0.15, test_fraction=0.2):
    """scikit-learn에 들어 있는 8×8 손글씨 숫자 1797장을 학습/검증/시험으로 나눈다.

    픽셀(0~16)은 16으로 나눠 [0, 1]로. 돌려주는 값: dict(train=(x, y), val=(x, y), test=(x, y)),
    x: (n, 64) float64, y: (n,) int64. 나누기는 ``generator`` 의 순열로 한다.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    x, y = digits.data / 16.0, digits.target.astype(np.int64)
    order = generator.permutation(len(y))
    n_test, n_val = round(len(y) * test_fraction), round(len(y) * val_fraction)
    test, val, train = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return {"train": (x[train], y[train]), "val": (x[val], y[val]), "test": (x[test], y[test])}
