"""진행 막대(tqdm). progress=False면 아무것도 그리지 않는 막대를 돌려준다."""


class _Silent:
    def update(self, n=1):
        pass

    def set_postfix(self, refresh=True, **kwargs):
        pass

    def close(self):
        pass


def progress_bar(total, progress):
    if not progress:
        return _Silent()
    from tqdm import tqdm  # 표준 tqdm: ipywidgets 없이도 노트북에서 경고 없이 동작한다

    return tqdm(total=total, desc="학습", unit="step", mininterval=0.5)
