"""Intent facts: what the code says it computes, and how it uses a result.

Two questions the intent rules (CNV201-CNV206, CNV401) ask before they speak:

* :func:`documented_intent` / :func:`documented_orientation`: do the docstrings,
  comments and names of a scope (then of its enclosing scopes, up to the module
  docstring) describe a *physical convolution* (a PSF, a blur or forward model, image
  formation, "convolve with", deconvolution, optics) or a *correlation* (template
  matching, cross-correlation, a matched filter, a deep-learning convolution layer)?
  Negated phrases ("unlike convolve2d", "not a cross-correlation") do not count, and
  neither do look-alike words such as "convert" or "convergence".
* how a result is used (signed or magnitude only) lives in :mod:`.usage`.

Answers are cached per scope on the facts object.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import libcst as cst

from . import apis
from .apis import Orientation
from .exprs import dotted
from .model import FileFacts, Scope

# -- documented intent --------------------------------------------------------------

_CONVOLUTION_PHRASES = apis.CONVOLUTION_PHRASES
_CORRELATION_PHRASES = apis.CORRELATION_PHRASES
# A phrase preceded (within a few words) by one of these is not a claim about the code.
_NEGATION = re.compile(
    r"(?:\bnot\b|\bunlike\b|\binstead of\b|\brather than\b|\bas opposed to\b|"
    r"\bwithout\b|\bno\b|n't\b|\bopposite of\b|\bversus\b|\bvs\.?|\bdiffers? from\b)"
    r"(?:\W+\w+){0,3}\W*$"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_LAYER_BASES = re.compile(r"(?:^|\.)(?:Module|Layer|Conv\w*)$")
_CONV_LAYER_NAME = re.compile(r"conv", re.IGNORECASE)
_LAYER_METHODS = frozenset({"forward", "backward", "__call__", "call"})


@dataclass(frozen=True)
class Intent:
    """A documented orientation and the words that show it."""

    orientation: Orientation
    phrase: str  # the matching words, for messages
    where: str  # "docstring", "comment", "name" or "layer"
    scope: Scope = field(repr=False, compare=False)


def words_of_name(name: str) -> str:
    """``pointSpread_fn`` -> ``"point spread fn"``: identifiers as lower-case words."""
    return _CAMEL.sub(" ", name).replace("_", " ").lower()


def _affirmed(pattern: re.Pattern[str], text: str, forward: bool = False) -> str | None:
    """The first match of ``pattern`` in ``text`` that is not negated (nor, in a forward
    pass's text, said of the gradient), else None."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _NEGATION.search(before) is not None:
            continue
        if forward and apis.GRADIENT_PROSE.search(before) is not None:
            continue
        return match.group(0)
    return None


def text_orientation(text: str, forward: bool = False) -> tuple[Orientation, str] | None:
    """The orientation a piece of prose describes, with the phrase; None if none or both.

    A written sum counts as a phrase (:func:`formula_orientation`).  ``forward``: the text
    documents code that is not a gradient, so what it says of the gradient is left out.
    """
    formula = formula_orientation(text)
    text = text.lower()
    conv = _affirmed(_CONVOLUTION_PHRASES, text, forward)
    corr = _affirmed(_CORRELATION_PHRASES, text, forward)
    if formula is not None:
        if formula[0] is Orientation.CONVOLUTION:
            conv = conv or formula[1]
        else:
            corr = corr or formula[1]
    if conv and not corr:
        return Orientation.CONVOLUTION, conv
    if corr and not conv:
        return Orientation.CORRELATION, corr
    return None


# an indexed term ``x[i + m, j + n]``; a product of two is what a written sum multiplies
_TERM = re.compile(r"(\w+)\s*\[([^\[\]\n]+)\]")
_PRODUCT_GAP = re.compile(r"\s*[*·]?\s*(?:\w+\s*\()?\s*")


def formula_orientation(text: str) -> tuple[Orientation, str] | None:
    """The orientation a written sum states, with the product as written.

    ``x[i + m, j + n] * k[m, n]`` (the kernel's index added to the output's) is a
    correlation; ``h[k] * x[n - k]`` (subtracted) a convolution.  None when the text has
    no such product, or products of both kinds.
    """
    if "[" not in text:
        return None
    found: dict[Orientation, str] = {}
    terms = list(_TERM.finditer(text))
    for a, b in itertools.pairwise(terms):
        if _PRODUCT_GAP.fullmatch(text[a.end() : b.start()]) is None:
            continue
        if a.group(1) == b.group(1):
            continue  # ``x[n] * x[n + k]``: an autocorrelation says nothing of a kernel
        for image, kernel in ((a, b), (b, a)):
            verdict = _indexed_orientation(image.group(2), kernel.group(2))
            if verdict is not None:
                found.setdefault(verdict, text[a.start() : b.end()])
    if len(found) != 1:
        return None
    ((orientation, phrase),) = found.items()
    return orientation, phrase


def _indexed_orientation(image_index: str, kernel_index: str) -> Orientation | None:
    """``n + k`` against ``k``: correlation; ``n - k`` against ``k``: convolution.

    Indices line up from the right, where the spatial axes are: ``x[c, i + m, j + n]``
    against ``w[f, c, m, n]`` pairs ``j + n`` with ``n`` and ``i + m`` with ``m``; an index
    both carry as written (the channel ``c``) and the kernel's extra leading ones (the
    filter ``f``) pick planes, as do plain indices left of the spatial ones (the batch
    ``n`` against the filter ``o``).  An output index may be strided (``i * s + m``).
    """
    kernel_vars = [v.strip() for v in kernel_index.split(",")]
    parts = [p.strip() for p in image_index.split(",")]
    if not all(v.isidentifier() for v in kernel_vars):
        return None
    signs: set[str] = set()
    for part, var in zip(reversed(parts), reversed(kernel_vars), strict=False):
        if part == var:
            continue  # a plane index both sides share (the channel)
        if signs and part.isidentifier():
            break  # past the spatial axes: the batch and filter indices pick planes
        v = re.escape(var)
        match = re.fullmatch(rf"(\w+(?:\s*\*\s*\w+)?)\s*([+-])\s*{v}|{v}\s*\+\s*(\w+)", part)
        if match is None or var in (match.group(1), match.group(3)):
            return None
        signs.add(match.group(2) or "+")
    if signs == {"+"}:
        return Orientation.CORRELATION
    if signs == {"-"}:
        return Orientation.CONVOLUTION
    return None


def _scope_texts(scope: Scope) -> list[tuple[str, str]]:
    """(where, text) pieces a scope documents itself with."""
    # Only the scope's own name: parameter and variable names describe their values,
    # not what the scope computes (``def compare(edge, blur)`` is not a blur model).
    names = [] if scope.kind == "module" else [scope.name]
    return [
        ("docstring", scope.docstring),
        ("comment", " ".join(scope.comments)),
        ("name", " . ".join(words_of_name(n) for n in names)),
    ]


def _class_bases(scope: Scope) -> list[str]:
    node = scope.node
    if not isinstance(node, cst.ClassDef):
        return []
    return [dotted(arg.value) or "" for arg in node.bases]


def _is_conv_layer(scope: Scope) -> bool:
    """A deep-learning convolution layer: a Conv-named class with forward/backward/call."""
    if scope.kind != "class" or not _CONV_LAYER_NAME.search(scope.name):
        return False
    if any(_LAYER_BASES.search(base) for base in _class_bases(scope)):
        return True
    return any(child.name in _LAYER_METHODS for child in scope.children)


def _own_intent(scope: Scope) -> Intent | bool | None:
    """This scope's own evidence: an Intent, False when it is contradictory, else None."""
    found: list[Intent] = []
    forward = scope.kind == "function" and not apis.GRADIENT_NAMES.search(scope.name)
    for where, text in _scope_texts(scope):
        verdict = text_orientation(text, forward) if text else None
        if verdict is not None:
            found.append(Intent(verdict[0], verdict[1], where, scope))
    if _is_conv_layer(scope):
        found.append(Intent(Orientation.CORRELATION, scope.name, "layer", scope))
    orientations = {intent.orientation for intent in found}
    if len(orientations) > 1:
        return False
    return found[0] if found else None


def documented_intent(scope: Scope, facts: FileFacts) -> Intent | None:
    """The nearest documented orientation, from ``scope`` outwards to the module.

    The innermost scope that says anything decides; a scope whose own words point
    both ways (a docstring contrasting the two operations) decides "unknown".
    """
    cache: dict[int, Intent | None] = facts.__dict__.setdefault("_intent_cache", {})
    key = id(scope)
    if key in cache:
        return cache[key]
    result: Intent | None = None
    current: Scope | None = scope
    while current is not None:
        own = _own_intent(current)
        if own is False:
            break
        if isinstance(own, Intent):
            result = own
            break
        current = current.parent
    cache[key] = result
    return result


def documented_orientation(scope: Scope, facts: FileFacts) -> Orientation | None:
    """Shorthand for the orientation of :func:`documented_intent` (None when unknown)."""
    intent = documented_intent(scope, facts)
    return intent.orientation if intent is not None else None


def written_correlation(scope: Scope, facts: FileFacts) -> Intent | None:
    """The scope's own docs state a correlation exactly: a written sum or "cross-correlation".

    Weaker correlation words ("matched filter", "CNN layer") do not count: such code
    convolves with a pre-reversed kernel on purpose.
    """
    intent = documented_intent(scope, facts)
    if intent is None or intent.orientation is not Orientation.CORRELATION:
        return None
    if intent.where not in ("docstring", "comment"):
        return None
    if "[" not in intent.phrase and not intent.phrase.startswith("cross"):
        return None
    return intent if _holds_here(intent, scope) else None


def _holds_here(intent: Intent, scope: Scope) -> bool:
    """A module docstring describes module-level code only: one sentence at the top of a
    file describes many functions (a lambda counts as the code it is written in)."""
    home = scope
    while isinstance(home.node, cst.Lambda) and home.parent is not None:
        home = home.parent
    return intent.scope.kind != "module" or home.kind == "module"


def names_correlation(scope: Scope) -> bool:
    """The function's name or docstring calls it a correlation (``correlate_by_flip``,
    ``match``, "cross-correlation"): whatever its code spells, the author means one."""
    text = f"{words_of_name(scope.name)} {scope.docstring}".lower()
    if apis.CORRELATION_NAME.search(text):
        return True
    said = text_orientation(text)
    return said is not None and said[0] is Orientation.CORRELATION


def physical_convolution(
    scope: Scope, facts: FileFacts, kernel_name: str | None = None
) -> Intent | None:
    """The documented *convolution* intent that holds for code in ``scope``, if any.

    Stricter than :func:`documented_orientation`: a module docstring counts only for
    module-level code (one sentence at the top of a long file describes many functions),
    and code in gradient or adjoint functions never counts (its flips are deliberate).
    With no documentation either way, a kernel named like a PSF (``psf``,
    ``blur_kernel``) is the evidence.
    """
    intent = documented_intent(scope, facts)
    if intent is None and kernel_name:
        said = text_orientation(words_of_name(kernel_name))
        if said is not None:
            intent = Intent(said[0], said[1], "kernel name", scope)
    if intent is None or intent.orientation is not Orientation.CONVOLUTION:
        return None
    # a lambda is part of the statement that holds it: module-level code for a lambda
    # written at module level (``np.apply_along_axis(lambda t: ..., 0, a)``)
    if not _holds_here(intent, scope):
        return None
    current: Scope | None = scope
    while current is not None:
        if _ADJOINT_NAMES.search(current.name):
            return None
        current = current.parent
    return intent


_ADJOINT_NAMES = re.compile(
    r"backward|backprop|grad|vjp|adjoint|transpose|_bwd|delta|back_?project|richardson|lucy",
    re.IGNORECASE,
)


_SYMMETRIC_WORDS = re.compile(
    r"gauss\w*|\bbox\b|\bmean\b|\baverag\w*|\buniform\b|\bdis[ck]\b|\bairy\b|"
    r"\bsymmetric\b|\bisotropic\b|\bradial\w*|\bcircular\b|\bhann\w*|\bhamming\b|"
    # blur pooling low-passes with a binomial kernel; a median of the window's values
    # does not depend on where each value sits
    r"\bpascal\b|\bbinomial\b|\bblur ?pool\w*|\bmedian\b"
)


def describes_symmetric_kernel(scope: Scope, kernel_name: str | None = None) -> bool:
    """The scope (or the kernel's name) says the kernel is Gaussian, a box, a disk...

    Such kernels equal their own 180-degree rotation, so convolution and correlation
    agree even when the kernel's values are not visible in the code.
    """
    texts = [words_of_name(kernel_name or "")]
    current: Scope | None = scope
    while current is not None and current.kind != "module":
        texts.extend(text for _, text in _scope_texts(current))
        current = current.parent
    return _SYMMETRIC_WORDS.search(" ".join(texts).lower()) is not None
