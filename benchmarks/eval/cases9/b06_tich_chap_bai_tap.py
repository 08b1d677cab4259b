# eval-label: buggy
# eval-expect: CNV101@60|59|46
# eval-why: tich_chap sums window * kernel as written (a cross-correlation) but is checked against convolve2d, which rotates the asymmetric kernel 180 degrees
# eval-fix: mau = convolve2d(anh, nhan, mode="same") => mau = correlate2d(anh, nhan, mode="same")
"""Bài tập 2 - Xử lý ảnh số: tích chập 2 chiều viết tay.

Các hàm:
    them_vien(anh, p)      -- thêm viền 0 quanh ảnh
    tich_chap(anh, nhan)   -- tích chập, kết quả cùng kích thước với ảnh
    lam_net(anh)           -- làm nét ảnh bằng nhân tự chọn
    kiem_tra()             -- so sánh với scipy
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d

NHAN_LAM_NET = np.array([[0, -1, 0],
                         [-1, 5, -2],
                         [0, 0, 0]], dtype=float)


def tao_anh(cao=12, rong=10, hat_giong=4):
    """Ảnh xám giả lập có cạnh dọc và nhiễu."""
    rng = np.random.default_rng(hat_giong)
    anh = np.zeros((cao, rong))
    anh[:, rong // 2:] = 200.0
    return anh + rng.normal(0, 5, (cao, rong))


def them_vien(anh, p):
    cao, rong = anh.shape
    ket_qua = np.zeros((cao + 2 * p, rong + 2 * p))
    ket_qua[p:p + cao, p:p + rong] = anh
    return ket_qua


def tich_chap(anh, nhan):
    """Tích chập: trượt nhân trên ảnh, nhân từng phần tử rồi cộng lại."""
    k = nhan.shape[0]
    p = k // 2
    anh_vien = them_vien(anh, p)
    cao, rong = anh.shape
    dau_ra = np.zeros((cao, rong))
    for i in range(cao):
        for j in range(rong):
            vung = anh_vien[i:i + k, j:j + k]
            dau_ra[i, j] = np.sum(vung * nhan)
    return dau_ra


def lam_net(anh):
    ket_qua = tich_chap(anh, NHAN_LAM_NET)
    return np.clip(ket_qua, 0, 255)


def kiem_tra():
    anh = tao_anh()
    nhan = NHAN_LAM_NET
    cua_em = tich_chap(anh, nhan)
    mau = convolve2d(anh, nhan, mode="same")
    return np.allclose(cua_em, mau)


if __name__ == "__main__":
    print("gia tri lon nhat sau khi lam net:", lam_net(tao_anh()).max())
    print("EVAL-RESULT:", "agree" if kiem_tra() else "differ")
