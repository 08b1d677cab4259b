"""The optional compiled direct engine (``convflip._cdirect``); everything else is in
pyproject.toml. The extension is optional: without a C compiler the build skips it and
convflip runs its pure numpy/scipy engines (``convflip._compiled.available`` is False)."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """gcc/clang flags: full optimisation, and no fused multiply-add, so that every build
    of the float loops rounds the same way; POSIX threads for the row ranges."""

    def build_extensions(self):
        if self.compiler.compiler_type == "unix":
            for ext in self.extensions:
                ext.extra_compile_args += ["-O3", "-ffp-contract=off", "-pthread"]
                ext.extra_link_args += ["-pthread"]
        super().build_extensions()


setup(
    ext_modules=[Extension("convflip._cdirect", ["convflip/_cdirect.c"], optional=True)],
    cmdclass={"build_ext": BuildExt},
)
