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


def draw_network(ax, sizes, labels=None, max_draw=6):
    """층마다 뉴런을 원으로, 층 사이 연결을 선으로 그린다. 뉴런이 ``max_draw`` 보다 많으면 줄여 그리고 점 세 개로 표시."""
    labels = labels or [f"{s}" for s in sizes]
    xs = np.linspace(0, 1, len(sizes))
    positions = []
    for x, size in zip(xs, sizes):
        shown = min(size, max_draw)
        positions.append([(x, y) for y in np.linspace(0.5 + 0.07 * (shown - 1), 0.5 - 0.07 * (shown - 1), shown)])
    for left, right in zip(positions[:-1], positions[1:]):
        for (x0, y0) in left:
            for (x1, y1) in right:
                ax.plot([x0, x1], [y0, y1], color="gray", lw=0.6, alpha=0.6, zorder=1)
    for i, (layer, size) in enumerate(zip(positions, sizes)):
        color = "#dbe9f6" if i == 0 else ("#e3f1df" if i == len(sizes) - 1 else "#fde9c9")
        ax.scatter(*zip(*layer), s=260, c=color, edgecolors="k", zorder=2)
        if size > max_draw:
            x, y = layer[-1]
            ax.scatter([x] * 3, [y - 0.05, y - 0.07, y - 0.09], s=3, c="k", zorder=2)
        ax.text(layer[0][0], 0.02, labels[i], ha="center", va="bottom", fontsize=10)
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(0, 1.0)
    ax.set_axis_off()
