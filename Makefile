# 두 명령이면 된다: `make book` (책 만들기), `make test` (모든 검사).
# 둘 다 처음 실행할 때 .venv 가상 환경을 만들고 pyproject.toml의 의존성을 설치한다.
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed
# 노트북 커널이 가상 환경의 python을 쓰도록
export PATH := $(BIN):$(PATH)

# 다른 CPU의 계산 경로: SSE3 OpenBLAS 커널, AVX 없는 PyTorch, 스레드 하나 (노트북에 찍히는 숫자가 CPU를 타는지 본다)
PORTABLE_ENV := DLCOURSE_PORTABILITY=1 OPENBLAS_CORETYPE=Prescott ATEN_CPU_CAPABILITY=default \
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
NB ?= book

.PHONY: book test test-portable notebooks lab bench bench-forecast bench-lstm bench-dqn clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

book: $(STAMP)  ## 엄격한 빌드: 경고 하나도 실패로 본다
	$(BIN)/jupyter-book build -W -n --keep-going .
	@echo "책을 열려면: _build/html/index.html"

test: $(STAMP)  ## 단위 검사 + 모든 노트북의 nbval 회귀 검사
	$(BIN)/python -m pytest

test-portable: $(STAMP)  ## 이식성 검사: 노트북을 다른 계산 경로에서 다시 실행해 nbval로 비교 (NB=book/mlp.ipynb 처럼 하나만도)
	env $(PORTABLE_ENV) $(BIN)/python -m pytest $(NB) tests/test_portability.py

notebooks: $(STAMP)  ## book/*.md에서 기준 출력 book/*.ipynb를 다시 만든다
	$(BIN)/python tools/execute_notebooks.py

bench: $(STAMP)  ## 학습 한 걸음: scratch vs torch 쌍둥이 vs plain PyTorch → benchmarks/results/bench_mlp.json (검사가 아니라 측정)
	$(BIN)/python benchmarks/bench_mlp.py

bench-forecast: $(STAMP)  ## 2부 예측기 정확도 (시드 5개 × 모델 × 평가 규약) → benchmarks/results/forecast.json (2코어 약 4분)
	$(BIN)/python benchmarks/bench_forecast.py

bench-lstm: $(STAMP)  ## LSTM 학습 한 걸음: scratch vs torch 쌍둥이 vs torch.nn.LSTM → benchmarks/results/lstm_speed.json
	$(BIN)/python benchmarks/bench_lstm.py

bench-dqn: $(STAMP)  ## CartPole DQN: 우리 두 에이전트 vs stable-baselines3 (시드 5개 × 5만·10만 걸음) → benchmarks/results/dqn.json (2코어 약 35분)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/bench_dqn.py

lab: $(STAMP)  ## JupyterLab에서 노트북 열기
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build screenshots
