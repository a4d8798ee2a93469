"""wartrace: an evidence-grade ledger of conflict incidents from reporting.

    import wartrace
    result = wartrace.analyse("Russian forces shelled Kharkiv on Monday.", published="2022-05-04")
    print(result.to_json())
    ledger = wartrace.Store("sqlite:///ledger.db")

`analyse` and `Store` live in wartrace.api; they are imported on first use so that `import wartrace`
(and so every CLI command) stays light: the models load only when a text is analysed.
"""
__version__ = "0.1.0"
__all__ = ["analyse", "Store", "__version__"]  # noqa: F822 - analyse and Store resolve in __getattr__ below


def __getattr__(name: str):
    if name in ("analyse", "Store"):
        from wartrace import api

        return getattr(api, name)
    raise AttributeError(f"module 'wartrace' has no attribute {name!r}")
