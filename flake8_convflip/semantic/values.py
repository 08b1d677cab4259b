"""The abstract values every expression evaluates to.

The domain is small on purpose.  An expression is one of:

* :class:`Arr`, an array: where it comes from (:class:`Origin`), the axis steps applied
  to it (flips, transposes, quarter turns, composed exactly once the rank is known), its
  dtype kind, whether it is conjugated, and what is known of its base (rank, literal);
* :class:`Win`, a sliding window cut from an image array (``x[i:i+kh, j:j+kw]``);
* :class:`Prod`, a window multiplied element by element with a kernel, not yet summed;
* :class:`Filt`, a computed filter: a library call or a hand-rolled window sum, with its
  orientation already normalised (a convolution of the rotated kernel *is* a
  correlation, so no rule has to correct for it again);
* :class:`Tup`, a tuple of values (``return dx, dw``; ``self.cache = (x, w)``);
* :class:`Func`, a function object (a lambda or a local ``def``);
* :data:`UNKNOWN`, which every rule reads as "say nothing".

Values are frozen and hashable (syntax nodes are carried but not compared), so the
evaluator can memoise on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum

import libcst as cst

from ..analysis.apis import FilterApi, Orientation
from ..analysis.axes import AxisMap, Turn
from ..analysis.literals import Literal

MapMaker = Callable[[int], AxisMap | None]


class Unknown:
    """Nothing is known about the value; rules say nothing about it."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Origin:
    """The identity of an array: two values with equal origins are the same array.

    ``kind`` says how it was made ("param", "expr", "free", "attr", "item");
    ``key`` identifies it within that kind (a scope id and a name, a node id);
    ``parent`` and ``index`` describe items of stacks (``W[f]``, a loop over ``W``).
    """

    kind: str
    key: tuple
    parent: Origin | None = None
    index: str = ""

    def item(self, index: str) -> Origin:
        return Origin("item", (), self, index)

    def same_item(self, other: Origin) -> bool:
        """The same array, or items of one array of which one is unnamed (``*``: what a
        loop over the array or ``apply_along_axis`` visits) and the other named by a
        variable index (``x[:, c]`` in a loop over ``c``)."""
        if self == other:
            return True
        return (
            self.kind == other.kind == "item"
            and self.parent == other.parent
            and "*" in (self.index, other.index)
        )

    def root(self) -> Origin:
        """The array a stack item or plane comes from (``x`` for ``x[c]``)."""
        origin = self
        while origin.kind == "item" and origin.parent is not None:
            origin = origin.parent
        return origin

    def describe(self) -> str:
        if self.kind == "item" and self.parent is not None:
            return f"{self.parent.describe()}[{self.index}]"
        return str(self.key[-1]) if self.key else self.kind


@dataclass(frozen=True)
class Step:
    """One axis operation (``k[::-1, ::-1]``, ``np.rot90(k)``, ``k.T``) and its node."""

    make: MapMaker = field(compare=False)
    node: cst.CSTNode = field(compare=False, repr=False)
    ident: int = 0  # id(node): what equality looks at
    # The step was written on a stack this value is an item of (``np.rot90(W, 2)[f, c]``,
    # a loop over a flipped stack): it acts on ``lift`` more leading axes, since indexed.
    # Negative for an element stacked since (``np.array([np.rot90(b, 2) for b in B])``):
    # it acts on the trailing axes only.
    lift: int = 0

    @classmethod
    def of(cls, make: MapMaker, node: cst.CSTNode) -> Step:
        return cls(make, node, id(node))

    def lifted(self, count: int) -> Step:
        """The same step seen from an item taken by ``count`` more plain indices."""
        return replace(self, lift=self.lift + count)


@dataclass(frozen=True)
class Arr:
    """An array value."""

    origin: Origin
    steps: tuple[Step, ...] = ()  # outermost first
    ndim: int | None = None  # rank of the base array, when the code shows it
    dtype: str | None = None  # numpy kind letter of the base: "b", "i", "u", "f", "c"
    conj: bool = False
    literal: Literal | None = field(default=None, compare=False)
    symmetric: bool = False  # the base provably equals its own 180-degree rotation
    node: cst.CSTNode | None = field(default=None, compare=False, repr=False)
    flat: bool = False  # raveled (``k.ravel()``): a dot product with a raveled window sums
    # what the code shows of the entries (see :mod:`.numbers`): a bound on |entry|, a count
    bound: int | None = field(default=None, compare=False)
    size: int | None = field(default=None, compare=False)
    shape: tuple[int, ...] | None = field(default=None, compare=False)  # of the base
    # a view with the spatial axes moved behind the others (a channel-last weight in an
    # einsum): axis ``i`` of the view is axis ``written_axes[i]`` of the array as written
    written_axes: tuple[int, ...] = field(default=(), compare=False, repr=False)
    # leading axes of length 1 added in front of the base (``k[None]``): an n-d filter
    # with this kernel filters each item along those axes on its own
    unit_lead: int = field(default=0, compare=False)
    # padded on every side by a kernel's size minus one (``np.pad(dy, kh - 1)``, the kernel
    # ``kh, kw = k.shape`` is read from): that kernel's origin. A 'valid' pass of it with
    # that kernel is the 'full' pass of the array itself.
    full_pad: Origin | None = field(default=None, compare=False)

    @property
    def rot180_invariant(self) -> bool:
        """The array provably equals its own 180-degree rotation (its steps keep that: a
        rotation commutes with every flip and transpose)."""
        return self.symmetric or (self.literal is not None and self.literal.is_rot180_symmetric())

    def with_step(self, step: Step) -> Arr:
        return replace(self, steps=(step, *self.steps), unit_lead=0)

    def base(self) -> Arr:
        """The same array without its axis steps."""
        return replace(self, steps=())

    def stack_map(self, ndim: int | None = None) -> tuple[AxisMap, int] | None:
        """The composed steps on the whole stack this array was indexed from: (map, lead).

        The map acts on ``lead + ndim`` axes, ``lead`` of them indexed away since the
        earliest step (0 for a plain array).  ``np.rot90(W, 2)[f, c]`` gives the flip of
        axes 0 and 1 with ``lead`` 2: the item's own axes are untouched, the stack's are
        reversed (the item is another member of the stack, not a rotated one).
        """
        rank = ndim or self.ndim
        if rank is None:
            return None
        lead = max((0, *(step.lift for step in self.steps)))
        total = rank + lead
        result = AxisMap.identity(total)
        for step in reversed(self.steps):
            one = step.make(rank + step.lift) if rank + step.lift > 0 else None
            if one is None:
                return None
            result = result.then(behind(one, total))
        return result, lead

    def axis_map(self, ndim: int | None = None) -> AxisMap | None:
        """The composed effect of the steps on an array of rank ``ndim``.

        None when unknown, and for an item of a stack whose indexed axes the steps
        reversed: that item is a different member of the stack, not a transform of the
        one its index names (:meth:`stack_map` says what happened).  Indexed axes the
        steps only moved (``np.moveaxis(x, -1, 0)[c]``, a channel of a channel-last
        array) give a plane cut along another axis: its own axes keep the order and
        reversals the steps gave them.
        """
        found = self.stack_map(ndim)
        if found is None:
            return None
        m, lead = found
        if lead == 0:
            return m
        if any(m.rev[:lead]):
            return None
        kept = m.src[lead:]
        rank = {axis: i for i, axis in enumerate(sorted(kept))}
        return AxisMap(tuple(rank[s] for s in kept), m.rev[lead:])

    def spatial_map(self, ndim: int | None = None) -> AxisMap | None:
        """The steps restricted to the last two axes, as a 2-D signed permutation.

        None when the rank is unknown or when the steps move the last two axes to or from
        other axes (a layout change, not a rotation of the kernel).
        """
        rank = ndim or self.ndim
        if not self.steps:
            return AxisMap.identity(2)
        if rank is None:
            # steps that mean the same on every rank >= 2 still compose exactly
            maps = {_spatial(self, r) for r in (2, 3, 4)}
            return maps.pop() if len(maps) == 1 else None
        return _spatial(self, rank)

    def turn(self, ndim: int | None = None) -> Turn | None:
        m = self.spatial_map(ndim)
        return None if m is None else m.restricted((0, 1))

    @property
    def has_steps(self) -> bool:
        return bool(self.steps)

    def reverses(self) -> bool:
        """Some step reverses an axis (a flip written, whether or not the steps cancel;
        ``np.moveaxis`` or a transpose alone reverses nothing)."""
        rank = self.ndim or 2
        for step in self.steps:
            made = step.make(rank + step.lift)
            if made is None or any(made.rev):
                return True
        return False


def behind(m: AxisMap, total: int) -> AxisMap:
    """``m`` acting on the last ``m.ndim`` of ``total`` axes (the leading ones kept)."""
    pad = total - m.ndim
    if pad <= 0:
        return m
    return AxisMap((*range(pad), *(s + pad for s in m.src)), (False,) * pad + m.rev)


def _spatial(arr: Arr, rank: int) -> AxisMap | None:
    if rank < 2:
        m = arr.axis_map(rank)
        if m is None:
            return None
        return AxisMap((0, 1), (m.rev[0], m.rev[0]))  # 1-D: reversal is the rotation
    m = arr.axis_map(rank)
    if m is None:
        return None
    a, b = rank - 2, rank - 1
    if {m.src[a], m.src[b]} != {a, b}:
        return None
    src = (m.src[a] - a, m.src[b] - a)
    return AxisMap(src, (m.rev[a], m.rev[b]))


@dataclass(frozen=True)
class Win:
    """A sliding window cut from ``image`` (the slice itself is ``node``)."""

    image: Arr
    steps: tuple[Step, ...] = ()  # flips applied to the window itself
    node: cst.CSTNode | None = field(default=None, compare=False, repr=False)
    rank: int | None = None  # how many axes the window has (its kernel has as many)
    flat: bool = False
    # ``sliding_window_view(x, n, axis=1)``: the image axes cut so far, in the order the
    # window's axes come (empty: every axis at once, in order)
    along: tuple[int, ...] = ()


@dataclass(frozen=True)
class Prod:
    """``window * kernel`` element by element, before it is summed."""

    window: Win
    kernel: Arr
    node: cst.CSTNode | None = field(default=None, compare=False, repr=False)


class Kind(str, Enum):
    """How a filter value was computed."""

    API = "api"  # a library call (scipy, ndimage, numpy, cv2, frameworks, convflip)
    WINDOW = "window"  # a hand-rolled product-sum over a sliding window
    LOOP = "loop"  # an accumulation loop ``acc += x[i + m, j + n] * k[m, n]``


ROT180 = AxisMap((0, 1), (True, True))
IDENTITY2 = AxisMap.identity(2)


@dataclass(frozen=True)
class Filt:
    """A computed filter of ``image`` by ``kernel``, normalised to one orientation.

    ``kmap`` is the transform of the kernel *relative to cross-correlation*: identity
    means the result is a cross-correlation of ``image`` with ``kernel`` as given, a
    180-degree rotation means a convolution, anything else a malformed flip.  ``kernel``
    is the base array (its own steps are folded into ``kmap``); ``raw_kernel`` keeps the
    argument as written for rules that report on the flip itself.
    """

    kind: Kind
    image: Arr | Win | UNKNOWN.__class__
    kernel: Arr
    kmap: AxisMap | None  # None: the kernel's transform is not known exactly
    node: cst.CSTNode = field(compare=False, repr=False)
    api: FilterApi | None = None
    raw_kernel: Arr | None = None
    mode: str | None = None
    conj: bool = False  # the kernel enters conjugated
    part: bool = False  # an element, a slice or an affine image of the filter's output
    ident: int = 0  # id(node)
    # the window of a hand-rolled sum, whose own steps (``patch.T * k``) are in ``kmap``
    window: Win | None = field(default=None, compare=False, repr=False)
    rounded: bool = False  # rounded to the nearest integer since (``np.rint(filt)``)
    # an n-d call that filters each item of its image's leading axis on its own (a
    # kernel with a leading axis of length 1, ``axes=`` leaving axis 0 out)
    batched: bool = field(default=False, compare=False)
    # the output reversed since (``xcorr(x, k)[::-1]``, outermost first): folded into
    # ``image`` and ``kmap``, and kept for the output used as an array of its own
    out_steps: tuple[Step, ...] = field(default=(), compare=False, repr=False)

    def as_array(self, node: cst.CSTNode | None = None) -> Arr:
        """The output as an operand of another filter: an array named by this filter."""
        api, image = self.api, self.image
        ndim = image.ndim if isinstance(image, Arr) and api is not None else None
        if api is not None and api.ndim in (1, 2):
            ndim = api.ndim
        # complex in, complex out (the kind that decides conjugation); other kinds depend
        # on the method (an FFT of integers is float)
        operands = (image, self.raw_kernel or self.kernel)
        dtype = "c" if any(isinstance(a, Arr) and a.dtype == "c" for a in operands) else None
        return Arr(Origin("filt", (self.ident,)), self.out_steps, ndim, dtype, node=node)

    @property
    def orientation(self) -> Orientation | None:
        """CORRELATION, CONVOLUTION, or None for a malformed or unknown transform."""
        if self.kmap == IDENTITY2:
            return Orientation.CORRELATION
        if self.kmap == ROT180:
            return Orientation.CONVOLUTION
        return None

    def as_part(self) -> Filt:
        return self if self.part else replace(self, part=True)


@dataclass(frozen=True)
class Tup:
    """A tuple (or list) of values, item by item; a dict literal's values by ``keys``."""

    items: tuple[tuple[Value, ...], ...]
    keys: tuple[str | None, ...] = ()  # a dict literal's string keys, item by item
    made: int = 0  # a dict literal: the node that makes it (its writes are indexed by it)


@dataclass(frozen=True)
class Func:
    """A function object: a lambda or a local ``def`` (its scope)."""

    node: cst.CSTNode = field(compare=False, repr=False)
    ident: int = 0


@dataclass(frozen=True)
class Obj:
    """An instance of a class defined in the file (``layer = Conv(k)``)."""

    node: cst.CSTNode = field(compare=False, repr=False)  # the ClassDef
    ident: int = 0  # id of the constructing call
    init_env: tuple = field(default=(), compare=False, repr=False)  # __init__'s arguments


@dataclass(frozen=True)
class Lay:
    """A framework layer object (``nn.Conv2d(1, 1, 3)``) and the kernels the code loads into
    it (``conv.weight.data = k``): calling it filters its input with them."""

    api: FilterApi = field(compare=False, repr=False)
    node: cst.CSTNode = field(compare=False, repr=False)  # the constructing call
    kernels: tuple = field(default=(), compare=False, repr=False)  # values of the kernel
    ident: int = 0  # id of the constructing call


Value = Arr | Win | Prod | Filt | Tup | Func | Obj | Lay | Unknown


def compose_turn(first: AxisMap | None, then: AxisMap | None) -> AxisMap | None:
    """Apply ``first`` and then ``then`` (2-D signed permutations); None if either is."""
    if first is None or then is None:
        return None
    return first.then(then)


def leaves(value: Value) -> list[Value]:
    """The value, or a tuple's items (nested tuples too) in its place (``return gx, gy``)."""
    if isinstance(value, Tup):
        return [x for item in value.items for v in item for x in leaves(v)]
    return [value]
