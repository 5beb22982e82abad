"""이식성 검사가 정말 다른 계산 경로에서 도는지 확인한다 (``make test-portable`` 에서만 돈다).

``make test-portable`` 은 모든 노트북을 nbval로 다시 실행하되, 다른 CPU에서처럼 계산 경로를 바꾼다:
NumPy의 OpenBLAS는 SSE3 커널(OPENBLAS_CORETYPE=Prescott), PyTorch는 AVX 없는 커널(ATEN_CPU_CAPABILITY=default),
스레드는 하나(OMP_NUM_THREADS=1, 합하는 순서가 바뀐다). 환경 변수가 먹지 않으면 검사가 헛돌므로, 여기서 확인한다.
"""
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("DLCOURSE_PORTABILITY") != "1",
                                reason="make test-portable에서만 돈다 (DLCOURSE_PORTABILITY=1)")

PROBE = ("import numpy, threadpoolctl, torch; "
         "info = {i['internal_api']: i for i in threadpoolctl.threadpool_info()}; "
         "print(info['openblas'].get('architecture'), info['openblas']['num_threads'], "
         "torch.backends.cpu.get_cpu_capability(), torch.get_num_threads())")
SWITCHES = ("OPENBLAS_CORETYPE", "ATEN_CPU_CAPABILITY", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "DLCOURSE_PORTABILITY")


def probe(env):
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    arch, blas_threads, capability, torch_threads = out.stdout.split()
    return arch, int(blas_threads), capability, int(torch_threads)


def test_kernel_paths_differ_from_the_default():
    switched = probe(dict(os.environ))
    default = probe({k: v for k, v in os.environ.items() if k not in SWITCHES})
    arch, blas_threads, capability, torch_threads = switched
    assert capability == "DEFAULT", f"PyTorch가 AVX 없는 커널을 쓰지 않습니다: {capability}"
    assert blas_threads == 1 and torch_threads == 1, f"스레드가 하나가 아닙니다: {switched}"
    assert arch != default[0], f"OpenBLAS 커널이 기본({default[0]})과 같습니다: {arch}"
