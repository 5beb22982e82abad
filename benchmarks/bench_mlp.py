"""NumPy(scratch) 학습 한 걸음 vs PyTorch(torch_impl) 학습 한 걸음: 한 프로세스에서 재고 비율을 찍는다.

    python benchmarks/bench_mlp.py            # CPU (CUDA가 있으면 CUDA도)
    python benchmarks/bench_mlp.py --quick    # 반복 수를 줄여 빠르게

같은 MLP, 같은 가중치, 같은 배치, float32. 워밍업 3번 뒤 중앙값. 목표: 배치 256에서 scratch/torch ≤ 1.5.
이것은 검사가 아니라 측정이다: 결과는 기계마다 다르다.
"""
import argparse
import os
import platform

import numpy as np
import torch

from dlcourse.benchmark import median_seconds, mlp_pair, random_batch, step_functions

NETWORKS = [(64, 256, 256, 10), (784, 1024, 1024, 10)]
BATCHES = [64, 256, 1024]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="반복 수를 줄인다")
    args = parser.parse_args()
    repeats = 5 if args.quick else 20
    print(f"# {platform.processor() or platform.machine()}, CPU 코어 {os.cpu_count()}, torch {torch.__version__}, "
          f"numpy {np.__version__}, torch 스레드 {torch.get_num_threads()}")
    print(f"{'망':<20} {'배치':>6} {'scratch ms':>11} {'torch ms':>9} {'비율':>6}")
    for sizes in NETWORKS:
        for batch in BATCHES:
            x, y = random_batch(batch, sizes[0], sizes[-1])
            s_model, t_model = mlp_pair(sizes)
            s_step, t_step = step_functions(s_model, t_model, x, y)
            ts, tt = median_seconds(s_step, repeats=repeats), median_seconds(t_step, repeats=repeats)
            flag = "" if batch != 256 else ("  ← 목표 ≤ 1.5 달성" if ts / tt <= 1.5 else "  ← 목표 ≤ 1.5 미달")
            print(f"{'-'.join(map(str, sizes)):<20} {batch:>6} {ts * 1e3:>11.3f} {tt * 1e3:>9.3f} {ts / tt:>6.2f}{flag}")
    if torch.cuda.is_available():
        torch.backends.cuda.matmul.allow_tf32 = False
        print(f"\n# CUDA: {torch.cuda.get_device_name()} (torch_impl만, scratch CPU 대비)")
        print(f"{'망':<20} {'배치':>6} {'scratch CPU ms':>15} {'torch CUDA ms':>14} {'비율':>8}")
        for sizes in NETWORKS:
            for batch in BATCHES:
                x, y = random_batch(batch, sizes[0], sizes[-1])
                s_model, t_model = mlp_pair(sizes, device="cuda")
                s_step, t_step = step_functions(s_model, t_model, x, y, device="cuda")
                ts = median_seconds(s_step, repeats=repeats)
                tt = median_seconds(t_step, repeats=repeats, sync=torch.cuda.synchronize)
                print(f"{'-'.join(map(str, sizes)):<20} {batch:>6} {ts * 1e3:>15.3f} {tt * 1e3:>14.3f} {ts / tt:>8.1f}")


if __name__ == "__main__":
    main()
