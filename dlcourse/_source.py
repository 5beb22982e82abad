"""노트북에서 패키지의 실제 소스 코드를 보여 준다 (손으로 옮긴 사본은 어긋나기 마련이다)."""
import inspect


def show_source(*objects):
    """함수·클래스·모듈의 소스를 코드 블록으로 보여 준다. 여러 개를 주면 차례로 잇는다."""
    from IPython.display import Markdown

    blocks = []
    for obj in objects:
        module = inspect.getmodule(obj)
        where = module.__name__ if obj is module else f"{module.__name__}.{obj.__qualname__}"
        blocks.append(f"`{where}`\n\n```python\n{inspect.getsource(obj).rstrip()}\n```")
    return Markdown("\n\n".join(blocks))
