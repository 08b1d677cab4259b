"""``convflip probe MODULE:FUNCTION``: which 2-D filter does this function compute?

Imports the function (``MODULE`` is a dotted module name, importable from the current
folder, or a path to a ``.py`` file; ``FUNCTION`` may be dotted, ``layer.forward``) and runs
``convflip.identify`` on it. The runtime (numpy, scipy) is imported only here, so the
linter's other commands never need it.

Exit codes: 0 the function is a 2-D filter of the form ``xcorr2d(x, t(k))``; 1 it is not
(nonlinear, not shift-invariant, shape-dependent, raised, or other taps); 2 usage error
(bad target, the module fails to import, the runtime is not installed).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

EXIT_FILTER, EXIT_OTHER, EXIT_ERROR = 0, 1, 2


def _shape(text: str) -> tuple[int, int]:
    parts = text.lower().replace("*", "x").split("x")
    try:
        rows, cols = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected ROWSxCOLS such as 9x9, got {text!r}") from None
    if rows < 1 or cols < 1:
        raise argparse.ArgumentTypeError(f"both sides must be positive, got {text!r}")
    return rows, cols


def add_parser(sub) -> None:
    """Register ``probe`` on the ``convflip`` sub-command parser."""
    probe = sub.add_parser(
        "probe", help="say which convolution a function fn(image, kernel) computes"
    )
    probe.add_argument("target", metavar="MODULE:FUNCTION", help="e.g. mylayers:my_conv")
    probe.add_argument("--image-shape", type=_shape, default=(9, 9), metavar="ROWSxCOLS")
    probe.add_argument("--kernel-shape", type=_shape, default=(3, 3), metavar="ROWSxCOLS")
    probe.add_argument("--complex", action="store_true", help="probe with complex arrays")
    probe.add_argument("--dtype", default="float64", help="probe dtype (default float64)")
    probe.add_argument("--json", action="store_true", help="print the result as JSON")
    probe.set_defaults(handler=run)


class TargetError(Exception):
    """The target cannot be imported or is not callable."""


def _import_module(spec: str):
    path = Path(spec)
    if spec.endswith(".py") or path.is_file():
        if not path.is_file():
            raise TargetError(f"no such file: {spec}")
        loader = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(loader)
        sys.modules.setdefault(path.stem, module)
        loader.loader.exec_module(module)
        return module
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # like `python -m`: the current folder first
    return importlib.import_module(spec)


def resolve(target: str) -> Callable:
    """The callable named by ``MODULE:FUNCTION``."""
    module_name, sep, attribute = target.rpartition(":")
    if not sep or not module_name or not attribute:
        raise TargetError(f"target must be MODULE:FUNCTION, got {target!r}")
    try:
        obj = _import_module(module_name)
    except TargetError:
        raise
    except Exception as exc:  # the user's module: any import-time failure is reported
        raise TargetError(f"cannot import {module_name!r}: {type(exc).__name__}: {exc}") from exc
    for part in attribute.split("."):
        if not hasattr(obj, part):
            raise TargetError(f"{module_name!r} has no attribute {attribute!r}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise TargetError(f"{target} is {type(obj).__name__}, not a function")
    return obj


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``convflip probe``: print the identification; see the module docstring."""
    out = out or sys.stdout
    try:
        from convflip import identify
    except ImportError:
        print(
            "convflip: error: probe needs the convflip runtime: pip install convflip",
            file=sys.stderr,
        )
        return EXIT_ERROR
    try:
        fn = resolve(args.target)
        ident = identify(
            fn, args.image_shape, args.kernel_shape, dtype=args.dtype, complex=args.complex
        )
    except (TargetError, ValueError, TypeError) as exc:
        print(f"convflip: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(json.dumps(ident.to_dict(), indent=2), file=out)
    else:
        print(ident, file=out)
        print(f"({ident.calls} calls of {ident.name})", file=out)
    return EXIT_FILTER if ident.is_filter and ident.transform is not None else EXIT_OTHER
