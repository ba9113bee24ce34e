from tabulate import tabulate


def table(rows: list[tuple[str, str]]) -> str:
    return tabulate(rows, headers=["part", "state"])
