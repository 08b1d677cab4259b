# eval-label: buggy
# eval-expect: CNV101@17|26
# eval-why: the P-onset detector slides the template as written (a cross-correlation) but the self-check compares it with np.convolve of the same asymmetric template, which reverses it
# eval-fix: np.convolve(traza, plantilla, mode="valid") => np.convolve(traza, plantilla[::-1], mode="valid")
"""Detector de llegadas P por filtro adaptado (sismologia local)."""
import numpy as np


def plantilla_llegada(n=9, tau=2.5):
    """Llegada impulsiva: silencio y luego una rampa que decae (asimetrica)."""
    t = np.arange(n) - n // 2
    return np.where(t >= 0, np.exp(-t / tau), 0.0) - 0.1


def detector(traza, plantilla):
    m = len(plantilla)
    return np.array([(traza[i:i + m] * plantilla).sum() for i in range(len(traza) - m + 1)])


rng = np.random.default_rng(3)
traza = rng.standard_normal(600)
traza[300:320] += 6.0 * np.exp(-np.arange(20) / 4.0)
plantilla = plantilla_llegada()

rapido = detector(traza, plantilla)
referencia = np.convolve(traza, plantilla, mode="valid")
print("pico:", int(np.argmax(rapido)), "referencia:", int(np.argmax(referencia)))
ok = np.allclose(rapido, referencia)
print("EVAL-RESULT:", "agree" if ok else "differ")
