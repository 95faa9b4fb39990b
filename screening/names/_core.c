/* Compiled core of name scoring: the same arithmetic as the pure-Python reference
 * (screening/names/score.py `token_sim` and `assign`, screening/names/index.py `_Query._part`
 * and `_Query.align`, and the search loop of `NameIndex`: see _core_tables.c and the files it
 * is followed by), operation for operation, so that results are bit-identical. The constants are set from Python
 * (`fastcore.py`), so they live in one place.
 *
 * Built by setuptools as an optional extension: when it cannot be built or imported, the
 * pure-Python path runs (tests compare both). No compiler flag may change float results:
 * -ffp-contract=off keeps a*b+c from being fused.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

static double MIN_PAIR_SIM = 0.70, SHORT_PAIR_SIM = 0.80, INITIAL_SIM = 0.85, FOLD_SIM = 0.97,
              ONE_EDIT_SIM = 0.88, MISSING_MIDDLE = 0.25, JOINED_FACTOR = 0.97,
              JOINED_MIN = 0.85;
static Py_ssize_t SHORT_WORD = 4, SYLLABLE = 4;
static Py_UCS4 KANA_MARK = '~';
static int configured = 0;

/* ---- strings ------------------------------------------------------------------------------ */

static inline int ustr_eq(PyObject *a, PyObject *b)
{
    if (a == b)
        return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    if (n != PyUnicode_GET_LENGTH(b) || PyUnicode_KIND(a) != PyUnicode_KIND(b))
        return 0;  /* (compact strings use the smallest kind: different kinds, different text) */
    return memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * PyUnicode_KIND(a)) == 0;
}

static inline Py_UCS4 uch(PyObject *s, Py_ssize_t i)
{
    return PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), i);
}

/* Optimal string alignment distance (rapidfuzz's OSA: insertions, deletions, substitutions
 * and transpositions of adjacent characters, no substring edited twice). */
#define OSA_STACK 64

static Py_ssize_t osa_ucs4(const Py_UCS4 *a, Py_ssize_t n, const Py_UCS4 *b, Py_ssize_t m)
{
    if (n == 0)
        return m;
    if (m == 0)
        return n;
    Py_ssize_t stack[3 * (OSA_STACK + 1)];
    Py_ssize_t *buf = stack;
    if (m > OSA_STACK) {
        buf = PyMem_Malloc(3 * (size_t)(m + 1) * sizeof(Py_ssize_t));
        if (buf == NULL)
            return -1;
    }
    Py_ssize_t *pp = buf, *prev = buf + (m + 1), *cur = buf + 2 * (m + 1);
    for (Py_ssize_t j = 0; j <= m; j++)
        prev[j] = j;
    for (Py_ssize_t i = 1; i <= n; i++) {
        Py_UCS4 ac = a[i - 1];
        cur[0] = i;
        for (Py_ssize_t j = 1; j <= m; j++) {
            Py_UCS4 bc = b[j - 1];
            Py_ssize_t v = prev[j - 1] + (ac != bc);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ac == b[j - 2] && a[i - 2] == bc && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
        Py_ssize_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    Py_ssize_t d = prev[m];
    if (buf != stack)
        PyMem_Free(buf);
    return d;
}

/* the characters of `s` as UCS4, in `stack` when they fit (else allocated: *owned set) */
static Py_UCS4 *ucs4(PyObject *s, Py_UCS4 *stack, int *owned)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    Py_UCS4 *out = stack;
    *owned = 0;
    if (n > OSA_STACK) {
        out = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)n);
        if (out == NULL)
            return NULL;
        *owned = 1;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = data;
        for (Py_ssize_t i = 0; i < n; i++)
            out[i] = d[i];
    }
    else {
        for (Py_ssize_t i = 0; i < n; i++)
            out[i] = PyUnicode_READ(kind, data, i);
    }
    return out;
}

/* The same distance, bit-parallel (Hyyrö 2003, "A bit-vector algorithm for computing
 * Levenshtein and Damerau edit distances"): one machine word holds a column of the DP matrix
 * as vertical deltas, for a pattern `a` of 1 to 64 one-byte characters. */
static Py_ssize_t osa_bits(const Py_UCS1 *a, Py_ssize_t n, const Py_UCS1 *b, Py_ssize_t m)
{
    uint64_t pm[256];  /* positions of each character in `a` (only the entries read are set) */
    for (Py_ssize_t j = 0; j < m; j++)
        pm[b[j]] = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        pm[a[i]] = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        pm[a[i]] |= (uint64_t)1 << i;
    uint64_t vp = ~(uint64_t)0, vn = 0, d0 = 0, pm_prev = 0, last = (uint64_t)1 << (n - 1);
    Py_ssize_t dist = n;
    for (Py_ssize_t j = 0; j < m; j++) {
        uint64_t pj = pm[b[j]];
        uint64_t tr = ((~d0 & pj) << 1) & pm_prev;  /* transpositions */
        d0 = (((pj & vp) + vp) ^ vp) | pj | vn | tr;
        uint64_t hp = vn | ~(d0 | vp), hn = d0 & vp;
        dist += (hp & last) != 0;
        dist -= (hn & last) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_prev = pj;
    }
    return dist;
}

static Py_ssize_t osa(PyObject *a, PyObject *b)
{
    if (PyUnicode_KIND(a) == PyUnicode_1BYTE_KIND && PyUnicode_KIND(b) == PyUnicode_1BYTE_KIND) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(a), m = PyUnicode_GET_LENGTH(b);
        if (n > m) {
            PyObject *t = a;
            a = b;
            b = t;
            Py_ssize_t k = n;
            n = m;
            m = k;
        }
        if (n == 0)
            return m;
        if (n <= 64)
            return osa_bits(PyUnicode_1BYTE_DATA(a), n, PyUnicode_1BYTE_DATA(b), m);
    }
    Py_UCS4 sa[OSA_STACK], sb[OSA_STACK];
    int oa, ob;
    Py_UCS4 *ua = ucs4(a, sa, &oa);
    if (ua == NULL)
        return -1;
    Py_UCS4 *ub = ucs4(b, sb, &ob);
    if (ub == NULL) {
        if (oa)
            PyMem_Free(ua);
        return -1;
    }
    Py_ssize_t d = osa_ucs4(ua, PyUnicode_GET_LENGTH(a), ub, PyUnicode_GET_LENGTH(b));
    if (oa)
        PyMem_Free(ua);
    if (ob)
        PyMem_Free(ub);
    return d;
}

/* A lower bound on the OSA distance of two strings of one-byte characters: the bag distance
 * (letters of one that the other lacks, counted with repetition; an edit changes it by at
 * most one, a transposition not at all). -1 when either string has wider characters. */
static Py_ssize_t bag_distance(PyObject *a, PyObject *b)
{
    if (PyUnicode_KIND(a) != PyUnicode_1BYTE_KIND || PyUnicode_KIND(b) != PyUnicode_1BYTE_KIND)
        return -1;
    const Py_UCS1 *da = PyUnicode_1BYTE_DATA(a), *db = PyUnicode_1BYTE_DATA(b);
    Py_ssize_t n = PyUnicode_GET_LENGTH(a), m = PyUnicode_GET_LENGTH(b);
    int cnt[256];
    for (Py_ssize_t i = 0; i < n; i++)
        cnt[da[i]] = 0;
    for (Py_ssize_t j = 0; j < m; j++)
        cnt[db[j]] = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        cnt[da[i]]++;
    for (Py_ssize_t j = 0; j < m; j++)
        cnt[db[j]]--;
    Py_ssize_t extra_a = 0, extra_b = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (cnt[da[i]] > 0) {
            extra_a += cnt[da[i]];
            cnt[da[i]] = 0;
        }
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        if (cnt[db[j]] < 0) {
            extra_b -= cnt[db[j]];
            cnt[db[j]] = 0;
        }
    }
    return extra_a > extra_b ? extra_a : extra_b;
}

/* rapidfuzz OSA.normalized_similarity: 1 - distance / longer length */
static double osa_sim(PyObject *a, PyObject *b, int *err)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(a), m = PyUnicode_GET_LENGTH(b);
    Py_ssize_t mx = n > m ? n : m;
    Py_ssize_t d = osa(a, b);
    if (d < 0) {
        *err = 1;
        return 0.0;
    }
    double nd = mx ? (double)d / (double)mx : 0.0;
    return 1.0 - nd;
}

/* score.token_sim; returns -1.0 when the pair must go to the Python function (kana keys),
 * -2.0 on error */
static double token_sim(PyObject *qt, PyObject *qf, PyObject *ct, PyObject *cf, PyObject *qr,
                        PyObject *cr, int person)
{
    if (ustr_eq(qt, ct))
        return 1.0;
    if (ustr_eq(qf, cf))
        return FOLD_SIM;
    if ((PyUnicode_GET_LENGTH(qf) && uch(qf, 0) == KANA_MARK)
        || (PyUnicode_GET_LENGTH(cf) && uch(cf, 0) == KANA_MARK))
        return -1.0;
    Py_ssize_t lq = PyUnicode_GET_LENGTH(qt), lc = PyUnicode_GET_LENGTH(ct);
    if (lq == 1 || lc == 1) {
        if (lq == lc || !person)
            return 0.0;
        if (lq == 1) {
            Py_UCS4 c = uch(qt, 0);
            return (c == uch(ct, 0) || c == uch(cr, 0)) ? INITIAL_SIM : 0.0;
        }
        Py_UCS4 c = uch(ct, 0);
        return (c == uch(qt, 0) || c == uch(qr, 0)) ? INITIAL_SIM : 0.0;
    }
    int raw = !ustr_eq(qr, qt) || !ustr_eq(cr, ct);
    if (lq <= SHORT_WORD && lc <= SHORT_WORD
        && (!raw || (PyUnicode_GET_LENGTH(qr) <= SHORT_WORD
                     && PyUnicode_GET_LENGTH(cr) <= SHORT_WORD)))
        return 0.0;
    double s;
    int err = 0;
    if (lq * 10 < lc * 6 || lc * 10 < lq * 6) {
        if (!raw)
            return 0.0;
        s = 0.0;
    }
    else {
        Py_ssize_t mx = lq > lc ? lq : lc;
        if (!raw && mx > 64) {
            /* Neither spelling can reach the threshold when the letters alone differ too much
             * (a shortcut only: the result is 0 either way; for words of up to 64 letters the
             * bit-parallel distance costs less than the bound). A distance above k leaves a
             * similarity below the threshold (with a margin of one edit for rounding). */
            double least = (mx <= 5 ? SHORT_PAIR_SIM : MIN_PAIR_SIM) - 1e-9;
            Py_ssize_t lf = PyUnicode_GET_LENGTH(qf), lcf = PyUnicode_GET_LENGTH(cf);
            Py_ssize_t mxf = lf > lcf ? lf : lcf;
            Py_ssize_t kt = (Py_ssize_t)((1.0 - least) * (double)mx) + 1;
            Py_ssize_t kf = (Py_ssize_t)((1.0 - least / FOLD_SIM) * (double)mxf) + 1;
            Py_ssize_t bt = bag_distance(qt, ct), bf = bag_distance(qf, cf);
            if (bt > kt && bf > kf)
                return 0.0;
        }
        Py_ssize_t d = osa(qt, ct);
        if (d < 0)
            return -2.0;
        s = 1.0 - (double)d / (double)mx;
        if (d == 1 && s < ONE_EDIT_SIM && mx >= 7)
            s = ONE_EDIT_SIM;
        double x = FOLD_SIM * osa_sim(qf, cf, &err);
        if (x > s)
            s = x;
    }
    if (raw) {
        double x = osa_sim(qr, cr, &err);
        if (x > s)
            s = x;
    }
    if (err)
        return -2.0;
    if ((lq > lc ? lq : lc) <= 5)
        return s >= SHORT_PAIR_SIM - 1e-9 ? s : 0.0;
    return s >= MIN_PAIR_SIM - 1e-9 ? s : 0.0;
}

/* ---- the query object ---------------------------------------------------------------------- */

static PyObject *pair3(Py_ssize_t i, Py_ssize_t j, double s)
{
    PyObject *t = PyTuple_New(3), *a = PyLong_FromSsize_t(i), *b = PyLong_FromSsize_t(j),
             *c = PyFloat_FromDouble(s);
    if (t == NULL || a == NULL || b == NULL || c == NULL) {
        Py_XDECREF(t);
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(c);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, a);
    PyTuple_SET_ITEM(t, 1, b);
    PyTuple_SET_ITEM(t, 2, c);
    return t;
}

struct RowItem {
    double s;
    Py_ssize_t i;
};

typedef struct {
    PyObject_HEAD
    Py_ssize_t n;           /* query parts */
    PyObject *toks, *folds, *raws;  /* tuples of str */
    PyObject *joined;       /* folded key of all parts as one word */
    double *w, *u;          /* weights, unmatched weights */
    char *len1;             /* part is an initial */
    double u_sum;
    int person;
    int filtered;           /* a long query: only the parts that may be similar are compared */
    /* what score.cap reads of the query: the one distinctive part (-1: none or several), the
     * legal form's id (-1: none, -2: one no list name has), all parts short, all in katakana */
    Py_ssize_t dk;
    int form;
    int all_short, all_kana;
    PyObject *part_tok, *part_fold, *part_raw;  /* the index's part lists */
    PyObject *token_sim_fn; /* the Python token_sim (kana keys) */
    /* rows of part similarities computed for `Tables.best` (see _core_best.c): list part id
     * -> where its (similarity, query part) items start in `ri` and how many */
    int32_t *rc_key;        /* open addressing, -1 empty */
    Py_ssize_t *rc_start, *rc_count;
    Py_ssize_t rc_cap, rc_used;
    struct RowItem *ri;
    Py_ssize_t ri_len, ri_cap;
} QueryObject;

static void Query_dealloc(QueryObject *self)
{
    Py_XDECREF(self->toks);
    Py_XDECREF(self->folds);
    Py_XDECREF(self->raws);
    Py_XDECREF(self->joined);
    Py_XDECREF(self->part_tok);
    Py_XDECREF(self->part_fold);
    Py_XDECREF(self->part_raw);
    Py_XDECREF(self->token_sim_fn);
    PyMem_Free(self->w);
    PyMem_Free(self->u);
    PyMem_Free(self->len1);
    PyMem_Free(self->rc_key);
    PyMem_Free(self->rc_start);
    PyMem_Free(self->rc_count);
    PyMem_Free(self->ri);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int check_strs(PyObject *t, Py_ssize_t n, const char *what)
{
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != n) {
        PyErr_Format(PyExc_TypeError, "%s: expected a tuple of %zd str", what, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyTuple_GET_ITEM(t, i);
        if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) == 0) {
            PyErr_Format(PyExc_TypeError, "%s: expected non-empty str", what);
            return -1;
        }
    }
    return 0;
}

/* a length from 0.6x to 1/0.6x of `length` (beyond, no edit similarity reaches MIN_PAIR_SIM) */
static inline int near_length(Py_ssize_t n, Py_ssize_t length)
{
    return n >= (length * 6 + 9) / 10 && n <= length * 10 / 6;
}

/* index._Query's look-up of the query parts a list part may be similar to, for a long query:
 * same spelling or fold, an initial of the other's word, or a near length */
static int may_match(QueryObject *self, Py_ssize_t i, PyObject *ct, PyObject *cf, PyObject *cr)
{
    PyObject *qt = PyTuple_GET_ITEM(self->toks, i), *qr = PyTuple_GET_ITEM(self->raws, i);
    if (ustr_eq(qt, ct) || ustr_eq(PyTuple_GET_ITEM(self->folds, i), cf))
        return 1;
    Py_ssize_t lq = PyUnicode_GET_LENGTH(qt), lr = PyUnicode_GET_LENGTH(qr);
    Py_ssize_t lc = PyUnicode_GET_LENGTH(ct), lcr = PyUnicode_GET_LENGTH(cr);
    if (lc == 1) {
        Py_UCS4 c = uch(ct, 0);
        if ((lq > 1 && uch(qt, 0) == c) || uch(qr, 0) == c)
            return 1;
    }
    else if (lq == 1 && (uch(qt, 0) == uch(ct, 0) || uch(qt, 0) == uch(cr, 0)))
        return 1;
    return near_length(lq, lc) || near_length(lr, lc) || near_length(lq, lcr)
           || near_length(lr, lcr);
}

/* token_sim of query part i and a list part (the Python function for kana keys); -1.0 with
 * an exception set on error */
static double pair_sim(QueryObject *self, Py_ssize_t i, PyObject *ct, PyObject *cf, PyObject *cr)
{
    PyObject *qt = PyTuple_GET_ITEM(self->toks, i), *qf = PyTuple_GET_ITEM(self->folds, i),
             *qr = PyTuple_GET_ITEM(self->raws, i);
    double s = token_sim(qt, qf, ct, cf, qr, cr, self->person);
    if (s == -2.0) {
        PyErr_NoMemory();
        return -1.0;
    }
    if (s == -1.0) {
        PyObject *r = PyObject_CallFunction(self->token_sim_fn, "OOOOOOO", qt, qf, ct, cf,
                                            qr, cr, self->person ? Py_True : Py_False);
        if (r == NULL)
            return -1.0;
        s = PyFloat_AsDouble(r);
        Py_DECREF(r);
        if (s == -1.0 && PyErr_Occurred())
            return -1.0;
        if (s == -1.0) {
            PyErr_SetString(PyExc_ValueError, "token_sim: a similarity out of range");
            return -1.0;
        }
    }
    return s;
}

typedef struct {
    double s;
    Py_ssize_t negd, i, j;
} Cand;

static int cand_cmp(const void *pa, const void *pb)
{
    /* descending on (s, -distance, i, j), as Python's sort(reverse=True) of those tuples */
    const Cand *a = pa, *b = pb;
    if (a->s != b->s)
        return a->s > b->s ? -1 : 1;
    if (a->negd != b->negd)
        return a->negd > b->negd ? -1 : 1;
    if (a->i != b->i)
        return a->i > b->i ? -1 : 1;
    if (a->j != b->j)
        return a->j > b->j ? -1 : 1;
    return 0;
}

static PyMethodDef Query_methods[] = {
    {NULL}
};

static PyTypeObject QueryType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "screening.names._core.Query",
    .tp_basicsize = sizeof(QueryObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = (destructor)Query_dealloc,
    .tp_methods = Query_methods,
    .tp_doc = "One normalised query against the parts of an index (made by Tables.best).",
};

/* ---- module functions -------------------------------------------------------------------- */

static PyObject *core_configure(PyObject *mod, PyObject *args)
{
    Py_ssize_t short_word, syllable;
    PyObject *mark;
    if (!PyArg_ParseTuple(args, "ddddddddnnU", &MIN_PAIR_SIM, &SHORT_PAIR_SIM, &INITIAL_SIM,
                          &FOLD_SIM, &ONE_EDIT_SIM, &MISSING_MIDDLE, &JOINED_FACTOR,
                          &JOINED_MIN, &short_word, &syllable, &mark))
        return NULL;
    if (PyUnicode_GET_LENGTH(mark) != 1) {
        PyErr_SetString(PyExc_ValueError, "kana mark: one character");
        return NULL;
    }
    SHORT_WORD = short_word;
    SYLLABLE = syllable;
    KANA_MARK = PyUnicode_READ_CHAR(mark, 0);
    configured = 1;
    Py_RETURN_NONE;
}

static PyObject *core_token_sim(PyObject *mod, PyObject *args)
{
    PyObject *qt, *qf, *ct, *cf, *qr, *cr;
    int person;
    if (!PyArg_ParseTuple(args, "UUUUUUp", &qt, &qf, &ct, &cf, &qr, &cr, &person))
        return NULL;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_core.configure() was not called");
        return NULL;
    }
    if (!PyUnicode_GET_LENGTH(qt) || !PyUnicode_GET_LENGTH(ct) || !PyUnicode_GET_LENGTH(qr)
        || !PyUnicode_GET_LENGTH(cr)) {
        PyErr_SetString(PyExc_ValueError, "empty name part");
        return NULL;
    }
    double s = token_sim(qt, qf, ct, cf, qr, cr, person);
    if (s == -2.0)
        return PyErr_NoMemory();
    if (s == -1.0)
        Py_RETURN_NONE;  /* kana keys: the caller's */
    return PyFloat_FromDouble(s);
}

static PyObject *core_osa(PyObject *mod, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "UU", &a, &b))
        return NULL;
    Py_ssize_t d = osa(a, b);
    if (d < 0)
        return PyErr_NoMemory();
    return PyLong_FromSsize_t(d);
}

/* add the word id(s) `v` (an int or a tuple of ints) to the set `out` */
static int add_ids(PyObject *out, PyObject *v)
{
    if (PyTuple_Check(v)) {
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(v); k++)
            if (PySet_Add(out, PyTuple_GET_ITEM(v, k)) < 0)
                return -1;
        return 0;
    }
    return PySet_Add(out, v);
}

/* `word` without its character i (a canonical str) */
static PyObject *deletion(PyObject *word, Py_ssize_t i)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (PyUnicode_IS_ASCII(word)) {
        PyObject *d = PyUnicode_New(n - 1, 127);
        if (d == NULL)
            return NULL;
        const Py_UCS1 *src = PyUnicode_1BYTE_DATA(word);
        Py_UCS1 *dst = PyUnicode_1BYTE_DATA(d);
        memcpy(dst, src, (size_t)i);
        memcpy(dst + i, src + i + 1, (size_t)(n - i - 1));
        return d;
    }
    PyObject *head = PyUnicode_Substring(word, 0, i), *tail = NULL, *d = NULL;
    if (head != NULL && (tail = PyUnicode_Substring(word, i + 1, n)) != NULL)
        d = PyUnicode_Concat(head, tail);
    Py_XDECREF(head);
    Py_XDECREF(tail);
    return d;
}

/* neighbours(word, vocab, deletes, longest) -> set: NameIndex._neighbours, the same set built
 * in the same order (the deletions are gathered in a set first, as there, and looked up in
 * its order) */
static PyObject *neighbours_set(PyObject *word, PyObject *vocab, PyObject *deletes,
                                Py_ssize_t longest)
{
    PyObject *out = PySet_New(NULL);
    if (out == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n > longest + 1)
        return out;
    PyObject *dels = NULL, *it = NULL, *d = NULL;
    PyObject *v = PyDict_GetItemWithError(deletes, word);
    if (v == NULL && PyErr_Occurred())
        goto fail;
    if (v != NULL && add_ids(out, v) < 0)
        goto fail;
    dels = PySet_New(NULL);
    if (dels == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        d = deletion(word, i);
        if (d == NULL || PySet_Add(dels, d) < 0)
            goto fail;
        Py_CLEAR(d);
    }
    it = PyObject_GetIter(dels);
    if (it == NULL)
        goto fail;
    while ((d = PyIter_Next(it)) != NULL) {
        PyObject *wi = PyDict_GetItemWithError(vocab, d);
        if (wi == NULL && PyErr_Occurred())
            goto fail;
        if (wi != NULL && PySet_Add(out, wi) < 0)
            goto fail;
        v = PyDict_GetItemWithError(deletes, d);
        if (v == NULL && PyErr_Occurred())
            goto fail;
        if (v != NULL && add_ids(out, v) < 0)
            goto fail;
        Py_CLEAR(d);
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(it);
    Py_DECREF(dels);
    return out;
fail:
    Py_XDECREF(d);
    Py_XDECREF(it);
    Py_XDECREF(dels);
    Py_DECREF(out);
    return NULL;
}

static PyObject *core_neighbours(PyObject *mod, PyObject *args)
{
    PyObject *word, *vocab, *deletes;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "UO!O!n", &word, &PyDict_Type, &vocab, &PyDict_Type, &deletes,
                          &longest))
        return NULL;
    return neighbours_set(word, vocab, deletes, longest);
}

/* sum(xs) of floats as Python's builtin computes it (left to right before 3.12; after, with
 * its compensation: then the builtin itself); -1.0 with an exception on error */
static double py_sum(const double *x, Py_ssize_t n)
{
#if PY_VERSION_HEX < 0x030C0000
    double s = 0.0;
    for (Py_ssize_t i = 0; i < n; i++)
        s += x[i];
    return s;
#else
    static PyObject *sum_fn = NULL;
    if (sum_fn == NULL) {
        PyObject *b = PyEval_GetBuiltins();  /* borrowed */
        sum_fn = b ? PyDict_GetItemString(b, "sum") : NULL;
        if (sum_fn == NULL) {
            PyErr_SetString(PyExc_RuntimeError, "no builtin sum");
            return -1.0;
        }
        Py_INCREF(sum_fn);
    }
    PyObject *t = PyTuple_New(n);
    if (t == NULL)
        return -1.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *f = PyFloat_FromDouble(x[i]);
        if (f == NULL) {
            Py_DECREF(t);
            return -1.0;
        }
        PyTuple_SET_ITEM(t, i, f);
    }
    PyObject *r = PyObject_CallOneArg(sum_fn, t);
    Py_DECREF(t);
    if (r == NULL)
        return -1.0;
    double v = PyFloat_AsDouble(r);
    Py_DECREF(r);
    return v;
#endif
}

#include "_core_tables.c"
#include "_core_rank.c"
#include "_core_wordtab.c"
#include "_core_candidates.c"
#include "_core_query.c"
#include "_core_best.c"
#include "_core_normalize.c"

static PyMethodDef core_methods[] = {
    {"neighbours", core_neighbours, METH_VARARGS,
     "neighbours(word, vocab, deletes, longest) -> set: NameIndex._neighbours"},
    {"configure", core_configure, METH_VARARGS,
     "configure(min_pair, short_pair, initial, fold, one_edit, missing_middle, joined_factor, "
     "joined_min, short_word, syllable, kana_mark): the scoring constants (from score.py)"},
    {"token_sim", core_token_sim, METH_VARARGS,
     "token_sim(qt, qf, ct, cf, qr, cr, person): score.token_sim, or None for kana keys"},
    {"osa", core_osa, METH_VARARGS, "osa(a, b): optimal string alignment distance"},
    {"round", core_round, METH_VARARGS, "round(x, digits): Python's round, as the core rounds"},
    {"token_sim_bound", core_token_sim_bound, METH_VARARGS,
     "token_sim_bound(qt, qf, ct, cf, qr, cr, person): an upper bound of token_sim (Tables.best)"},
    {"configure_caps", core_configure_caps, METH_VARARGS,
     "configure_caps(single_word_cap, short_word_cap, kana_short_cap, kana_sim, long_word, "
     "short_part, patronymic_endings, is_patronymic, dropped_article): the constants of "
     "score.cap and score.unmatched_weights (endings: a tuple of str, or None to call "
     "is_patronymic)"},
    NORMALIZE_METHODS
    {"table_neighbours", core_table_neighbours, METH_VARARGS,
     "table_neighbours(tables, word) -> [word id]: the compiled one-edit neighbours of an ASCII "
     "word, in the order of neighbours()"},
    {NULL}
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT, "_core",
    "Compiled core of name scoring (see screening/names/fastcore.py).", -1, core_methods,
};

PyMODINIT_FUNC PyInit__core(void)
{
    if (PyType_Ready(&QueryType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&core_module);
    if (m == NULL)
        return NULL;
    if (PyType_Ready(&TablesType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&TablesType);
    if (PyModule_AddObject(m, "Tables", (PyObject *)&TablesType) < 0) {
        Py_DECREF(&TablesType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
