# eval-label: buggy
# eval-expect: CNV204@14|19
# eval-why: the Sobel kernel is given in convolution orientation (Gx = K * A, Wikipedia's form) but applied with cv2.filter2D, which correlates, so the signed gradient is negated.
# eval-fix: cv2.filter2D(g, -1, SOBEL_GX) => cv2.filter2D(g, -1, cv2.flip(SOBEL_GX, -1))
import cv2
import numpy as np

# Gx = [[+1, 0, -1], [+2, 0, -2], [+1, 0, -1]] * A, where * is 2-D convolution
SOBEL_GX = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float32)


def horizontal_gradient(gray):
    g = np.float32(gray)
    return cv2.filter2D(g, -1, SOBEL_GX)


def dark_to_bright_edges(gray, thresh=1.0):
    gx = horizontal_gradient(gray)
    return gx > thresh


if __name__ == "__main__":
    ramp = np.tile(np.arange(12, dtype=np.float32) * 10, (8, 1))  # brighter to the right
    gx = horizontal_gradient(ramp)
    print("interior gx:", gx[4, 5])
    ok = gx[4, 5] > 0  # the image gets brighter to the right: d/dx is positive
    print("EVAL-RESULT:", "agree" if ok else "differ")
