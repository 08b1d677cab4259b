/* The compiled direct engine behind convflip's 'direct' sums (optional: see _compiled.py).
 *
 * One function, correlate(x, k, out, codes, top, left, fill[, r0, r1[, threads]]), writes rows
 * r0:r1 of the valid cross-correlation of the fill-padded image with the kernel:
 *
 *     out[i, j] = sum_{a, b} xp[i + a, j + b] * kk[a, b],
 *     xp[r, c] = x[r - top, c - left] inside the image, else fill,
 *
 * with kk = k, or k rotated by 180 degrees when the flip bit of `codes` is set. Only the
 * outputs asked for are computed: 'valid' reads the image rows in place, 'same' and 'full'
 * pad one row at a time into a ring of kh rows (converted to the accumulator type once).
 * Every index is checked against the image, so any geometry is memory-safe.
 *
 * Floats (float32, float64) are summed in their own type, tap by tap in row-major order,
 * every tap multiplied (inf * 0 is NaN as in scipy's loop) and no fused multiply-add, so the
 * vector and scalar builds give the same bits and a NaN or inf reaches only the outputs whose
 * window holds it. Integers are summed in unsigned arithmetic of the output's width (16 bits
 * for 8-bit outputs): unsigned arithmetic is arithmetic modulo 2**bits, so the truncated
 * result is the exact result modulo 2**bits, which is how scipy's integer outputs wrap.
 *
 * The operands are read through the buffer protocol (no numpy headers at build time), the
 * GIL is released during the loops (split over `threads` POSIX threads, which take chunks of
 * rows from a shared counter until none is left: each output is summed the same way in any
 * chunk, so the bits do not depend on the count or the schedule; a thread costs 20-50 us to
 * start and join here, a Python pool's round trip 70-190), and the
 * row loops are built for AVX2 (and AVX-512 for
 * 64-bit integers) next to the baseline where gcc can dispatch between them at load time.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define THREADS 1
#else
#define THREADS 0
#endif

#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(__clang__)
#define CLONES __attribute__((target_clones("avx2", "default")))
/* 64-bit products: AVX-512DQ multiplies them in one instruction, AVX2 needs three (int64
 * 64² ⊛ 3²-15² runs 2-2.7x faster); the other types gain nothing from it */
#define CLONES_U64 __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define CLONES
#define CLONES_U64
#endif

#if defined(__GNUC__)
#define VECTORS 1
#else
#define VECTORS 0
#endif

/* element types of the operands (the codes _compiled.py sends) */
enum { T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_U64, T_I64, T_F32, T_F64, T_BOOL, T_COUNT };
/* accumulator types */
enum { A_U16, A_U32, A_U64, A_F32, A_F64, A_COUNT };

static const Py_ssize_t type_size[T_COUNT] = {1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 1};
static const Py_ssize_t acc_size[A_COUNT] = {2, 4, 8, 4, 8};

/* ---- one element of any operand type, as an unsigned residue or a double ---- */

static uint64_t load_residue(const char *p, int t)
{
    switch (t) {
    case T_U8: case T_BOOL: return *(const uint8_t *)p;
    case T_I8: return (uint64_t)(int64_t) * (const int8_t *)p;
    case T_U16: return *(const uint16_t *)p;
    case T_I16: return (uint64_t)(int64_t) * (const int16_t *)p;
    case T_U32: return *(const uint32_t *)p;
    case T_I32: return (uint64_t)(int64_t) * (const int32_t *)p;
    case T_U64: return *(const uint64_t *)p;
    case T_I64: return (uint64_t) * (const int64_t *)p;
    default: return 0;
    }
}

static double load_real(const char *p, int t)
{
    switch (t) {
    case T_F32: return *(const float *)p;
    case T_F64: return *(const double *)p;
    case T_U8: case T_BOOL: return *(const uint8_t *)p;
    case T_I8: return *(const int8_t *)p;
    case T_U16: return *(const uint16_t *)p;
    case T_I16: return *(const int16_t *)p;
    case T_U32: return *(const uint32_t *)p;
    case T_I32: return *(const int32_t *)p;
    case T_U64: return (double)*(const uint64_t *)p;
    case T_I64: return (double)*(const int64_t *)p;
    default: return 0;
    }
}

/* ---- the job: everything the row loops read, filled with the GIL held ---- */

typedef struct {
    const char *x;
    Py_ssize_t h, w, xs0, xs1;
    int xtype;
    const void *kk; /* oriented kernel, contiguous, accumulator type */
    Py_ssize_t kh, kw;
    char *out;
    Py_ssize_t oh, ow, os0;
    int narrow; /* 8-bit output of a 16-bit accumulator */
    Py_ssize_t top, left;
    int same_storage; /* x holds the accumulator type's bits */
    int in_place;     /* ... and its rows can be read as accumulator rows */
    int wide;         /* float loops with 64-byte vectors */
    /* the fused separable passes (``separable``): the kernel kk is kh x 1 and the rows it
     * reads are made by the row pass of the padded image rows with rv (1 x rkw), in column
     * strips of `strip` outputs (a ring of kh + 3 such rows stays in the L2 cache); NULL else */
    const void *rv;
    Py_ssize_t rkw, strip, out_item;
} Job;

/* the uint8 conversions of the 8-bit path, vectorised like the row loops */
CLONES static void widen_u8(const uint8_t *src, uint16_t *dst, Py_ssize_t n)
{
    for (Py_ssize_t c = 0; c < n; c++) dst[c] = src[c];
}

CLONES static void narrow_u16(const uint16_t *src, uint8_t *dst, Py_ssize_t n)
{
    for (Py_ssize_t c = 0; c < n; c++) dst[c] = (uint8_t)src[c];
}

/* ---- whether a float row holds a NaN or inf: all exponent bits set (integer operations,
 * which gcc vectorises; a sum of x * 0 could not be reordered) ---- */

#define DEFINE_NONFINITE(NAME, AT, BITS, EXPONENT)                                            \
    CLONES static int NAME##_nonfinite(const AT *p, Py_ssize_t n)                            \
    {                                                                                         \
        BITS any = 0;                                                                         \
        for (Py_ssize_t c = 0; c < n; c++) {                                                  \
            BITS b;                                                                           \
            memcpy(&b, p + c, sizeof b);                                                      \
            any |= (BITS)((b & EXPONENT) == EXPONENT);                                        \
        }                                                                                     \
        return any != 0;                                                                      \
    }
DEFINE_NONFINITE(f32, float, uint32_t, UINT32_C(0x7f800000))
DEFINE_NONFINITE(f64, double, uint64_t, UINT64_C(0x7ff0000000000000))
/* integer rows are always finite */
#define INTEGER_FINITE(NAME, AT)                                                              \
    static int NAME##_nonfinite(const AT *p, Py_ssize_t n)                                    \
    {                                                                                         \
        (void)p;                                                                              \
        (void)n;                                                                              \
        return 0;                                                                             \
    }
INTEGER_FINITE(u16, uint16_t)
INTEGER_FINITE(u32, uint32_t)
INTEGER_FINITE(u64, uint64_t)

/* ---- per accumulator type: padded row, row of outputs, driver ---- */

#if VECTORS
#define VEC_BYTES 32
#endif

/* the row loops of one accumulator type at the vector width VEC_BYTES has where it is used */
#define DEFINE_LOOPS(NAME, AT, WIDE, ROW_CLONES)                                              \
    ROW_CLONES static void NAME##_row(const AT *const *rows, const AT *kk, Py_ssize_t kh,     \
                                  Py_ssize_t kw, Py_ssize_t ow, AT *out)                      \
    {                                                                                         \
        ROW_BODY(AT, WIDE)                                                                    \
    }                                                                                         \
    ROW_CLONES static void NAME##_row2(const AT *const *rows, const AT *kk, Py_ssize_t kh,    \
                                   Py_ssize_t kw, Py_ssize_t ow, AT *out0, AT *out1)          \
    {                                                                                         \
        ROW2_BODY(AT, WIDE)                                                                   \
    }                                                                                         \
    ROW_CLONES static void NAME##_col4(const AT *const *rows, const AT *kk, Py_ssize_t kh,    \
                                   Py_ssize_t ow, AT *const *outs)                            \
    {                                                                                         \
        COL4_BODY(AT, WIDE)                                                                   \
    }

/* the driver of one accumulator type: its 32-byte loops NAME##_*, or Z##_* (64-byte vectors)
 * when the job says so (Z is NAME for the types without them) */
#define DEFINE_ACC(NAME, AT, WIDE, Z)                                                         \
    static void NAME##_pad_row(const Job *job, Py_ssize_t s, AT fill, AT *dst, Py_ssize_t n)  \
    {                                                                                         \
        Py_ssize_t c = 0, w = job->w, left = job->left;                                       \
        const char *src = job->x + s * job->xs0;                                              \
        Py_ssize_t xs1 = job->xs1;                                                            \
        for (; c < n && c < left; c++) dst[c] = fill;                                         \
        Py_ssize_t stop = left + w < n ? left + w : n;                                        \
        if (job->same_storage && xs1 == (Py_ssize_t)sizeof(AT)) {                             \
            if (stop > c) memcpy(dst + c, src + (c - left) * xs1, sizeof(AT) * (stop - c));   \
        } else if (sizeof(AT) == 2 && (job->xtype == T_U8 || job->xtype == T_BOOL) &&         \
                   xs1 == 1) {                                                                \
            if (stop > c) widen_u8((const uint8_t *)src + (c - left), (uint16_t *)(dst + c),  \
                                   stop - c);                                                 \
        } else {                                                                              \
            switch (job->xtype) {                                                             \
            CONVERT_CASES(AT)                                                                 \
            }                                                                                 \
        }                                                                                     \
        for (c = stop > c ? stop : c; c < n; c++) dst[c] = fill;                              \
    }                                                                                         \
    static int NAME##_run(const Job *job, AT fill, Py_ssize_t r0, Py_ssize_t r1,             \
                          int *nonfinite)                                                     \
    {                                                                                         \
        Py_ssize_t kh = job->kh, kw = job->kw, ow = job->ow, width = ow + kw - 1;             \
        Py_ssize_t slots = kh + 3; /* the input rows of four output rows */                   \
        size_t rows_of_data = (size_t)slots + 1 + 4 * (size_t)job->narrow;                   \
        const AT *rv = (const AT *)job->rv; /* fused: one padded image row of the row pass */ \
        Py_ssize_t line_n = rv ? width + job->rkw - 1 : 0;                                    \
        /* ring rows RING_SPARE longer: rows of 512 or 2048 floats are multiples of 4 KB, and \
         * blocks that read 66 of them at one column offset would evict their own L1 lines */ \
        Py_ssize_t pitch = width + RING_SPARE;                                                \
        AT *block = malloc(sizeof(AT) * ((size_t)pitch * rows_of_data + (size_t)line_n));     \
        const AT **rows = malloc((sizeof(AT *) + sizeof(Py_ssize_t)) * (size_t)slots);        \
        if (block == NULL || rows == NULL) {                                                  \
            free(block);                                                                      \
            free(rows);                                                                       \
            return -1;                                                                        \
        }                                                                                     \
        AT *fill_row = block, *ring = block + pitch, *tmp = ring + pitch * slots;             \
        AT *line = block + (size_t)pitch * rows_of_data;                                      \
        Py_ssize_t *held = (Py_ssize_t *)(rows + slots);                                      \
        if (rv) { /* the row pass of a fill row: the same bits as one materialised */        \
            for (Py_ssize_t c = 0; c < line_n; c++) line[c] = fill;                           \
            const AT *lp = line;                                                              \
            (job->wide ? Z##_row : NAME##_row)(&lp, rv, 1, job->rkw, width, fill_row);        \
        } else {                                                                              \
            for (Py_ssize_t c = 0; c < width; c++) fill_row[c] = fill;                        \
        }                                                                                     \
        for (Py_ssize_t a = 0; a < slots; a++) held[a] = -1;                                  \
        for (Py_ssize_t i = r0, step; i < r1; i += step) {                                    \
            int quad = kw == 1 && kh >= COL4_MIN_TAPS && i + 3 < r1;                          \
            int pair = !quad && kh > 1 && i + 1 < r1; /* one row's loads serve two rows */     \
            step = quad ? 4 : pair ? 2 : 1;                                                   \
            for (Py_ssize_t a = 0; a < kh + step - 1; a++) {                                  \
                Py_ssize_t r = i + a, s = r - job->top;                                       \
                if (s < 0 || s >= job->h) {                                                   \
                    rows[a] = fill_row;                                                       \
                } else if (job->in_place && !rv) {                                            \
                    rows[a] = (const AT *)(job->x + s * job->xs0);                            \
                } else {                                                                      \
                    Py_ssize_t slot = r % slots;                                              \
                    AT *dst = ring + slot * pitch;                                            \
                    if (held[slot] != r && rv) {                                              \
                        const AT *lp = line;                                                  \
                        if (job->in_place) /* the strip's columns inside the image */        \
                            lp = (const AT *)(job->x + s * job->xs0 - job->left * job->xs1);  \
                        else                                                                  \
                            NAME##_pad_row(job, s, fill, line, line_n);                       \
                        (job->wide ? Z##_row : NAME##_row)(&lp, rv, 1, job->rkw, width, dst); \
                        held[slot] = r;                                                       \
                    } else if (held[slot] != r) {                                             \
                        NAME##_pad_row(job, s, fill, dst, width);                             \
                        held[slot] = r;                                                       \
                    }                                                                         \
                    rows[a] = dst;                                                            \
                }                                                                             \
            }                                                                                 \
            char *orow = job->out + i * job->os0;                                             \
            const AT *kk = (const AT *)job->kk;                                               \
            if (quad) {                                                                       \
                AT *outs[4];                                                                  \
                for (int q = 0; q < 4; q++)                                                   \
                    outs[q] = job->narrow ? tmp + q * pitch : (AT *)(orow + q * job->os0);    \
                (job->wide ? Z##_col4 : NAME##_col4)(rows, kk, kh, ow, outs);                 \
                if (job->narrow) {                                                            \
                    for (int q = 0; q < 4; q++)                                               \
                        narrow_u16((const uint16_t *)outs[q], (uint8_t *)(orow + q * job->os0), \
                                   ow);                                                       \
                }                                                                             \
            } else if (pair) {                                                                \
                char *orow1 = orow + job->os0;                                                \
                if (job->narrow) {                                                            \
                    (job->wide ? Z##_row2 : NAME##_row2)(rows, kk, kh, kw, ow, tmp,           \
                                                         tmp + pitch);                        \
                    narrow_u16((const uint16_t *)tmp, (uint8_t *)orow, ow);                   \
                    narrow_u16((const uint16_t *)(tmp + pitch), (uint8_t *)orow1, ow);        \
                } else {                                                                      \
                    (job->wide ? Z##_row2 : NAME##_row2)(rows, kk, kh, kw, ow, (AT *)orow,    \
                                                         (AT *)orow1);                        \
                }                                                                             \
            } else if (job->narrow) {                                                         \
                (job->wide ? Z##_row : NAME##_row)(rows, kk, kh, kw, ow, tmp);                \
                narrow_u16((const uint16_t *)tmp, (uint8_t *)orow, ow);                       \
            } else {                                                                          \
                (job->wide ? Z##_row : NAME##_row)(rows, kk, kh, kw, ow, (AT *)orow);         \
            }                                                                                 \
            /* the rows just written are in the L1 cache: a NaN or inf among them? */        \
            for (Py_ssize_t q = 0; nonfinite != NULL && !*nonfinite && q < step; q++)         \
                *nonfinite = NAME##_nonfinite((const AT *)(orow + q * job->os0), ow);         \
        }                                                                                     \
        free(block);                                                                          \
        free(rows);                                                                           \
        return 0;                                                                             \
    }

/* conversion of one image row into the accumulator type, per operand type */
#define CONVERT_ONE(T, CODE, AT)                                                    \
    case CODE:                                                                                \
        for (; c < stop; c++) dst[c] = (AT) * (const T *)(src + (c - left) * xs1);            \
        break;
#define CONVERT_CASES(AT)                                                           \
    CONVERT_ONE(uint8_t, T_U8, AT)                                                  \
    CONVERT_ONE(uint8_t, T_BOOL, AT)                                                \
    CONVERT_ONE(int8_t, T_I8, AT)                                                   \
    CONVERT_ONE(uint16_t, T_U16, AT)                                                \
    CONVERT_ONE(int16_t, T_I16, AT)                                                 \
    CONVERT_ONE(uint32_t, T_U32, AT)                                                \
    CONVERT_ONE(int32_t, T_I32, AT)                                                 \
    CONVERT_ONE(uint64_t, T_U64, AT)                                                \
    CONVERT_ONE(int64_t, T_I64, AT)                                                 \
    CONVERT_ONE(float, T_F32, AT)                                                   \
    CONVERT_ONE(double, T_F64, AT)

/* One row of outputs: blocks of N vectors held in registers over every tap (N = 8, then 4,
 * then 1), the last block of each width placed to end at the row's end when the row is long
 * enough (its overlap with the previous block recomputes the same sums in the same order),
 * scalars only for rows narrower than one vector. Taps are added from zero, in row-major
 * order, the same in every block. Eight accumulators hide the adder's latency. */
#if VECTORS
/* every lane x: a plain broadcast (``(V){0} + x`` adds 0 first, an extra scalar add a tap,
 * since -0 + 0 is +0; ``x - 0`` is x for every x, so gcc drops the subtraction) */
#define BROADCAST(X) ((X) - (V){0})
/* one load into a register: gcc would fold the load into each of its two products (a
 * volatile read happens once; the type is unaligned) */
#define LOAD_ONCE(P) (*(const volatile VU *)(P))
#define BLOCK(N, J)                                                                           \
    do {                                                                                      \
        V s[N];                                                                               \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) s[u] = (V){0};                    \
        for (Py_ssize_t a = 0; a < kh; a++) {                                                 \
            const ET *p = rows[a] + (J), *kr = kk + a * kw;                                   \
            for (Py_ssize_t b = 0; b < kw; b++) {                                             \
                V kv = BROADCAST(kr[b]);                                      \
                _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) {                         \
                    V v;                                                                      \
                    memcpy(&v, p + b + u * L, sizeof(V));                                     \
                    s[u] += v * kv;                                                           \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++)                                   \
            memcpy(out + (J) + u * L, &s[u], sizeof(V));                                      \
    } while (0)
#define BLOCKS(N)                                                                             \
    if (ow - j >= N * L) {                                                                    \
        for (; j + N * L <= ow; j += N * L) BLOCK(N, j);                                      \
        if (j < ow && ow >= N * L && N * L - (ow - j) < N * L / 2) {                          \
            BLOCK(N, ow - N * L);                                                             \
            j = ow;                                                                           \
        }                                                                                     \
    }
#define ROW_BODY(AT, WIDE)                                                                    \
    typedef AT ET;                                                                            \
    typedef AT V __attribute__((vector_size(VEC_BYTES)));                                     \
    enum { L = VEC_BYTES / sizeof(AT) };                                                      \
    Py_ssize_t j = 0;                                                                         \
    BLOCKS(8)                                                                                 \
    BLOCKS(4)                                                                                 \
    BLOCKS(1)                                                                                 \
    if (j < ow && ow >= L) {                                                                  \
        for (; j + L <= ow; j += L) BLOCK(1, j);                                              \
        if (j < ow) BLOCK(1, ow - L);                                                         \
        j = ow;                                                                               \
    }                                                                                         \
    SCALAR_TAIL(AT, WIDE)
#else
#define ROW_BODY(AT, WIDE)                                                                    \
    Py_ssize_t j = 0;                                                                         \
    SCALAR_TAIL(AT, WIDE)
#endif

/* Two rows of outputs at once (i and i + 1 read kh + 1 image rows): each vector loaded from
 * an image row feeds both rows' sums, which halves the loads per multiply-add. Each sum still
 * adds its taps from zero in row-major order (row i takes image rows 0..kh-1 of the pair with
 * kernel rows 0..kh-1, row i + 1 image rows 1..kh with the same kernel rows), so the bits are
 * those of the one-row blocks and of the scalar loop. Blocks of 4 vectors a row (8
 * accumulators), then 2, then 1, placed as in BLOCKS. */
#if VECTORS
#define BLOCK2(N, J)                                                                          \
    do {                                                                                      \
        V s0[N], s1[N];                                                                       \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) s0[u] = s1[u] = (V){0};           \
        {                                                                                     \
            const ET *p = rows[0] + (J);                                                      \
            for (Py_ssize_t b = 0; b < kw; b++) {                                             \
                V k0 = BROADCAST(kk[b]);                                                        \
                _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) {                         \
                    V v;                                                                      \
                    memcpy(&v, p + b + u * L, sizeof(V));                                     \
                    s0[u] += v * k0;                                                          \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        for (Py_ssize_t a = 1; a < kh; a++) {                                                 \
            const ET *p = rows[a] + (J), *kr0 = kk + a * kw, *kr1 = kr0 - kw;                 \
            for (Py_ssize_t b = 0; b < kw; b++) {                                             \
                V k0 = BROADCAST(kr0[b]), k1 = BROADCAST(kr1[b]);                                 \
                _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) {                         \
                    V v = LOAD_ONCE(p + b + u * L);                                           \
                    s0[u] += v * k0;                                                          \
                    s1[u] += v * k1;                                                          \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        {                                                                                     \
            const ET *p = rows[kh] + (J), *kr1 = kk + (kh - 1) * kw;                          \
            for (Py_ssize_t b = 0; b < kw; b++) {                                             \
                V k1 = BROADCAST(kr1[b]);                                                       \
                _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) {                         \
                    V v;                                                                      \
                    memcpy(&v, p + b + u * L, sizeof(V));                                     \
                    s1[u] += v * k1;                                                          \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) {                                 \
            memcpy(out0 + (J) + u * L, &s0[u], sizeof(V));                                    \
            memcpy(out1 + (J) + u * L, &s1[u], sizeof(V));                                    \
        }                                                                                     \
    } while (0)
#define BLOCKS2(N)                                                                            \
    if (ow - j >= N * L) {                                                                    \
        for (; j + N * L <= ow; j += N * L) BLOCK2(N, j);                                     \
        if (j < ow && ow >= N * L && N * L - (ow - j) < N * L / 2) {                          \
            BLOCK2(N, ow - N * L);                                                            \
            j = ow;                                                                           \
        }                                                                                     \
    }
#define ROW2_BODY(AT, WIDE)                                                                   \
    typedef AT ET;                                                                            \
    typedef AT V __attribute__((vector_size(VEC_BYTES)));                                     \
    typedef AT VU __attribute__((vector_size(VEC_BYTES), aligned(sizeof(AT))));              \
    enum { L = VEC_BYTES / sizeof(AT) };                                                      \
    Py_ssize_t j = 0;                                                                         \
    BLOCKS2(4)                                                                                \
    BLOCKS2(2)                                                                                \
    BLOCKS2(1)                                                                                \
    if (j < ow && ow >= L) {                                                                  \
        for (; j + L <= ow; j += L) BLOCK2(1, j);                                             \
        if (j < ow) BLOCK2(1, ow - L);                                                        \
        j = ow;                                                                               \
    }                                                                                         \
    PAIR_SCALAR_TAIL(AT, WIDE)
#else
#define ROW2_BODY(AT, WIDE)                                                                   \
    Py_ssize_t j = 0;                                                                         \
    PAIR_SCALAR_TAIL(AT, WIDE)
#endif

/* Four rows of outputs of a one-column kernel (kw == 1: the column pass of a separable
 * kernel; rows i..i+3 read image rows 0..kh+2 of the block): each vector loaded from an image
 * row feeds up to four rows' sums, a quarter of the loads of the one-row blocks, and the four
 * rows' block of columns is read once for all of them. Output row r takes image row a with tap
 * a - r, so each sum still adds its taps from zero in order (the bits of the other blocks).
 * Blocks of 2 vectors (8 accumulators), then 1, placed as in BLOCKS; scalars for the rest. */
#define COL4_MIN_TAPS 4
#if VECTORS
#define COL4_ROW(N, A, R)                                                                     \
    do {                                                                                      \
        V kv = BROADCAST(kk[(A) - (R)]);                                                      \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) s[R][u] += v[u] * kv;             \
    } while (0)
#define COL4_LOAD(N, A, J)                                                                     \
    _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) v[u] = LOAD_ONCE(rows[A] + (J) + u * L)
/* kh >= COL4_MIN_TAPS: image rows 0-2 reach only the first rows' sums, kh..kh+2 the last */
#define COL4_BLOCK(N, J)                                                                      \
    do {                                                                                      \
        V s[4][N], v[N];                                                                      \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) s[0][u] = s[1][u] = s[2][u] =     \
            s[3][u] = (V){0};                                                                 \
        COL4_LOAD(N, 0, J);                                                                      \
        COL4_ROW(N, 0, 0);                                                                    \
        COL4_LOAD(N, 1, J);                                                                      \
        COL4_ROW(N, 1, 0);                                                                    \
        COL4_ROW(N, 1, 1);                                                                    \
        COL4_LOAD(N, 2, J);                                                                      \
        COL4_ROW(N, 2, 0);                                                                    \
        COL4_ROW(N, 2, 1);                                                                    \
        COL4_ROW(N, 2, 2);                                                                    \
        for (Py_ssize_t a = 3; a < kh; a++) {                                                 \
            COL4_LOAD(N, a, J);                                                                  \
            COL4_ROW(N, a, 0);                                                                \
            COL4_ROW(N, a, 1);                                                                \
            COL4_ROW(N, a, 2);                                                                \
            COL4_ROW(N, a, 3);                                                                \
        }                                                                                     \
        COL4_LOAD(N, kh, J);                                                                     \
        COL4_ROW(N, kh, 1);                                                                   \
        COL4_ROW(N, kh, 2);                                                                   \
        COL4_ROW(N, kh, 3);                                                                   \
        COL4_LOAD(N, kh + 1, J);                                                                 \
        COL4_ROW(N, kh + 1, 2);                                                               \
        COL4_ROW(N, kh + 1, 3);                                                               \
        COL4_LOAD(N, kh + 2, J);                                                                 \
        COL4_ROW(N, kh + 2, 3);                                                               \
        _Pragma("GCC unroll 8") for (int u = 0; u < N; u++) {                                 \
            _Pragma("GCC unroll 4") for (int r = 0; r < 4; r++)                               \
                memcpy(outs[r] + (J) + u * L, &s[r][u], sizeof(V));                           \
        }                                                                                     \
    } while (0)
#define COL4_BLOCKS(N)                                                                        \
    if (ow - j >= N * L) {                                                                    \
        for (; j + N * L <= ow; j += N * L) COL4_BLOCK(N, j);                                 \
        if (j < ow && ow >= N * L && N * L - (ow - j) < N * L / 2) {                          \
            COL4_BLOCK(N, ow - N * L);                                                        \
            j = ow;                                                                           \
        }                                                                                     \
    }
#define COL4_BODY(AT, WIDE)                                                                   \
    typedef AT V __attribute__((vector_size(VEC_BYTES)));                                     \
    typedef AT VU __attribute__((vector_size(VEC_BYTES), aligned(sizeof(AT))));              \
    enum { L = VEC_BYTES / sizeof(AT) };                                                      \
    Py_ssize_t j = 0;                                                                         \
    if (VEC_BYTES == 64) { /* 32 registers: 16 accumulators */                                \
        COL4_BLOCKS(4)                                                                        \
    }                                                                                         \
    COL4_BLOCKS(2)                                                                            \
    COL4_BLOCKS(1)                                                                            \
    if (j < ow && ow >= L) {                                                                  \
        for (; j + L <= ow; j += L) COL4_BLOCK(1, j);                                         \
        if (j < ow) COL4_BLOCK(1, ow - L);                                                    \
        j = ow;                                                                               \
    }                                                                                         \
    COL4_SCALAR_TAIL(AT, WIDE)
#else
#define COL4_BODY(AT, WIDE)                                                                   \
    Py_ssize_t j = 0;                                                                         \
    COL4_SCALAR_TAIL(AT, WIDE)
#endif

#define COL4_SCALAR_TAIL(AT, WIDE)                                                            \
    for (int r = 0; r < 4; r++) {                                                             \
        for (Py_ssize_t jj = j; jj < ow; jj++) {                                              \
            AT s = 0;                                                                         \
            for (Py_ssize_t a = 0; a < kh; a++)                                               \
                s = (AT)(s + (WIDE)rows[a + r][jj] * (WIDE)kk[a]);                            \
            outs[r][jj] = s;                                                                  \
        }                                                                                     \
    }

/* the pair's columns left to scalars: each row as SCALAR_TAIL (its image rows 0..kh-1, 1..kh) */
#define PAIR_SCALAR_TAIL(AT, WIDE)                                                            \
    for (int half = 0; half < 2; half++) {                                                    \
        const AT *const *rows_h = rows + half;                                                \
        AT *out = half ? out1 : out0;                                                         \
        for (Py_ssize_t jj = j; jj < ow; jj++) {                                              \
            AT s = 0;                                                                         \
            for (Py_ssize_t a = 0; a < kh; a++) {                                             \
                const AT *p = rows_h[a] + jj, *kr = kk + a * kw;                              \
                for (Py_ssize_t b = 0; b < kw; b++) s = (AT)(s + (WIDE)p[b] * (WIDE)kr[b]);  \
            }                                                                                 \
            out[jj] = s;                                                                      \
        }                                                                                     \
    }

#define SCALAR_TAIL(AT, WIDE)                                                                       \
    for (; j < ow; j++) {                                                                     \
        AT s = 0;                                                                             \
        for (Py_ssize_t a = 0; a < kh; a++) {                                                 \
            const AT *p = rows[a] + j, *kr = kk + a * kw;                                     \
            for (Py_ssize_t b = 0; b < kw; b++) s = (AT)(s + (WIDE)p[b] * (WIDE)kr[b]);      \
        }                                                                                     \
        out[j] = s;                                                                           \
    }

/* WIDE: the type of one product (uint16_t operands would multiply as int and overflow) */
DEFINE_LOOPS(u16, uint16_t, uint32_t, CLONES)
DEFINE_LOOPS(u32, uint32_t, uint32_t, CLONES)
DEFINE_LOOPS(u64, uint64_t, uint64_t, CLONES_U64)
DEFINE_LOOPS(f32, float, float, CLONES)
DEFINE_LOOPS(f64, double, double, CLONES)

/* The float loops again with 64-byte vectors for AVX-512 machines (x86-64-v4): half the
 * instructions per multiply-add, and the same arithmetic lane by lane (each output's taps in
 * the same order, no fused multiply-add), so the same bits as the 32-byte loops. Used for rows
 * of at least WIDE_MIN_VECTORS such vectors (``vector_bytes``); integers keep their loops. */
#if VECTORS && defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(__clang__)
#define WIDE_LOOPS 1
#undef VEC_BYTES
#define VEC_BYTES 64
DEFINE_LOOPS(f32z, float, float, __attribute__((target("arch=x86-64-v4"))))
DEFINE_LOOPS(f64z, double, double, __attribute__((target("arch=x86-64-v4"))))
#undef VEC_BYTES
#define VEC_BYTES 32
#else
#define WIDE_LOOPS 0
#endif
#define WIDE_MIN_VECTORS 4
#define RING_SPARE 16
/* the float loops' vector width: 64 where the CPU has AVX-512 (set at import), else 32 */
static int vector_width = 32;

DEFINE_ACC(u16, uint16_t, uint32_t, u16)
DEFINE_ACC(u32, uint32_t, uint32_t, u32)
DEFINE_ACC(u64, uint64_t, uint64_t, u64)
#if WIDE_LOOPS
DEFINE_ACC(f32, float, float, f32z)
DEFINE_ACC(f64, double, double, f64z)
#else
DEFINE_ACC(f32, float, float, f32)
DEFINE_ACC(f64, double, double, f64)
#endif

/* ---- argument handling ---- */

static int get_buffer(PyObject *obj, Py_buffer *view, int writable, const char *name)
{
    int flags = PyBUF_STRIDES | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    if (view->ndim != 2) {
        PyErr_Format(PyExc_ValueError, "%s must be 2-D, got ndim=%d", name, view->ndim);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* ---- rows split over threads ---- */

#define MAX_THREADS 64
/* the work items a thread takes, about; and the least height of a chunk in kernel rows */
#define CHUNKS_PER_THREAD 4
#define CHUNK_MIN_KH 2
#define CHUNK_MIN_KH_FUSED 16

typedef struct {
    const Job *job;
    int acc;
    uint64_t fill_residue;
    double fill_real;
    Py_ssize_t r0, r1;      /* the rows of the whole call */
    Py_ssize_t chunk;       /* rows of one work item */
    Py_ssize_t nchunks;     /* work items per column strip */
    Py_ssize_t nitems;      /* strips x chunks */
    Py_ssize_t *next;       /* the next work item, shared by the threads */
    int status;
    int check;     /* look for NaN and inf in the outputs (the fused float passes) */
    int nonfinite; /* ... and one was found */
} Part;

static int run_job(const Job *job, Part *p, Py_ssize_t r0, Py_ssize_t r1)
{
    int *flag = p->check ? &p->nonfinite : NULL;
    switch (p->acc) {
    case A_U16: return u16_run(job, (uint16_t)p->fill_residue, r0, r1, flag);
    case A_U32: return u32_run(job, (uint32_t)p->fill_residue, r0, r1, flag);
    case A_U64: return u64_run(job, p->fill_residue, r0, r1, flag);
    case A_F32: return f32_run(job, (float)p->fill_real, r0, r1, flag);
    default: return f64_run(job, p->fill_real, r0, r1, flag);
    }
}

/* the vector width and whether the rows are read in place, for this job's columns */
static void fit(Job *job, int acc)
{
    int is_float = acc == A_F32 || acc == A_F64;
    job->wide = vector_width == 64 && is_float && job->ow >= WIDE_MIN_VECTORS * 64 / acc_size[acc];
    int contiguous = job->same_storage && job->xs1 == acc_size[acc];
    if (job->rv) /* the row pass reads columns -left .. -left + ow + rkw - 2 of the image */
        job->in_place = contiguous && job->left <= 0 && job->ow + job->rkw - 1 - job->left <= job->w;
    else
        job->in_place = contiguous && job->left == 0 && job->ow + job->kw - 1 <= job->w;
}

static Py_ssize_t take(Py_ssize_t *next)
{
#if defined(__GNUC__)
    return __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
#else
    return (*next)++; /* one thread only (THREADS is 0 without gcc or clang on POSIX) */
#endif
}

/* Work items (a column strip of the fused passes x a chunk of rows) taken from the shared
 * counter until none is left: a thread slowed by another process leaves its share to the
 * others instead of stalling the call. Each output is summed the same way in any chunk, so
 * the bits do not depend on which thread took which item. */
static void *run_part(void *arg)
{
    Part *p = arg;
    const Job *job = p->job;
    p->status = 0;
    for (Py_ssize_t item; p->status == 0 && (item = take(p->next)) < p->nitems;) {
        Py_ssize_t c = item % p->nchunks, a = p->r0 + c * p->chunk;
        Py_ssize_t b = c + 1 < p->nchunks ? a + p->chunk : p->r1;
        if (job->rv == NULL) {
            p->status = run_job(job, p, a, b);
            continue;
        }
        Py_ssize_t c0 = item / p->nchunks * job->strip;
        Job strip = *job;
        strip.ow = job->ow - c0 < job->strip ? job->ow - c0 : job->strip;
        strip.left = job->left - c0;
        strip.out = job->out + c0 * job->out_item;
        fit(&strip, p->acc);
        p->status = run_job(&strip, p, a, b);
    }
    return NULL;
}

/* part 0 on the calling thread, the others on threads of their own (a thread that cannot be
 * started leaves its items to the others) */
static void run_parts(Part *parts, Py_ssize_t nparts)
{
#if THREADS
    pthread_t ids[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (Py_ssize_t t = 1; t < nparts; t++)
        started[t] = pthread_create(&ids[t], NULL, run_part, &parts[t]) == 0;
    run_part(&parts[0]);
    for (Py_ssize_t t = 1; t < nparts; t++)
        if (started[t]) pthread_join(ids[t], NULL);
#else
    for (Py_ssize_t t = 0; t < nparts; t++) run_part(&parts[t]);
#endif
}

/* ---- the call ---- */

/* the kernel oriented (rotated by 180 degrees with flip), contiguous, in the accumulator type */
static void *load_kernel(const Py_buffer *kv, int ktype, int acc, int flip)
{
    Py_ssize_t kh = kv->shape[0], kw = kv->shape[1];
    void *kk = malloc((size_t)(kh * kw) * (size_t)acc_size[acc]);
    if (kk == NULL) return NULL;
    for (Py_ssize_t a = 0; a < kh; a++) {
        for (Py_ssize_t b = 0; b < kw; b++) {
            Py_ssize_t sa = flip ? kh - 1 - a : a, sb = flip ? kw - 1 - b : b;
            const char *p = (const char *)kv->buf + sa * kv->strides[0] + sb * kv->strides[1];
            Py_ssize_t at = a * kw + b;
            switch (acc) {
            case A_U16: ((uint16_t *)kk)[at] = (uint16_t)load_residue(p, ktype); break;
            case A_U32: ((uint32_t *)kk)[at] = (uint32_t)load_residue(p, ktype); break;
            case A_U64: ((uint64_t *)kk)[at] = load_residue(p, ktype); break;
            case A_F32:
                ((float *)kk)[at] = ktype == T_F32 ? *(const float *)p : (float)load_real(p, ktype);
                break;
            default: ((double *)kk)[at] = load_real(p, ktype); break;
            }
        }
    }
    return kk;
}

/* correlate (fused = 0): x, k, out, codes, top, left, fill[, r0, r1[, threads]];
 * separable (fused = 1): x, u, v, out, codes, top, left, fill, strip[, r0, r1[, threads]] */
static PyObject *sum_call(PyObject *const *args, Py_ssize_t nargs, int fused)
{
    const char *usage = fused ? "separable(x, u, v, out, codes, top, left, fill, strip[, r0, r1"
                                "[, threads]])"
                              : "correlate(x, k, out, codes, top, left, fill[, r0, r1[, threads]])";
    Py_ssize_t base = fused ? 9 : 7; /* the arguments before r0 */
    if (nargs != base && nargs != base + 2 && nargs != base + 3) {
        PyErr_SetString(PyExc_TypeError, usage);
        return NULL;
    }
    PyObject *const *tail = args + 3 + fused; /* codes, top, left, fill[, strip] */
    long codes = PyLong_AsLong(tail[0]);
    Py_ssize_t top = PyLong_AsSsize_t(tail[1]), left = PyLong_AsSsize_t(tail[2]);
    Py_ssize_t strip = fused ? PyLong_AsSsize_t(tail[4]) : 0;
    if (PyErr_Occurred()) return NULL;
    int xtype = (int)(codes & 15), ktype = (int)((codes >> 4) & 15);
    int acc = (int)((codes >> 8) & 15), flip = (int)((codes >> 12) & 1);
    if (xtype >= T_COUNT || ktype >= T_COUNT || acc >= A_COUNT || top < 0 || left < 0 ||
        (fused && strip < 1)) {
        PyErr_SetString(PyExc_ValueError, "correlate: bad codes or offsets");
        return NULL;
    }
    int is_float = acc == A_F32 || acc == A_F64;
    if (!is_float && (xtype == T_F32 || xtype == T_F64 || ktype == T_F32 || ktype == T_F64)) {
        PyErr_SetString(PyExc_ValueError, "correlate: an integer sum of float operands");
        return NULL;
    }
    uint64_t fill_residue = 0;
    double fill_real = 0;
    if (is_float) {
        fill_real = PyFloat_AsDouble(tail[3]);
    } else {
        PyObject *as_int = PyNumber_Index(tail[3]);
        if (as_int == NULL) return NULL;
        fill_residue = PyLong_AsUnsignedLongLongMask(as_int);
        Py_DECREF(as_int);
    }
    if (PyErr_Occurred()) return NULL;

    /* views[0] x, [1] k or u, [2] out or v, [3] out */
    Py_buffer views[4];
    int nviews = 3 + fused, got = 0;
    PyObject *result = NULL;
    void *kk = NULL, *rv = NULL;
    for (; got < nviews; got++) {
        int writable = got == nviews - 1;
        const char *name = got == 0 ? "x" : writable ? "out" : got == 1 ? (fused ? "u" : "k") : "v";
        if (get_buffer(args[got], &views[got], writable, name) < 0) goto done;
    }
    Py_buffer *xv = &views[0], *kv = &views[1], *ov = &views[nviews - 1];
    Py_buffer *vv = fused ? &views[2] : NULL;
    Py_ssize_t oh = ov->shape[0], ow = ov->shape[1], kh = kv->shape[0], kw = kv->shape[1];
    Py_ssize_t r0 = 0, r1 = oh, threads = 1;
    if (nargs >= base + 2) {
        r0 = PyLong_AsSsize_t(args[base]);
        r1 = PyLong_AsSsize_t(args[base + 1]);
        if (nargs == base + 3) threads = PyLong_AsSsize_t(args[base + 2]);
        if (PyErr_Occurred()) goto done;
    }
    int narrow = !is_float && ov->itemsize == 1 && acc == A_U16;
    if (xv->itemsize != type_size[xtype] || kv->itemsize != type_size[ktype] ||
        (!narrow && ov->itemsize != acc_size[acc]) || ov->strides[1] != ov->itemsize ||
        ov->strides[0] < ow * ov->itemsize || kh < 1 || kw < 1 || oh < 1 || ow < 1 ||
        xv->shape[0] < 1 || xv->shape[1] < 1 || r0 < 0 || r1 > oh || r0 > r1 ||
        (fused && (kw != 1 || vv->shape[0] != 1 || vv->shape[1] < 1 ||
                   vv->itemsize != type_size[ktype]))) {
        PyErr_SetString(PyExc_ValueError, "correlate: operands do not match the codes");
        goto done;
    }
    kk = load_kernel(kv, ktype, acc, flip);
    rv = fused ? load_kernel(vv, ktype, acc, flip) : NULL;
    if (kk == NULL || (fused && rv == NULL)) {
        PyErr_NoMemory();
        goto done;
    }
    Job job = {
        .x = (const char *)xv->buf, .h = xv->shape[0], .w = xv->shape[1],
        .xs0 = xv->strides[0], .xs1 = xv->strides[1], .xtype = xtype,
        .kk = kk, .kh = kh, .kw = kw, .out = (char *)ov->buf, .oh = oh, .ow = ow,
        .os0 = ov->strides[0], .narrow = narrow, .top = top, .left = left,
        .rv = rv, .rkw = fused ? vv->shape[1] : 0, .strip = strip, .out_item = ov->itemsize,
    };
    /* rows read in place: the accumulator's own storage, contiguous, no column padding */
    job.same_storage = (acc == A_F32 && xtype == T_F32) || (acc == A_F64 && xtype == T_F64) ||
                       (acc == A_U16 && (xtype == T_U16 || xtype == T_I16)) ||
                       (acc == A_U32 && (xtype == T_U32 || xtype == T_I32)) ||
                       (acc == A_U64 && (xtype == T_U64 || xtype == T_I64));
    fit(&job, acc);
    Part parts[MAX_THREADS];
    Py_ssize_t nparts = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    Py_ssize_t rows = r1 - r0, chunk = rows, next = 0;
    if (nparts > rows / 4) nparts = rows / 4 > 0 ? rows / 4 : 1;
    Py_ssize_t nstrips = fused ? (ow + strip - 1) / strip : 1;
    if (nparts > 1) {
        /* about CHUNKS_PER_THREAD items a thread (the strips count), in whole blocks of four
         * rows; a chunk re-reads the kh - 1 rows above it (fused: recomputes their row pass,
         * so there it spans at least CHUNK_MIN_KH_FUSED kernel heights, 6% more row work) */
        Py_ssize_t want = (CHUNKS_PER_THREAD * nparts + nstrips - 1) / nstrips;
        Py_ssize_t least = (fused ? CHUNK_MIN_KH_FUSED : CHUNK_MIN_KH) * kh;
        chunk = (rows + want - 1) / want;
        if (chunk < least) chunk = least;
        /* chunks of equal height, and when the least height leaves fewer items than
         * CHUNKS_PER_THREAD a thread, a multiple of the threads (a chunk's recomputed rows
         * cost less than a thread idle while another finishes: float64 512² ⊛ 63² rank 1
         * on two threads took as long as on one with a single chunk, 2.24 -> 1.43 ms) */
        Py_ssize_t n = (rows + chunk - 1) / chunk * nstrips;
        if (n < CHUNKS_PER_THREAD * nparts) n = (n + nparts - 1) / nparts * nparts;
        n = (n + nstrips - 1) / nstrips;
        chunk = (rows + n - 1) / n;
        chunk = (chunk + 3) / 4 * 4;
    }
    Py_ssize_t nchunks = chunk >= rows ? 1 : (rows + chunk - 1) / chunk;
    if (nparts > nchunks * nstrips) nparts = nchunks * nstrips;
    for (Py_ssize_t t = 0; t < nparts; t++) {
        parts[t] = (Part){.job = &job, .acc = acc, .fill_residue = fill_residue,
                          .fill_real = fill_real, .r0 = r0, .r1 = r1, .chunk = chunk,
                          .nchunks = nchunks, .nitems = nchunks * nstrips, .next = &next,
                          .check = fused && is_float};
    }
    int status = 0, nonfinite = 0;
    Py_BEGIN_ALLOW_THREADS
    run_parts(parts, nparts);
    for (Py_ssize_t t = 0; t < nparts; t++) {
        status |= parts[t].status;
        nonfinite |= parts[t].nonfinite;
    }
    Py_END_ALLOW_THREADS
    if (status < 0) {
        PyErr_NoMemory();
        goto done;
    }
    /* correlate returns out, separable whether every output is finite (integers: True) */
    result = fused ? PyBool_FromLong(!nonfinite) : Py_NewRef(args[nviews - 1]);
done:
    free(kk);
    free(rv);
    for (int v = 0; v < got; v++) PyBuffer_Release(&views[v]);
    return result;
}

static PyObject *correlate(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    return sum_call(args, nargs, 0);
}

static PyObject *separable(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    return sum_call(args, nargs, 1);
}

/* the widest row loops the load-time dispatch picks on this machine (the cost model prices
 * 64-bit integer sums by it: without AVX-512 a 64-bit product takes three multiplies) */
static int has_v4(void)
{
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(__clang__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512cd");
#else
    return 0;
#endif
}

static PyObject *isa(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    if (has_v4()) return PyUnicode_FromString("x86-64-v4");
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(__clang__)
    if (__builtin_cpu_supports("avx2")) return PyUnicode_FromString("avx2");
#endif
    return PyUnicode_FromString("default");
}

/* vector_bytes([n]): the float loops' vector width in bytes; with n (32, or 64 where the
 * 64-byte loops run on this CPU) it is set first. For tests and benchmarks: the bits are the
 * same at either width. */
static PyObject *vector_bytes(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (nargs > 1) {
        PyErr_SetString(PyExc_TypeError, "vector_bytes([n])");
        return NULL;
    }
    if (nargs == 1) {
        long n = PyLong_AsLong(args[0]);
        if (n == -1 && PyErr_Occurred()) return NULL;
        if (n != 32 && !(n == 64 && WIDE_LOOPS && has_v4())) {
            PyErr_Format(PyExc_ValueError, "vector_bytes: %ld is not available here", n);
            return NULL;
        }
        vector_width = (int)n;
    }
    return PyLong_FromLong(vector_width);
}

static PyMethodDef methods[] = {
    {"isa", isa, METH_NOARGS,
     "isa(): the row loops picked at load time: 'x86-64-v4', 'avx2' or 'default'."},
    {"vector_bytes", (PyCFunction)(void (*)(void))vector_bytes, METH_FASTCALL,
     "vector_bytes([n]): the float loops' vector width in bytes (32, or 64 with AVX-512); "
     "sets it to n first when given."},
    {"separable", (PyCFunction)(void (*)(void))separable, METH_FASTCALL,
     "separable(x, u, v, out, codes, top, left, fill, strip[, r0, r1[, threads]]): as "
     "correlate with the kernel u (kh x 1) times v (1 x kw), as two passes: the row pass with v "
     "of each padded row into a ring of kh + 3 rows the column pass with u reads, in column "
     "strips of `strip` outputs; the bits of the two passes run one after the other. Returns "
     "whether every output is finite (floats; True for integers)."},
    {"correlate", (PyCFunction)(void (*)(void))correlate, METH_FASTCALL,
     "correlate(x, k, out, codes, top, left, fill[, r0, r1[, threads]]): rows r0:r1 of the "
     "valid cross-correlation of the fill-padded x with k, written into out (by up to "
     "`threads` threads); returns out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cdirect", "convflip's compiled direct engine.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__cdirect(void)
{
    vector_width = WIDE_LOOPS && has_v4() ? 64 : 32;
    return PyModule_Create(&module);
}
