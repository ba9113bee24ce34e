from prebuilt_tools import table


def main() -> None:
    print(table([("app", "ok")]))
