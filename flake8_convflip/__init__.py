"""flake8-convflip: find convolution / cross-correlation mix-ups in numerical Python."""

__version__ = "0.1.0"
