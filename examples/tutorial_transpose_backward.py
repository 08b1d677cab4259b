"""A numpy-extension layer whose backward pass uses a transpose as the kernel flip.

(The pattern of an old PyTorch tutorial, copied widely before it was corrected.)
"""

from scipy.signal import convolve2d, correlate2d


def scipy_conv_forward(image, kernel):
    return correlate2d(image, kernel, mode="valid")


def scipy_conv_backward(grad_output, kernel):
    return convolve2d(grad_output, kernel.T, mode="full")  # CNV302


def sobel_pair(image, sobel_x):
    from scipy import ndimage as ndi

    sobel_y = sobel_x.T  # the other orientation of a derivative kernel: not a flip
    return ndi.convolve(image, sobel_x), ndi.convolve(image, sobel_y)
