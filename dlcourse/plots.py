"""여러 장에서 함께 쓰는 그림 도구 (2차원 분류 데이터와 결정 경계)."""
import numpy as np

CLASS_COLORS = ("#1f77b4", "#d62728")
CLASS_MARKERS = ("o", "s")


def plot_points(ax, x, y, labels=("0", "1")):
    """2차원 점 x: (N, 2)를 정답 y: (N,) (0 또는 1)에 따라 색과 모양을 달리해 찍는다."""
    x, y = np.asarray(x), np.asarray(y)
    for cls in (0, 1):
        pts = x[y == cls]
        ax.scatter(pts[:, 0], pts[:, 1], s=80, c=CLASS_COLORS[cls], marker=CLASS_MARKERS[cls],
                   edgecolors="k", zorder=3, label=f"정답 {labels[cls]}")


def plot_decision_regions(ax, predict, xlim, ylim, resolution=200):
    """``predict`` ((M, 2) 배열 → (M,) 0/1) 가 1이라 하는 영역을 옅게 칠한다."""
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    z = np.asarray(predict(grid), dtype=np.float64).reshape(gx.shape)
    ax.contourf(gx, gy, z, levels=[-0.5, 0.5, 1.5], colors=[CLASS_COLORS[0], CLASS_COLORS[1]], alpha=0.15)
    ax.contour(gx, gy, z, levels=[0.5], colors="k", linewidths=1.5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
