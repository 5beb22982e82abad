"""노트북에서 표를 고정폭 글자로 찍는다 (한글 폭을 2칸으로 센다)."""
import unicodedata


def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def print_table(rows, columns=None, headers=None):
    """dict의 목록을 표로 찍는다. 숫자는 천 단위 쉼표, 실수는 유효숫자 4자리."""
    columns = columns or list(rows[0])
    headers = headers or columns
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [max(_width(h), *(_width(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print(line(r))
