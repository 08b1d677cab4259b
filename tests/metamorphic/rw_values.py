"""Rewrites of how a value is spelled: conversions, slices and product-sum reductions."""

from __future__ import annotations

import libcst as cst

from .base import Context, Rewrite, numpy_alias, rewrite_expressions, visit_where
from .sites import (
    CONV_CALLS,
    arg,
    array_value,
    atom,
    attr,
    bare,
    call,
    call_args,
    conv_qualname,
    int_value,
    kernel_image_args,
    literal_depth,
    numpy_module_call,
    walk,
)

# -- conversions -----------------------------------------------------------------------


class _DefinitionConverter(cst.CSTTransformer):
    def __init__(self, context: Context, convert) -> None:
        super().__init__()
        self.context = context
        self.convert = convert
        self.changed = 0

    def _value(self, value: cst.BaseExpression) -> cst.BaseExpression:
        new = self.convert(value)
        if new is None:
            return value
        self.changed += 1
        return new

    def leave_Assign(self, original_node, updated_node):
        return updated_node.with_changes(value=self._value(updated_node.value))

    def leave_AnnAssign(self, original_node, updated_node):
        if updated_node.value is None:
            return updated_node
        return updated_node.with_changes(value=self._value(updated_node.value))


def _convert_definitions(context: Context, convert) -> cst.Module | None:
    def wanted(node) -> bool:
        value = _assigned(node)
        return value is not None and convert(value) is not None

    converter = _DefinitionConverter(context, convert)
    out = visit_where(context.module, converter, wanted)
    return out if converter.changed else None


def _astype_definition(context: Context) -> cst.Module | None:
    def convert(value):
        if array_value(value, context.imports) != "float":
            return None
        return call(cst.Attribute(atom(value), cst.Name("astype")), arg(cst.Name("float")))

    return _convert_definitions(context, convert)


def _asarray_definition(context: Context) -> cst.Module | None:
    if not any(array_value(_assigned(n), context.imports) for n in walk(context.module)):
        return None
    np_ = numpy_alias(context)

    def convert(value):
        if array_value(value, context.imports) is None:
            return None
        return call(attr(np_, "asarray"), arg(bare(value)))

    return _convert_definitions(context, convert)


def _stacked_rows(context: Context) -> cst.Module | None:
    """``np.array([[1, 0, -1], [2, 0, -2]])`` -> ``np.vstack([[1, 0, -1], [2, 0, -2]])``:
    the same array (dtype included) built by stacking its rows."""
    np_ = numpy_alias(context)

    def replace(node):
        if not numpy_module_call(node, context.imports, "array"):
            return None
        try:
            pos, kws = call_args(node)
        except ValueError:
            return None
        if kws or len(pos) != 1 or literal_depth(pos[0]) != 2:
            return None
        return call(attr(np_, "vstack"), arg(bare(pos[0])))

    return rewrite_expressions(context, replace)


def _assigned(node: cst.CSTNode) -> cst.BaseExpression | None:
    if isinstance(node, (cst.Assign, cst.AnnAssign)):
        return node.value
    return None


def _asarray_use(context: Context) -> cst.Module | None:
    def sites():
        for node in walk(context.module):
            name = conv_qualname(node, context.imports)
            if name is not None and CONV_CALLS[name][1]:
                yield node

    if next(sites(), None) is None:
        return None
    np_ = numpy_alias(context)

    def wrap(value: cst.BaseExpression) -> cst.BaseExpression:
        if numpy_module_call(value, context.imports, "asarray"):
            return value
        return call(attr(np_, "asarray"), arg(bare(value)))

    def replace(node):
        name = conv_qualname(node, context.imports)
        if name is None or not CONV_CALLS[name][1]:
            return None
        targets = {id(a) for a in kernel_image_args(node, name)}
        args = [a.with_changes(value=wrap(a.value)) if id(a) in targets else a for a in node.args]
        return node.with_changes(args=args)

    return rewrite_expressions(context, replace)


# -- slices ----------------------------------------------------------------------------


def _slice_rewrite(change):
    def transform(context: Context) -> cst.Module | None:
        def replace(node):
            if not isinstance(node, cst.Subscript):
                return None
            elements = []
            for element in node.slice:
                index = element.slice
                if isinstance(index, cst.Slice) and index.step is None:
                    new = change(index)
                    if new is not None:
                        element = element.with_changes(slice=new)
                elements.append(element)
            return node.with_changes(slice=elements)

        return rewrite_expressions(context, replace)

    return transform


def _explicit_start(index: cst.Slice) -> cst.Slice | None:
    if index.lower is None and index.upper is not None:
        return index.with_changes(lower=cst.Integer("0"))
    return None


def _implicit_start(index: cst.Slice) -> cst.Slice | None:
    if int_value(index.lower) == 0 and not isinstance(index.lower, cst.UnaryOperation):
        return index.with_changes(lower=None)
    return None


def _commuted_offset(index: cst.Slice) -> cst.Slice | None:
    upper = index.upper
    if index.lower is None or not isinstance(upper, cst.BinaryOperation):
        return None
    if not isinstance(upper.operator, cst.Add):
        return None
    if bare(upper.left).deep_equals(bare(index.lower)) or bare(upper.right).deep_equals(
        bare(index.lower)
    ):
        return index.with_changes(upper=upper.with_changes(left=upper.right, right=upper.left))
    return None


def _slice_object(index: cst.Slice) -> cst.BaseSlice | None:
    """``a:b`` -> ``slice(a, b)``: the same index as a slice object."""
    if index.lower is None and index.upper is None:
        return None
    bounds = [bare(b) if b is not None else cst.Name("None") for b in (index.lower, index.upper)]
    return cst.Index(call(cst.Name("slice"), *(arg(b) for b in bounds)))


def _index_tuple(context: Context) -> cst.Module | None:
    """``x[a:b, c:d]`` -> ``x[np.s_[a:b, c:d]]``: the same index, made by ``np.s_``."""
    np_ = numpy_alias(context)

    def replace(node):
        if not isinstance(node, cst.Subscript):
            return None
        bounded = any(
            isinstance(e.slice, cst.Slice) and (e.slice.lower or e.slice.upper) for e in node.slice
        )
        if not bounded:
            return None
        made = cst.Subscript(attr(np_, "s_"), slice=node.slice)
        return node.with_changes(slice=[cst.SubscriptElement(cst.Index(made))])

    return rewrite_expressions(context, replace)


# -- product-sum reductions ------------------------------------------------------------


def _window(node: cst.BaseExpression) -> cst.Subscript | None:
    node = bare(node)
    if not isinstance(node, cst.Subscript) or len(node.slice) != 2:
        return None
    if all(isinstance(e.slice, cst.Slice) for e in node.slice):
        return node
    return None


def _product(node: cst.BaseExpression) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    node = bare(node)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        return bare(node.left), bare(node.right)
    return None


def product_sum(node: cst.BaseExpression, context: Context):
    """``(a, b, form)`` when ``node`` sums the elementwise product of ``a`` and ``b``."""
    if not isinstance(node, cst.Call):
        return None
    imports = context.imports
    try:
        pos, kws = call_args(node)
    except ValueError:
        return None
    func = node.func
    if numpy_module_call(node, imports, "sum"):
        pair = _product(pos[0]) if len(pos) == 1 and not kws else None
        return None if pair is None else (pair[0], pair[1], "np-sum")
    if isinstance(func, cst.Attribute) and func.attr.value == "sum":
        inner = bare(func.value)
        pair = _product(inner)
        if pair is None and numpy_module_call(inner, imports, "multiply"):
            inner_pos = [a.value for a in inner.args if a.keyword is None and not a.star]
            if len(inner_pos) == 2 and len(inner.args) == 2 and not pos and not kws:
                return inner_pos[0], inner_pos[1], "multiply"
            return None
        if pair is None:
            return None
        if not pos and not kws:
            return pair[0], pair[1], "method"
        axes = kws.get("axis")
        if not pos and set(kws) == {"axis"} and _is_axes_01(axes):
            return pair[0], pair[1], "axes"
        return None
    if numpy_module_call(node, imports, "einsum") and len(pos) == 3 and not kws:
        spec = pos[0]
        if isinstance(spec, cst.SimpleString) and spec.evaluated_value == "ij,ij->":
            return pos[1], pos[2], "einsum"
    if numpy_module_call(node, imports, "tensordot") and len(pos) == 2:
        if set(kws) == {"axes"} and int_value(kws["axes"]) == 2:
            return pos[0], pos[1], "tensordot"
    return None


def _is_axes_01(node) -> bool:
    from .sites import int_tuple

    return int_tuple(node) == (0, 1) and isinstance(node, cst.Tuple)


def _many_dims(module: cst.Module) -> set[str]:
    """Names subscripted somewhere with three or more indices (not known 2-D)."""
    out = set()
    for node in walk(module):
        if isinstance(node, cst.Subscript) and len(node.slice) >= 3:
            root = node.value
            while isinstance(root, (cst.Attribute, cst.Subscript)):
                root = root.value
            if isinstance(root, cst.Name):
                out.add(root.value)
    return out


def _two_d(a, b, many: set[str]) -> bool:
    if _window(a) is None and _window(b) is None:
        return False
    for operand in (a, b):
        names = {n.value for n in walk(operand) if isinstance(n, cst.Name)}
        if names & many:
            return False
    return True


def _mul(a, b) -> cst.BinaryOperation:
    space = cst.SimpleWhitespace(" ")
    return cst.BinaryOperation(
        atom(a),
        cst.Multiply(whitespace_before=space, whitespace_after=space),
        atom(b),
        lpar=[cst.LeftParen()],
        rpar=[cst.RightParen()],
    )


def _render_sum(form: str, a, b, np_: str) -> cst.BaseExpression:
    if form == "method":
        return call(cst.Attribute(_mul(a, b), cst.Name("sum")))
    if form == "axes":
        axes = cst.parse_expression("(0, 1)")
        return call(cst.Attribute(_mul(a, b), cst.Name("sum")), arg(axes, "axis"))
    if form == "np-sum":
        return call(attr(np_, "sum"), arg(_mul(a, b).with_changes(lpar=[], rpar=[])))
    if form == "multiply":
        inner = call(attr(np_, "multiply"), arg(a), arg(b))
        return call(cst.Attribute(inner, cst.Name("sum")))
    if form == "einsum":
        return call(attr(np_, "einsum"), arg(cst.SimpleString("'ij,ij->'")), arg(a), arg(b))
    if form == "tensordot":
        return call(attr(np_, "tensordot"), arg(a), arg(b), arg(cst.Integer("2"), "axes"))
    raise ValueError(f"form must be one of {', '.join(SUM_FORMS)}, got {form!r}")


SUM_FORMS = ("method", "np-sum", "multiply", "axes", "einsum", "tensordot")
_TWO_D_FORMS = frozenset({"axes", "einsum", "tensordot"})


def _reduction(target: str):
    def transform(context: Context) -> cst.Module | None:
        sites = [s for s in map(lambda n: product_sum(n, context), _calls(context)) if s]
        if not sites:
            return None
        np_ = numpy_alias(context)
        many = _many_dims(context.module)

        def replace(node):
            found = product_sum(node, context)
            if found is None or found[2] == target:
                return None
            a, b, form = found
            if (target in _TWO_D_FORMS or form in _TWO_D_FORMS) and not _two_d(a, b, many):
                return None
            return _render_sum(target, a, b, np_)

        return rewrite_expressions(context, replace)

    return transform


def _calls(context: Context):
    return [n for n in walk(context.module) if isinstance(n, cst.Call)]


REWRITES = (
    Rewrite("astype-definition", "conversion", _astype_definition),
    Rewrite("asarray-definition", "conversion", _asarray_definition),
    Rewrite("asarray-use", "conversion", _asarray_use),
    Rewrite("stacked-rows", "conversion", _stacked_rows),
    Rewrite("slice-explicit-start", "slice", _slice_rewrite(_explicit_start)),
    Rewrite("slice-implicit-start", "slice", _slice_rewrite(_implicit_start)),
    Rewrite("slice-commuted-offset", "slice", _slice_rewrite(_commuted_offset)),
    Rewrite("slice-objects", "slice", _slice_rewrite(_slice_object)),
    Rewrite("slice-index-tuple", "slice", _index_tuple),
    *(Rewrite(f"reduce-{form}", "reduction", _reduction(form)) for form in SUM_FORMS),
)
