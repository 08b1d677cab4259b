# eval-label: buggy
# eval-expect: CNV303@20,CNV206@21
# eval-why: the backward pass 'flips' the kernel with a single np.rot90 (a quarter turn) before correlating the gradient, where the 180-degree rotation is needed
# eval-fix: np.rot90(self.trong_so) => np.rot90(self.trong_so, 2)
import numpy as np
from scipy import signal


class LopTichChap:
    def __init__(self, kich_thuoc=3, seed=4):
        rng = np.random.default_rng(seed)
        self.trong_so = rng.normal(size=(kich_thuoc, kich_thuoc))
        self.bo_nho = {}

    def lan_truyen_xuoi(self, anh):
        self.bo_nho["anh"] = anh
        return signal.correlate2d(anh, self.trong_so, "valid")

    def lan_truyen_nguoc(self, dao_ham):
        lat = np.rot90(self.trong_so)  # lat kernel 180 do
        return signal.correlate2d(dao_ham, lat, "full")


lop = LopTichChap()
rng = np.random.default_rng(0)
anh = rng.normal(size=(7, 7))
y = lop.lan_truyen_xuoi(anh)
v = rng.normal(size=y.shape)
u = rng.normal(size=anh.shape)

# kiem tra tich vo huong: <A u, v> == <u, A^T v>
trai = np.vdot(lop.lan_truyen_xuoi(u), v)
phai = np.vdot(u, lop.lan_truyen_nguoc(v))
print("EVAL-RESULT:", "agree" if np.isclose(trai, phai, rtol=1e-10) else "differ")
