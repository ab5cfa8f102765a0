def main() -> None:
    """``python -m somxl`` and the ``somxl`` console script. The commands (and click) are
    imported when it runs, not when this module is imported: ``spawn`` starts each ``collect``
    worker by running the console script again without calling it (~20 ms of CPU a worker)."""
    from somxl.cli import main as run

    run()


if __name__ == "__main__":
    main()
