"""The gate: decide from flake8's own ast whether a file needs the libcst analysis.

flake8 calls every installed plugin on every file, so this module runs on every file
any user of flake8 lints.  It must stay cheap and must not import libcst: first a text
scan for words no candidate can lack, then one walk over the ast flake8 already built
that summarises what the file contains (which convolution-family calls, flips, window
product-sums).  Each rule has a predicate over that summary in :data:`RULE_GATES`; a
file reaches libcst only when the predicate of an enabled rule holds.  A rule may fire
only on files its predicate passes (the test suite checks this on every example).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .analysis.apis import (
    AXIS_METHODS,
    CONJ_CALLS,
    CONJ_METHODS,
    CONTRACTION_CALLS,
    CONVOLUTION_PHRASES,
    CORRELATION_PHRASES,
    FLAT_DOT_CALLS,
    FLIP_FUNCS,
    FORWARD_FFTS,
    GRADIENT_FAMILIES,
    INDEX_MAKERS,
    PRODUCT_CALLS,
    RAMP,
    SUM_FUNCS,
    SUM_METHODS,
    WINDOW_VIEW_FUNCS,
    Family,
    Orientation,
    filter_api,
)
from .analysis.imports import ImportTable

# A file without any of these words has no candidate of any rule.  The last branch
# keeps keyword-free accumulation loops (``acc += x[r + m][c + n] * k[m][n]``): a line
# with ``+=`` and an index holding arithmetic.
_TEXT_GATE = re.compile(
    r"conv|correl|filter2D|Conv2D|sum|einsum|tensordot|flip|rot90|::-1|window|\.T\b|transpose"
    r"|\+=[^\n]*\[[^\]\n]*[-+]"
    # ``total = total + k[a, b] * x[r + a, c + b]``: a running sum spelled without ``+=``
    r"|=\s*[\w.]+\s*\+[^\n]*\[[^\]\n]*[-+]"
    # ``fft(np.conj(s))``: a spectral matched filter that lost the time reversal
    r"|fft\w*\([^)\n]*conj"
)


def _loose(pattern: str) -> str:
    """A phrase pattern that also matches inside identifiers (``psf_r``, ``pointSpread``)."""
    pattern = pattern.replace(r"\b", "").replace("[ -]", "\x00").replace(" ", "\x00")
    return pattern.replace("\x00", "[ _-]?")


# the words a documented intent needs (both phrase tables of the vocabulary, loosened),
# a plain mention of convolving, or an index with an offset (a written sum may state the
# orientation): a superset of what analysis/intent.py can read
_DOC_WORDS = re.compile(
    f"{_loose(CONVOLUTION_PHRASES.pattern)}|{_loose(CORRELATION_PHRASES.pattern)}|convolv"
    r"|\w\s*\[[^\]\n]*[+-]",
    re.IGNORECASE,
)


@dataclass
class Summary:
    """What one walk of a file's ast found; the input of every rule's gate predicate."""

    apis: set[str] = field(default_factory=set)
    flip: bool = False
    window: bool = False
    window_slice: bool = False  # a bounded slice anywhere (``x[i:i + 3]``): a window cut
    nested_loop: bool = False  # a ``for`` loop inside another loop
    loop_product: bool = False
    flipped_api_arg: bool = False
    window_product: bool = False  # in a loop, a window cut and multiplied, bound, or scattered
    window_view: bool = False  # sliding_window_view / as_strided: every window at once
    einsum: bool = False  # an einsum: its subscripts may transpose or reverse nothing else shows
    judged_api: bool = False  # a scipy.signal / convflip filter (their gradients are judged)
    doc_words: bool = False
    flip_operand: bool = False  # a flip (or a name assigned one) is an operand of a filter
    fft_of_conj: bool = False  # ``fft(conj(s))``: a spectrum of a conjugate (analysis/spectra.py)
    imports: ImportTable | None = field(default=None, repr=False)  # for the flip-flow walk

    @property
    def hand_filter(self) -> bool:
        """A filter written by hand in any form the model reads: a window sum, a window
        cut in a loop (multiplied, bound or scattered), every window at once, or the
        loop form ``x[i + m, j + n] * k[m, n]``."""
        return self.window or self.window_product or self.window_view or self.loop_product

    def has(self, predicate: Callable[[str], bool]) -> bool:
        return any(predicate(name) for name in self.apis)


def _is_conv(name: str) -> bool:
    api = filter_api(name)
    return api is not None and api.orientation is Orientation.CONVOLUTION


def _is_corr(name: str) -> bool:
    api = filter_api(name)
    return api is not None and api.orientation is Orientation.CORRELATION


def _is_framework(name: str) -> bool:
    api = filter_api(name)
    return api is not None and api.family is Family.FRAMEWORK


def _is_fft_capable(name: str) -> bool:
    api = filter_api(name)
    return api is not None and api.fft_capable


def _any_api(s: Summary) -> bool:
    return bool(s.apis)


RULE_GATES: dict[str, Callable[[Summary], bool]] = {
    # the model pairs any window spelling it understands with a convolution call: the
    # call is what the file must show (a superset of what CNV101 can report)
    "CNV101": lambda s: s.has(_is_conv),
    # a window sum in any spelling the model reads (a helper's, an einsum, a dot), read
    # where a nest of two loops calls it; or the four-loop accumulation
    "CNV102": lambda s: (s.window_slice and s.nested_loop) or s.loop_product,
    # a convolving forward pass is judged against a backward pass known by what it
    # computes (any name), so the convolution call is what the file must show
    "CNV201": lambda s: s.has(_is_conv),
    "CNV202": lambda s: (s.has(_is_corr) or s.hand_filter) and s.doc_words,
    "CNV203": lambda s: s.flip_operand and (s.has(_is_conv) or s.loop_product),
    "CNV204": lambda s: "cv2.filter2D" in s.apis,
    "CNV205": lambda s: s.has(_is_framework) and s.has(_is_conv),
    # the model pairs a forward with a function named or computing like a backward pass
    # (a 'full' pass, a method reading the input the forward cached); its filters are
    # calls, windows or scatter loops
    "CNV206": lambda s: s.judged_api or s.hand_filter,
    "CNV301": lambda s: s.flip_operand and (_any_api(s) or s.hand_filter),
    "CNV302": lambda s: s.flip_operand and (_any_api(s) or s.hand_filter),
    "CNV303": lambda s: s.flip_operand and (_any_api(s) or s.hand_filter),
    # a reversed kernel may reach the call through a variable: any flip in the file counts
    "CNV401": lambda s: s.has(_is_corr) or (s.flip and s.has(_is_conv)) or s.fft_of_conj,
    # every finding involves a library filter: 'same' literals, ndimage and cv2 defaults,
    # framework padding and 'valid' passes over padded images all anchor
    "CNV402": lambda s: bool(s.apis),
    # integer evidence may reach the call through a helper's callers: the call decides
    "CNV403": lambda s: s.has(_is_fft_capable),
    "CNV501": lambda s: s.flip and _any_api(s),
}


def text_may_have_candidates(source: str) -> bool:
    """Cheapest check: some word every candidate needs appears in the text."""
    return _TEXT_GATE.search(source) is not None


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _statements(tree: ast.AST) -> Iterable[ast.AST]:
    """Every statement (imports live only there), without walking into expressions."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for name in _BLOCK_FIELDS:
            block = getattr(node, name, None)
            if isinstance(block, list):
                stack.extend(block)


def _collect_imports(tree: ast.AST) -> ImportTable:
    table = ImportTable()
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                table.bind_import(alias.name, alias.asname)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                table.bind_from(node.module, alias.name, alias.asname)
    return table


def _is_reversing_slice(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Slice)
        and isinstance(node.step, ast.UnaryOp)
        and isinstance(node.step.op, ast.USub)
    )


def _slice_parts(node: ast.Subscript) -> list[ast.AST]:
    """The index parts, read as :func:`~.analysis.exprs.elements_of` reads them:
    ``slice(a, b)`` as ``a:b``, ``x[np.s_[...]]`` / ``x[np.index_exp[...]]`` as ``x[...]``."""
    sl = node.slice
    if isinstance(sl, ast.Subscript) and (dotted_name(sl.value) or "").rpartition(".")[2] in (
        INDEX_MAKERS
    ):
        sl = sl.slice
    parts = list(sl.elts) if isinstance(sl, ast.Tuple) else [sl]
    return [_as_slice(p) for p in parts]


def _as_slice(part: ast.AST) -> ast.AST:
    """``slice(a, b[, c])`` as the ``ast.Slice`` it spells (anything else as it is)."""
    if not (
        isinstance(part, ast.Call)
        and isinstance(part.func, ast.Name)
        and part.func.id == "slice"
        and 1 <= len(part.args) <= 3
        and not part.keywords
        and not any(isinstance(a, ast.Starred) for a in part.args)
    ):
        return part
    args = [None if isinstance(a, ast.Constant) and a.value is None else a for a in part.args]
    if len(args) == 1:
        args = [None, *args]  # slice(stop)
    lower, upper, step = (*args, None)[:3]
    return ast.Slice(lower=lower, upper=upper, step=step)


def _last_index(node: ast.AST) -> bool:
    """``n - 1`` or ``-1``: the last index of an axis, where a reversed ramp starts."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return isinstance(node.operand, ast.Constant) and node.operand.value == 1
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Sub)
        and isinstance(node.right, ast.Constant)
        and node.right.value == 1
    )


def _counts_from_end(node: ast.AST) -> bool:
    """``n - 1 - i``, ``n - i - 1``, ``-1 - i``, ``n - (i + 1)``, ``~i``, ``last - i``:
    an index read backwards (an element-by-element reversal or quarter turn,
    semantic.forms.element_move)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return isinstance(node.operand, ast.Name)
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Sub):
        return False
    right, left = node.right, node.left
    if isinstance(right, ast.Name):  # n - 1 - i, -1 - i
        if isinstance(left, ast.Name):
            return True  # ``last - i`` with ``last = n - 1`` (coarse: any ``a - i``)
        return _last_index(left)
    if isinstance(right, ast.Constant) and right.value == 1:
        return isinstance(node.left, ast.BinOp) and isinstance(node.left.op, ast.Sub)
    return isinstance(right, ast.BinOp) and isinstance(right.op, ast.Add)


def _counts_down(node: ast.AST, imports: ImportTable) -> bool:
    """``n - 1 - np.arange(n)`` or ``np.arange(n - 1, -1, -1)``: an index array that
    reverses an axis when it indexes one (kernels._index_step; coarse: any such array)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        if not _last_index(node.left):
            return False
        node = node.right
        step = None
    elif isinstance(node, ast.Call) and len(node.args) == 3:
        step = node.args[2]
    else:
        return False
    if not isinstance(node, ast.Call) or imports.resolve(dotted_name(node.func) or "") != RAMP:
        return False
    return step is None or (isinstance(step, ast.UnaryOp) and isinstance(step.op, ast.USub))


def _is_flip_expr(node: ast.AST, imports: ImportTable) -> bool:
    if _counts_down(node, imports):
        return True
    if isinstance(node, ast.Subscript):
        parts = _slice_parts(node)
        if any(_counts_from_end(p) for p in parts):
            return True
        return any(_is_reversing_slice(p) for p in parts)
    if isinstance(node, ast.Attribute) and node.attr in ("T", "mT", "mH", "H"):
        return True
    if isinstance(node, ast.Call):
        name = dotted_name(node.func)
        if name is None:
            return False
        resolved = imports.resolve(name)
        if resolved in FLIP_FUNCS:
            return True
        return isinstance(node.func, ast.Attribute) and node.func.attr in AXIS_METHODS
    return False


def _is_window_slice(node: ast.AST) -> bool:
    """A subscript with a bounded slice, e.g. ``x[i:i+3, j:j+3]`` (not a bare flip)."""
    if not isinstance(node, ast.Subscript):
        return False
    return any(
        isinstance(p, ast.Slice) and (p.lower is not None or p.upper is not None)
        for p in _slice_parts(node)
    )


def _has_index_arithmetic(node: ast.AST) -> bool:
    if not isinstance(node, ast.Subscript):
        return False
    return any(isinstance(p, ast.BinOp) for p in ast.walk(node.slice))


def _cuts_window(node: ast.AST, imports: ImportTable) -> bool:
    """A bounded slice or a sliding-window view somewhere in ``node``
    (``x[i:i + 3, j:j + 3].ravel()``)."""
    for sub in ast.walk(node):
        if _is_window_slice(sub):
            return True
        if isinstance(sub, ast.Call):
            name = dotted_name(sub.func)
            if name and imports.resolve(name) in WINDOW_VIEW_FUNCS:
                return True
    return False


# the last part of each product function's name (``multiply``, ``mul``): the gate reads
# ``np.multiply`` and ``from numpy import multiply`` alike
_PRODUCT_NAMES = frozenset(name.rsplit(".", 1)[1] for name in PRODUCT_CALLS)


def added_term(node: ast.AST) -> ast.AST | None:
    """What a running sum adds: ``P`` of ``t += P``, ``t = t + P``, ``t = P + t`` (the
    ast twin of :func:`.analysis.exprs.accumulated_term`)."""
    if isinstance(node, ast.AugAssign):
        return node.value if isinstance(node.op, ast.Add) else None
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return None
    value, target = node.value, ast.dump(node.targets[0], include_attributes=False)
    if not isinstance(value, ast.BinOp) or not isinstance(value.op, ast.Add):
        return None
    load = target.replace("Store()", "Load()")
    if ast.dump(value.left) == load:
        return value.right
    if ast.dump(value.right) == load:
        return value.left
    return None


def _product_operands(node: ast.AST, matmul: bool = False) -> list[ast.AST]:
    """The factors of ``a * b`` (``a @ b`` too with ``matmul``) or ``np.multiply(a, b)``."""
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mult) or (matmul and isinstance(node.op, ast.MatMult)):
            return [node.left, node.right]
        return []
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _PRODUCT_NAMES:
            return list(node.args)
    return []


_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
# Nodes :meth:`_Walker._visit` looks at; every other node is only walked through.
# A node type that ``_visit`` learns to handle must be added here.
_VISITED = (
    ast.BinOp,
    ast.Assert,
    ast.Compare,
    ast.Call,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Assign,
    ast.AugAssign,
    ast.Subscript,
    ast.Attribute,
)
# Nodes with nothing below them that the walk could use (names, contexts, operators).
_LEAVES = (ast.Name, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.comprehension)


# a negative number right after "[", "(" or "," (a derivative kernel literal)


class _Walker:
    """One pass over the ast that fills a :class:`Summary`."""

    def __init__(self, imports: ImportTable) -> None:
        self.imports = imports
        self.summary = Summary()
        # ``a, b = i - m, j - n`` in a loop, then ``f[a, b] * k[m, n]``: the names bound
        # to index arithmetic, and the plain index names of loop products (matched at
        # the end: the walk does not visit statements in order)
        self.arithmetic_names: set[str] = set()
        self.product_index_names: set[str] = set()

    def run(self, tree: ast.AST) -> Summary:
        stack: list[tuple[ast.AST, bool]] = [(tree, False)]
        visit, push = self._visit, stack.append
        while stack:
            node, in_loop = stack.pop()
            if isinstance(node, _VISITED):
                visit(node, in_loop)
            elif in_loop and isinstance(node, (ast.For, ast.AsyncFor)):
                self.summary.nested_loop = True
            child_loop = in_loop or isinstance(node, _LOOPS)
            for child in ast.iter_child_nodes(node):
                if not isinstance(child, _LEAVES):
                    push((child, child_loop))
        if self.product_index_names & self.arithmetic_names:
            self.summary.loop_product = True
        return self.summary

    def _visit(self, node: ast.AST, in_loop: bool) -> None:
        s = self.summary
        if in_loop and isinstance(node, (ast.BinOp, ast.Call)):
            if any(_is_window_slice(op) for op in _product_operands(node, matmul=True)):
                s.window_product = True
        if isinstance(node, ast.Call):
            self._visit_call(node, in_loop)
        elif isinstance(node, ast.Assign) and in_loop and _is_window_slice(node.value):
            s.window_product = True  # ``patch = x[i:i + 3, j:j + 3]`` in a loop, used later
        elif isinstance(node, ast.AugAssign) and _is_window_slice(node.target):
            s.window_product = True  # a scatter ``dx[i:i + 3, j:j + 3] += k * g[i, j]``
        elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            # ``f = ss.convolve2d``: the libcst collector resolves calls of ``f`` too
            name = dotted_name(node.value)
            api = filter_api(self.imports.resolve(name)) if name else None
            if api is not None:
                s.apis.add(api.name)
        elif isinstance(node, (ast.AugAssign, ast.Assign)) and in_loop:
            operands = _product_operands(added_term(node) or node.value)
            if len(operands) == 2 and all(isinstance(op, ast.Subscript) for op in operands):
                if any(_has_index_arithmetic(op) for op in operands):
                    s.loop_product = True
                else:
                    self.product_index_names.update(
                        n.id
                        for op in operands
                        for n in ast.walk(op.slice)
                        if isinstance(n, ast.Name)
                    )
            if isinstance(node, ast.Assign):
                self._note_arithmetic(node)
        if not s.flip and _is_flip_expr(node, self.imports):
            s.flip = True
        if not s.window_slice and isinstance(node, ast.Subscript) and _is_window_slice(node):
            s.window_slice = True

    def _note_arithmetic(self, node: ast.Assign) -> None:
        """Names a loop binds to index arithmetic (``r = i + m``, ``a, b = i - m, j - n``)."""
        for target in node.targets:
            pairs = (
                zip(target.elts, node.value.elts, strict=True)
                if isinstance(target, ast.Tuple)
                and isinstance(node.value, ast.Tuple)
                and len(target.elts) == len(node.value.elts)
                else [(target, node.value)]
            )
            for name, value in pairs:
                if isinstance(name, ast.Name) and isinstance(value, ast.BinOp):
                    if isinstance(value.op, (ast.Add, ast.Sub)):
                        self.arithmetic_names.add(name.id)

    def _is_conj(self, node: ast.AST) -> bool:
        """``np.conj(x)``, ``x.conj()`` and their spellings."""
        if not isinstance(node, ast.Call):
            return False
        name = dotted_name(node.func)
        if name is not None and self.imports.resolve(name) in CONJ_CALLS:
            return True
        return isinstance(node.func, ast.Attribute) and node.func.attr in CONJ_METHODS

    def _visit_call(self, node: ast.Call, in_loop: bool) -> None:
        s = self.summary
        for arg in node.args:
            # a filter handed on as a value (``partial(convolve2d, mode="same")``, a
            # callback): the libcst collector follows ``partial`` aliases to their calls
            if isinstance(arg, (ast.Name, ast.Attribute)):
                passed = dotted_name(arg)
                api = filter_api(self.imports.resolve(passed)) if passed else None
                if api is not None:
                    s.apis.add(api.name)
                    s.judged_api = s.judged_api or api.family in GRADIENT_FAMILIES
        name = dotted_name(node.func)
        resolved = self.imports.resolve(name) if name else None
        api = filter_api(resolved)
        if api is not None:
            s.apis.add(api.name)
            if api.family in GRADIENT_FAMILIES:
                s.judged_api = True
            if any(_is_flip_expr(arg, self.imports) for arg in node.args):
                s.flipped_api_arg = True
            if any(_is_flip_expr(kw.value, self.imports) for kw in node.keywords):
                s.flipped_api_arg = True
            return
        if resolved in WINDOW_VIEW_FUNCS:
            s.window = s.window_view = True
            return
        if resolved in FORWARD_FFTS and node.args and self._is_conj(node.args[0]):
            s.fft_of_conj = True
            return
        if resolved == "numpy.einsum":
            s.einsum = True
        method = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if resolved in SUM_FUNCS or method in SUM_METHODS or name == "sum":
            self._visit_sum(node, in_loop)
        elif resolved in FLAT_DOT_CALLS and any(_cuts_window(a, self.imports) for a in node.args):
            s.window = True  # ``np.dot(x[i:i + 3, j:j + 3].ravel(), k.ravel())``

    def _visit_sum(self, node: ast.Call, in_loop: bool) -> None:
        s = self.summary
        args: Iterable[ast.AST] = node.args
        if isinstance(node.func, ast.Attribute) and node.func.attr == "sum":
            args = [node.func.value, *node.args]
        for arg in args:
            operands = _product_operands(arg)
            if not operands:
                continue
            if any(_is_window_slice(op) for op in operands):
                s.window = True
            if in_loop:
                s.window = True  # a product summed in a loop: a window of some spelling
        name = dotted_name(node.func)
        resolved = self.imports.resolve(name) if name else None
        if resolved in CONTRACTION_CALLS and any(_cuts_window(a, self.imports) for a in node.args):
            s.window = True


def summarize(tree: ast.AST, source: str = "") -> Summary:
    """Walk flake8's ast once and summarise what rules could care about."""
    imports = _collect_imports(tree)
    summary = _Walker(imports).run(tree)
    if source and (summary.apis or summary.hand_filter):
        summary.doc_words = _DOC_WORDS.search(source) is not None
    # an einsum that sums windows against a kernel may pair their axes transposed
    # (``"hwab,ba->hw"``): a flip the model reads off the subscripts
    summary.flip = summary.flip or (summary.einsum and summary.hand_filter)
    # Provisional: any flip may reach an operand.  The exact flow (a second walk) is
    # computed by gated_codes only when it alone decides whether the file is parsed.
    summary.flip_operand = summary.flip and bool(summary.apis or summary.hand_filter)
    summary.imports = imports
    return summary


def needs_analysis(tree: ast.AST, source: str, enabled: Iterable[str]) -> bool:
    """True when some enabled rule may fire on this file (so libcst must parse it)."""
    return bool(gated_codes(tree, source, enabled))


def gated_codes(tree: ast.AST, source: str, enabled: Iterable[str]) -> frozenset[str]:
    """The enabled codes whose predicates hold: the only rules worth running here."""
    if not text_may_have_candidates(source):
        return frozenset()
    enabled = frozenset(enabled)
    summary = summarize(tree, source)
    codes = _passing(summary, enabled)
    if codes and codes <= FLIP_FLOW_CODES and not (summary.einsum and summary.hand_filter):
        # only the flip rules want this file: check that a flip can reach an operand (an
        # einsum's subscripts are an operand's flip the flow walk cannot see: kept)
        from .gate_flow import flip_reaches_operand

        summary.flip_operand = flip_reaches_operand(tree, summary.imports or ImportTable())
        codes = _passing(summary, enabled)
    return codes


# Rules whose predicate needs to know that a flip reaches a filter operand.  When the file
# is parsed for another rule anyway, they run on the provisional answer and decide exactly.
FLIP_FLOW_CODES = frozenset({"CNV203", "CNV301", "CNV302", "CNV303"})


def _passing(summary: Summary, enabled: Iterable[str]) -> frozenset[str]:
    return frozenset(code for code in enabled if code in RULE_GATES and RULE_GATES[code](summary))
